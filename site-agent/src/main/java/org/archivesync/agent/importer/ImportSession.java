package org.archivesync.agent.importer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.archivesync.agent.importer.RowValidator.Located;
import org.archivesync.agent.importer.RowValidator.Outcome;

/**
 * One import in progress: receives the rows as they stream, holds the top rows until the header
 * is found, validates every data row and keeps what the report needs. Only the valid files, the
 * problems and one entry per file code stay in memory, never the sheet.
 */
final class ImportSession implements RowSink {

    private final String fileName;
    private final ImportLimits limits;
    private final ImportOptions options;
    private final HeaderAliases aliases;
    private final Predicate<String> boxExists;
    private final ImportProgress progress;

    private final List<RawRow> topRows = new ArrayList<>();
    private HeaderLayout layout;
    private RowValidator validator;

    private long rowsSeen;
    private long rowsRead;
    private long rowsBlank;
    private long secretRows;
    private long formulaCells;
    private long validSoFar;
    private final List<ImportedFile> files = new ArrayList<>();
    private final List<Located> problems = new ArrayList<>();
    private final Map<String, Long> firstRowOfCode = new HashMap<>();
    private final Map<String, List<Long>> duplicateRows = new LinkedHashMap<>();
    private final Map<String, String> duplicateCodes = new HashMap<>();

    ImportSession(String fileName, ImportLimits limits, ImportOptions options, HeaderAliases aliases,
                  Predicate<String> boxExists, ImportProgress progress) {
        this.fileName = fileName;
        this.limits = limits;
        this.options = options;
        this.aliases = aliases;
        this.boxExists = boxExists;
        this.progress = progress;
    }

    @Override
    public void row(RawRow row) {
        if (++rowsSeen > limits.maxRows()) {
            throw new TooManyRowsException(fileName, limits.maxRows());
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
        validator = new RowValidator(layout, options.fondsCode(), boxExists);
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
        if (row.number() == layout.lastHeaderRow() + 1 && HeaderDetector.isColumnNumbering(row)) {
            rowsBlank++;
            return;
        }
        Outcome outcome = validator.validate(row);
        if (outcome.blank()) {
            rowsBlank++;
        } else {
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
        if (rowsRead % options.progressEvery() == 0) {
            progress.rowsProcessed(rowsRead, validSoFar);
        }
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
     * Ends the import: rejects every row of a duplicated file code (which of them is right is for
     * the clerk to say), orders the problems and writes the report.
     *
     * @throws FormulaCellsRefusedException when formula cells were found and not to be skipped
     */
    ImportResult finish(String format, String encoding, String sheet) {
        if (layout == null) {
            findHeader();
        }
        Set<Long> duplicated = new HashSet<>();
        duplicateRows.forEach((key, rows) -> {
            for (long row : rows) {
                duplicated.add(row);
                FileField code = FileField.FILE_CODE;
                problems.add(new Located(new ImportProblem(row, layout.cellRef(code, row), layout.header(code),
                        duplicateCodes.get(key), ProblemReason.DUPLICATE_FILE_CODE), layout.column(code)));
            }
        });
        if (!duplicated.isEmpty()) {
            files.removeIf(file -> duplicated.contains(file.row()));
        }
        problems.sort(Comparator.comparingLong((Located located) -> located.problem().row())
                .thenComparingInt(Located::column));
        List<ImportProblem> ordered = problems.stream().map(Located::problem).toList();
        long rowsInvalid = ordered.stream().mapToLong(ImportProblem::row).distinct().count();
        ImportReport report = new ImportReport(fileName, format, encoding, sheet, layout.headerRow(), layout.columns(),
                layout.unknownColumns(), rowsRead, files.size(), rowsInvalid, rowsBlank, secretRows,
                validator.convertedCells(), ordered);
        progress.rowsProcessed(rowsRead, files.size());
        if (formulaCells > 0 && !options.skipFormulaRows()) {
            throw new FormulaCellsRefusedException(report, formulaCells);
        }
        return new ImportResult(files, report);
    }
}
