package org.archivesync.agent.importer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import org.apache.poi.ss.util.CellReference;
import org.archivesync.agent.importer.RowValidator.Located;
import org.archivesync.agent.importer.RowValidator.Outcome;
import org.archivesync.avro.RetentionKind;

/**
 * One import in progress: receives the rows as they stream, holds the top rows until the header
 * is found, tells the sheet's furniture from file rows, validates every file row and keeps what
 * the report needs. Only the valid files, the problems and one entry per identifier stay in
 * memory, never the sheet.
 *
 * <p>Furniture is skipped and counted, never a problem: blank rows, rows repeating the header
 * (after each printed page), column-number rows, classification headings (which become the
 * series of the rows below until the next heading) and the closing line with whatever follows it
 * that names no file. A closing line stating a number of files other than the file rows read is
 * ONE problem naming both numbers.
 */
final class ImportSession implements RowSink {

    private final String fileName;
    private final ImportLimits limits;
    private final ImportOptions options;
    private final HeaderAliases aliases;
    private final BiPredicate<String, String> boxExists;
    private final ImportProgress progress;

    private final List<RawRow> topRows = new ArrayList<>();
    private HeaderLayout layout;
    private RowValidator validator;
    private TitleBlock titleBlock = TitleBlock.NONE;
    private final List<ImportWarning> warnings = new ArrayList<>();

    private long rowsSeen;
    private long rowsRead;
    private long fileRows;
    private long rowsBlank;
    private long repeatedHeaders;
    private long columnNumbers;
    private long headings;
    private long closingLines;
    private SheetFurniture.Closing lastClosing;
    private long lastClosingRow;
    private String series;
    private long secretRows;
    private long formulaCells;
    private long validSoFar;
    private final List<ImportedFile> files = new ArrayList<>();
    private final List<Located> problems = new ArrayList<>();
    private final Map<String, Long> firstRowOfCode = new HashMap<>();
    private final Map<String, List<Long>> duplicateRows = new LinkedHashMap<>();
    private final Map<String, String> duplicateCodes = new HashMap<>();

    /**
     * @param boxExists whether (fonds, box) is registered; null skips the check (and so does
     *                  {@link ImportOptions#createBoxes()})
     */
    ImportSession(String fileName, ImportLimits limits, ImportOptions options, HeaderAliases aliases,
                  BiPredicate<String, String> boxExists, ImportProgress progress) {
        this.fileName = fileName;
        this.limits = limits;
        this.options = options;
        this.aliases = aliases;
        this.boxExists = options.createBoxes() ? null : boxExists;
        this.progress = progress;
    }

    @Override
    public void row(RawRow row) {
        if (++rowsSeen > limits.maxRows()) {
            throw ImportRefusedException.tooManyRows(fileName, limits.maxRows());
        }
        if (layout == null) {
            // One row more than the scan, in case the header found on the last scanned row has a second row.
            if (row.number() <= limits.headerScanRows() + 1L) {
                topRows.add(row);
                return;
            }
            findHeader();
        }
        data(row);
    }

    private void findHeader() {
        layout = HeaderDetector.detect(topRows, aliases, limits.headerScanRows(), fileName);
        titleBlock = SheetFurniture.titleBlock(
                topRows.stream().filter(row -> row.number() < layout.headerRow()).toList());
        String chosenFonds = options.fondsCode() == null ? null : options.fondsCode().strip();
        if (titleBlock.fondsNumber() != null && chosenFonds != null && !chosenFonds.isEmpty()
                && !TextKey.of(titleBlock.fondsNumber()).equals(TextKey.of(chosenFonds))) {
            warnings.add(new ImportWarning(ImportWarning.Reason.FONDS_NUMBER_DIFFERS,
                    List.of(titleBlock.fondsNumber(), chosenFonds)));
        }
        String listNumber = options.listNumber() != null ? options.listNumber() : titleBlock.listNumber();
        validator = new RowValidator(layout, options.fondsCode(), listNumber, boxExists);
        List<RawRow> buffered = List.copyOf(topRows);
        topRows.clear();
        for (RawRow row : buffered) {
            if (row.number() > layout.lastHeaderRow()) {
                data(row);
            }
        }
    }

    private void data(RawRow row) {
        rowsRead++;
        if (!skipped(row)) {
            Outcome outcome = validator.validate(row, series);
            if (outcome.blank()) {
                rowsBlank++;
            } else {
                fileRows++;
                if (outcome.secret()) {
                    secretRows++;
                }
                formulaCells += outcome.formulaCells();
                if (outcome.file() != null) {
                    files.add(outcome.file());
                    validSoFar++;
                }
                problems.addAll(outcome.problems());
                if (outcome.fileCode() != null) {
                    track(outcome, row.number());
                }
            }
        }
        if (rowsRead % options.progressEvery() == 0) {
            progress.rowsProcessed(rowsRead, validSoFar);
        }
    }

    /** Counts the row when it is furniture. */
    private boolean skipped(RawRow row) {
        if (HeaderDetector.isColumnNumbering(row)) {
            columnNumbers++;
            return true;
        }
        if (layout.repeatsHeader(row)) {
            repeatedHeaders++;
            return true;
        }
        SheetFurniture.Closing closing = SheetFurniture.closing(row, layout);
        if (closing != null) {
            closingLines++;
            if (closing.statedCount() != null) {
                lastClosing = closing;
                lastClosingRow = row.number();
            }
            return true;
        }
        if (closingLines > 0 && !row.isBlank() && !namesAFile(row)) {
            // Below the closing line: place and date, signatures.
            closingLines++;
            return true;
        }
        String heading = SheetFurniture.heading(row, layout);
        if (heading != null) {
            headings++;
            series = heading;
            return true;
        }
        return false;
    }

    private boolean namesAFile(RawRow row) {
        for (FileField field : List.of(FileField.FILE_CODE, FileField.REFERENCE, FileField.FILE_NUMBER)) {
            int column = layout.column(field);
            RawCell cell = column < 0 ? null : row.cell(column);
            if (cell != null && !cell.isBlank()) {
                return true;
            }
        }
        return false;
    }

    private void track(Outcome outcome, long row) {
        // A file is (fonds, code): the same code under two fonds is two files.
        String key = (outcome.fondsCode() == null ? "" : outcome.fondsCode()) + '\u0000' + outcome.fileCode();
        Long first = firstRowOfCode.putIfAbsent(key, row);
        if (first != null) {
            duplicateRows.computeIfAbsent(key, k -> new ArrayList<>(List.of(first))).add(row);
            duplicateCodes.put(key, outcome.fileCode());
        }
    }

    /**
     * Ends the import: rejects every row of a duplicated identifier, each problem naming the other
     * rows (which of them is right is for the clerk to say), compares the closing line's count,
     * orders the problems and writes the report.
     *
     * @throws ImportRefusedException when formula cells were found and not to be skipped
     */
    ImportResult finish(String format, String encoding, String sheet) {
        if (layout == null) {
            findHeader();
        }
        Set<Long> duplicated = new HashSet<>();
        FileField identifier = validator.identifierField();
        duplicateRows.forEach((key, rows) -> {
            for (long row : rows) {
                duplicated.add(row);
                String others = rows.stream().filter(other -> other != row).map(String::valueOf)
                        .collect(Collectors.joining(", "));
                problems.add(new Located(new ImportProblem(row, layout.cellRef(identifier, row),
                        layout.header(identifier), duplicateCodes.get(key), ProblemReason.DUPLICATE_FILE_CODE,
                        List.of(others)), layout.column(identifier)));
            }
        });
        if (!duplicated.isEmpty()) {
            files.removeIf(file -> duplicated.contains(file.row()));
        }
        long rowsInvalid = problems.stream().mapToLong(located -> located.problem().row()).distinct().count();
        Long stated = lastClosing == null ? null : lastClosing.statedCount();
        if (stated != null && stated != fileRows) {
            String ref = CellReference.convertNumToColString(lastClosing.column()) + lastClosingRow;
            problems.add(new Located(new ImportProblem(lastClosingRow, ref, null, lastClosing.text(),
                    ProblemReason.STATED_COUNT_MISMATCH, List.of(Long.toString(stated), Long.toString(fileRows))),
                    lastClosing.column()));
        }
        problems.sort(Comparator.comparingLong((Located located) -> located.problem().row())
                .thenComparingInt(Located::column));
        List<ImportProblem> ordered = problems.stream().map(Located::problem).toList();
        long legacyRetention = files.stream().filter(file -> file.retention() == RetentionKind.LEGACY_LONG_TERM
                || file.retention() == RetentionKind.LEGACY_TEMPORARY).count();
        ImportReport report = new ImportReport(fileName, format, encoding, sheet, layout.headerRow(), titleBlock,
                layout.columns(), layout.unknownColumns(), rowsRead, files.size(), rowsInvalid,
                new ImportReport.Skipped(rowsBlank, repeatedHeaders, columnNumbers, headings, closingLines), stated,
                legacyRetention, secretRows, validator.convertedCells(), warnings, ordered);
        progress.rowsProcessed(rowsRead, files.size());
        if (formulaCells > 0 && !options.skipFormulaRows()) {
            throw ImportRefusedException.formulaCells(report, formulaCells);
        }
        return new ImportResult(files, report);
    }
}
