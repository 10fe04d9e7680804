package org.archivesync.agent.importer;

import java.math.BigDecimal;
import java.nio.file.Path;

/**
 * What the clerk asked for on one import.
 *
 * @param sheetName       the sheet to read; null for the first sheet
 * @param fondsCode       the fonds of every row ({@code --fonds}); null when the sheet has a fonds column
 * @param mappingFile     a {@code .properties} or {@code .json} file mapping header text to fields, read
 *                        before the built-in headers; null for none
 * @param skipFormulaRows false (the default) refuses the whole import when a cell that would be imported
 *                        holds a formula; true reports those rows as invalid and imports the rest
 * @param progressEvery   call the progress listener every this many data rows
 * @param listNumber      the mục lục number of rows without a "Mục lục số" cell ({@code --list-number}); null to
 *                        take the title block's, if any
 * @param createBoxes     true: the boxes the sheet names that are not registered yet are packed in the row's fonds
 *                        with the files ({@code --create-boxes}), instead of being problems
 * @param boxMetres       the shelf metres of each box created; null for the recorder's setting (0.10 m)
 */
public record ImportOptions(String sheetName, String fondsCode, Path mappingFile, boolean skipFormulaRows,
                            int progressEvery, String listNumber, boolean createBoxes, BigDecimal boxMetres) {

    public ImportOptions {
        if (progressEvery < 1) {
            throw new IllegalArgumentException("progressEvery must be at least 1");
        }
        listNumber = listNumber == null || listNumber.isBlank() ? null : listNumber.strip();
        if (!allowedBoxMetres(boxMetres)) {
            throw new IllegalArgumentException("boxMetres must be positive");
        }
    }

    /**
     * True when {@code metres} may be the shelf metres of a created box: null (the setting) or positive. The CLI and
     * the REST import check it first, to refuse with the message {@code import.box-metres-positive}.
     */
    public static boolean allowedBoxMetres(BigDecimal metres) {
        return metres == null || metres.signum() > 0;
    }

    public ImportOptions(String sheetName, String fondsCode, Path mappingFile, boolean skipFormulaRows,
                         int progressEvery) {
        this(sheetName, fondsCode, mappingFile, skipFormulaRows, progressEvery, null, false, null);
    }

    public static ImportOptions defaults() {
        return new ImportOptions(null, null, null, false, 1_000);
    }

    public ImportOptions withSheet(String sheet) {
        return new ImportOptions(sheet, fondsCode, mappingFile, skipFormulaRows, progressEvery, listNumber,
                createBoxes, boxMetres);
    }

    public ImportOptions withFonds(String fonds) {
        return new ImportOptions(sheetName, fonds, mappingFile, skipFormulaRows, progressEvery, listNumber,
                createBoxes, boxMetres);
    }

    public ImportOptions withMappingFile(Path mapping) {
        return new ImportOptions(sheetName, fondsCode, mapping, skipFormulaRows, progressEvery, listNumber,
                createBoxes, boxMetres);
    }

    public ImportOptions withSkipFormulaRows(boolean skip) {
        return new ImportOptions(sheetName, fondsCode, mappingFile, skip, progressEvery, listNumber, createBoxes,
                boxMetres);
    }

    public ImportOptions withProgressEvery(int rows) {
        return new ImportOptions(sheetName, fondsCode, mappingFile, skipFormulaRows, rows, listNumber, createBoxes,
                boxMetres);
    }

    public ImportOptions withListNumber(String list) {
        return new ImportOptions(sheetName, fondsCode, mappingFile, skipFormulaRows, progressEvery, list, createBoxes,
                boxMetres);
    }

    /** @param metres the metres of each box created; null for the setting */
    public ImportOptions withCreateBoxes(boolean create, BigDecimal metres) {
        return new ImportOptions(sheetName, fondsCode, mappingFile, skipFormulaRows, progressEvery, listNumber, create,
                metres);
    }
}
