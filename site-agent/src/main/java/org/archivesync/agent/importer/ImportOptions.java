package org.archivesync.agent.importer;

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
 */
public record ImportOptions(String sheetName, String fondsCode, Path mappingFile, boolean skipFormulaRows,
                            int progressEvery) {

    public ImportOptions {
        if (progressEvery < 1) {
            throw new IllegalArgumentException("progressEvery must be at least 1");
        }
    }

    public static ImportOptions defaults() {
        return new ImportOptions(null, null, null, false, 1_000);
    }

    public ImportOptions withSheet(String sheet) {
        return new ImportOptions(sheet, fondsCode, mappingFile, skipFormulaRows, progressEvery);
    }

    public ImportOptions withFonds(String fonds) {
        return new ImportOptions(sheetName, fonds, mappingFile, skipFormulaRows, progressEvery);
    }

    public ImportOptions withMappingFile(Path mapping) {
        return new ImportOptions(sheetName, fondsCode, mapping, skipFormulaRows, progressEvery);
    }

    public ImportOptions withSkipFormulaRows(boolean skip) {
        return new ImportOptions(sheetName, fondsCode, mappingFile, skip, progressEvery);
    }

    public ImportOptions withProgressEvery(int rows) {
        return new ImportOptions(sheetName, fondsCode, mappingFile, skipFormulaRows, rows);
    }
}
