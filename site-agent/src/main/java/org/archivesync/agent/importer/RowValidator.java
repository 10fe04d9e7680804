package org.archivesync.agent.importer;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

import org.archivesync.agent.importer.CellValues.Access;
import org.archivesync.agent.importer.CellValues.Count;
import org.archivesync.agent.importer.CellValues.DateSpan;
import org.archivesync.agent.importer.CellValues.Retention;
import org.archivesync.agent.importer.CellValues.When;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.DatePrecision;

/**
 * Turns one data row into an {@link ImportedFile} or the list of its problems. Checks that need
 * the whole sheet (duplicate identifiers) are left to {@link ImportSession}; so is telling the
 * sheet's furniture (repeated headers, headings, totals) from data rows.
 */
final class RowValidator {

    /** A problem and its column index, so problems sort left to right within a row. */
    record Located(ImportProblem problem, int column) {
    }

    /**
     * @param file     the imported file, or null when the row has problems or is blank
     * @param fileCode the row's file code, or null; used for the duplicate check even on a bad row
     * @param secret   whether the row's access regime is a state-secret level
     */
    record Outcome(boolean blank, ImportedFile file, List<Located> problems, String fondsCode, String fileCode,
                   boolean secret, int formulaCells) {
    }

    private static final Outcome BLANK = new Outcome(true, null, List.of(), null, null, false, 0);

    private final HeaderLayout layout;
    private final String optionFonds;
    private final String defaultListNumber;
    private final BiPredicate<String, String> boxExists;
    private long convertedCells;

    /**
     * @param optionFonds       {@code --fonds}; null when the sheet has a fonds column
     * @param defaultListNumber the list number of rows without a "Mục lục số" cell; null for none
     * @param boxExists         whether (fonds, box) is registered; null skips the box check
     */
    RowValidator(HeaderLayout layout, String optionFonds, String defaultListNumber,
                 BiPredicate<String, String> boxExists) {
        this.layout = layout;
        this.optionFonds = optionFonds == null || optionFonds.isBlank() ? null : optionFonds.strip();
        this.defaultListNumber = defaultListNumber;
        this.boxExists = boxExists;
    }

    /** The column a row's identifier comes from: "Mã hồ sơ", else the reference, else the file number. */
    FileField identifierField() {
        if (layout.has(FileField.FILE_CODE)) {
            return FileField.FILE_CODE;
        }
        return layout.has(FileField.REFERENCE) || !layout.has(FileField.FILE_NUMBER) ? FileField.REFERENCE
                : FileField.FILE_NUMBER;
    }

    long convertedCells() {
        return convertedCells;
    }

    /**
     * @param series the classification heading the row stands under; null for none
     */
    Outcome validate(RawRow row, String series) {
        RawCell[] cells = new RawCell[FileField.values().length];
        boolean anything = false;
        for (RawCell cell : row.cells()) {
            FileField field = layout.field(cell.column());
            if (field != null && field.imported()) {
                cells[field.ordinal()] = cell;
                anything |= !cell.isBlank();
            }
        }
        if (!anything) {
            return BLANK;
        }
        return new RowCheck(row.number(), cells, series).run();
    }

    /** The checks of one row; holds what they share. */
    private final class RowCheck {

        private final long row;
        private final RawCell[] cells;
        private final String series;
        private final List<Located> problems = new ArrayList<>();
        private boolean mayBeSecret;
        private int formulaCells;

        RowCheck(long row, RawCell[] cells, String series) {
            this.row = row;
            this.cells = cells;
            this.series = series;
        }

        Outcome run() {
            String accessText = text(FileField.ACCESS_REGIME);
            Access access = accessText == null && !isFormula(FileField.ACCESS_REGIME)
                    ? CellValues.parseAccess("") : accessText == null ? null : CellValues.parseAccess(accessText);
            // Until the regime is known to be open, a row may be secret: echo none of its descriptive cells.
            mayBeSecret = access == null || access.regime() == AccessRegime.STATE_SECRET;
            if (access == null && accessText != null) {
                problem(FileField.ACCESS_REGIME, accessText, ProblemReason.UNKNOWN_ACCESS_REGIME);
            }
            for (FileField field : FileField.values()) {
                RawCell cell = cells[field.ordinal()];
                if (cell != null && cell.isFormula()) {
                    formulaCells++;
                    problem(field, "=" + cell.formula(), ProblemReason.FORMULA_CELL);
                }
            }

            String writtenCode = line(text(FileField.FILE_CODE));
            String fileNumber = line(text(FileField.FILE_NUMBER));
            String reference = line(text(FileField.REFERENCE));
            String listNumber = line(text(FileField.LIST_NUMBER));
            if (listNumber == null) {
                listNumber = defaultListNumber;
            }
            String place = line(text(FileField.PLACE));
            String fonds = fonds();
            String box = line(text(FileField.BOX_CODE));
            if (box != null && fonds != null && boxExists != null && !boxExists.test(fonds, box)) {
                problem(FileField.BOX_CODE, box, ProblemReason.BOX_NOT_REGISTERED);
            }
            String title = null;
            if (!mayBeSecret) {
                title = line(text(FileField.TITLE));
                if (title == null && !isFormula(FileField.TITLE)) {
                    problem(FileField.TITLE, null, ProblemReason.MISSING_TITLE);
                }
            }
            When[] dates = dates();
            Integer sheets = count(FileField.SHEET_COUNT);
            Integer pages = count(FileField.PAGE_COUNT);
            Retention retention = retention();
            String languageText = text(FileField.LANGUAGE);
            String language = languageText == null ? null : CellValues.parseLanguage(languageText);
            if (languageText != null && language == null) {
                problem(FileField.LANGUAGE, languageText, ProblemReason.UNKNOWN_LANGUAGE);
            }
            List<String> keywords = List.of();
            String condition = null;
            String notes = null;
            if (!mayBeSecret) {
                String keywordText = text(FileField.KEYWORDS);
                keywords = keywordText == null ? List.of() : CellValues.parseKeywords(keywordText);
                condition = text(FileField.PHYSICAL_CONDITION);
                notes = text(FileField.NOTES);
            }
            boolean secret = access != null && access.level() != null;
            String fileCode = writtenCode;
            if (fileCode == null && !isFormula(FileField.FILE_CODE)) {
                When formed = dates[0] != null ? dates[0] : dates[1];
                Integer year = formed == null || mayBeSecret ? null : formed.date().getYear();
                fileCode = FileIdentifier.build(fonds, year, reference, fileNumber, listNumber);
            }
            FileField identifier = identifierField();
            if (fileCode == null && !isFormula(identifier)) {
                problem(identifier, null, ProblemReason.MISSING_FILE_CODE);
            }
            if (!problems.isEmpty()) {
                return new Outcome(false, null, problems, fonds, fileCode, secret, formulaCells);
            }
            ImportedFile file = new ImportedFile(row, fonds, fileCode, fileNumber, reference, listNumber, series, place,
                    box, title, date(dates[0]), precision(dates[0]), date(dates[1]), precision(dates[1]), sheets,
                    pages, retention.kind(), retention.years(), access.regime(), access.level(), language, keywords,
                    condition, notes);
            return new Outcome(false, file, List.of(), fonds, fileCode, secret, 0);
        }

        private String fonds() {
            String column = line(text(FileField.FONDS_CODE));
            if (column != null && optionFonds != null && !column.equals(optionFonds)) {
                problem(FileField.FONDS_CODE, column, ProblemReason.FONDS_CODE_MISMATCH);
            }
            String fonds = column != null ? column : optionFonds;
            if (fonds == null && !isFormula(FileField.FONDS_CODE)) {
                problem(FileField.FONDS_CODE, null, ProblemReason.MISSING_FONDS_CODE);
            }
            return fonds;
        }

        /**
         * Start and end, each at the precision written. With both columns each gives its own end of the period, and
         * a range written in one of them ("2008-2009" | blank) gives both when the other is blank; with one column
         * ("Thời gian": "2001-2004", "năm 2003") that cell gives both.
         */
        private When[] dates() {
            boolean bothColumns = layout.has(FileField.START_DATE) && layout.has(FileField.END_DATE);
            DateSpan start = span(FileField.START_DATE);
            DateSpan end = span(FileField.END_DATE);
            When from;
            When to;
            if (bothColumns) {
                from = start == null ? null : start.start();
                to = end == null ? null : end.end();
                if (start != null && start.range() && end == null && blank(FileField.END_DATE)) {
                    to = start.end();
                } else if (end != null && end.range() && start == null && blank(FileField.START_DATE)) {
                    from = end.start();
                }
            } else {
                DateSpan only = start != null ? start : end;
                from = only == null ? null : only.start();
                to = only == null ? null : only.end();
            }
            if (from != null && to != null && CellValues.endsBeforeStart(from, to)) {
                FileField column = layout.has(FileField.END_DATE) ? FileField.END_DATE : FileField.START_DATE;
                problem(column, display(column), ProblemReason.END_BEFORE_START);
            }
            return new When[] {from, to};
        }

        private boolean blank(FileField field) {
            RawCell cell = cells[field.ordinal()];
            return cell == null || cell.isBlank();
        }

        private DateSpan span(FileField field) {
            RawCell cell = cells[field.ordinal()];
            if (cell == null || cell.isFormula() || cell.isBlank()) {
                return null;
            }
            DateSpan span = cell.kind() == RawCell.Kind.DATE || cell.kind() == RawCell.Kind.NUMBER
                    ? CellValues.dateFromNumber(cell.number(), false)
                    : CellValues.parseDate(text(field));
            if (span == null) {
                problem(field, display(field), ProblemReason.UNPARSEABLE_DATE);
            }
            return span;
        }

        private Integer count(FileField field) {
            RawCell cell = cells[field.ordinal()];
            if (cell == null || cell.isFormula() || cell.isBlank()) {
                return null;
            }
            Count count = cell.kind() == RawCell.Kind.NUMBER ? CellValues.countFromNumber(cell.number())
                    : CellValues.parseCount(text(field));
            if (count.problem() != null) {
                problem(field, display(field), count.problem());
            }
            return count.value();
        }

        private Retention retention() {
            RawCell cell = cells[FileField.RETENTION.ordinal()];
            if (cell != null && cell.isFormula()) {
                return null;
            }
            if (cell == null || cell.isBlank()) {
                problem(FileField.RETENTION, null, ProblemReason.MISSING_RETENTION);
                return null;
            }
            Retention retention = cell.kind() == RawCell.Kind.NUMBER ? CellValues.retentionFromNumber(cell.number())
                    : CellValues.parseRetention(text(FileField.RETENTION));
            if (retention == null) {
                problem(FileField.RETENTION, display(FileField.RETENTION), ProblemReason.UNKNOWN_RETENTION);
            }
            return retention;
        }

        private boolean isFormula(FileField field) {
            RawCell cell = cells[field.ordinal()];
            return cell != null && cell.isFormula();
        }

        // Each cell's text is worked out once: converting it again would count it twice.
        private final String[] texts = new String[FileField.values().length];
        private final boolean[] read = new boolean[FileField.values().length];

        /** The cell's text: legacy encodings converted, NFC, trimmed; null when blank or a formula. */
        private String text(FileField field) {
            int i = field.ordinal();
            if (!read[i]) {
                read[i] = true;
                RawCell cell = cells[i];
                if (cell != null && !cell.isFormula() && !cell.isBlank()) {
                    String text = cell.text();
                    if (cell.kind() == RawCell.Kind.TEXT) {
                        LegacyVietnamese.Repaired repaired = field.code()
                                ? LegacyVietnamese.repairCode(text, cell.font()) : LegacyVietnamese.repair(text, cell.font());
                        if (repaired.converted()) {
                            convertedCells++;
                        }
                        text = repaired.text();
                    }
                    text = text.replace('\u00A0', ' ').strip();
                    texts[i] = text.isEmpty() ? null : text;
                }
            }
            return texts[i];
        }

        /** The value to show for a problem: never a descriptive cell of a row that may be secret. */
        private String display(FileField field) {
            return field.withheldWhenSecret() && mayBeSecret ? null : text(field);
        }

        private void problem(FileField field, String value, ProblemReason reason) {
            String shown = field.withheldWhenSecret() && mayBeSecret ? null : value;
            int column = layout.column(field);
            ImportProblem problem = column < 0
                    ? new ImportProblem(row, null, null, null, reason)
                    : new ImportProblem(row, layout.cellRef(field, row), layout.header(field), shown, reason);
            problems.add(new Located(problem, column));
        }
    }

    private static LocalDate date(When when) {
        return when == null ? null : when.date();
    }

    private static DatePrecision precision(When when) {
        return when == null ? null : when.precision();
    }

    private static final Pattern WHITESPACE_RUN = Pattern.compile("\\s{2,}|[\\t\\n\\r\\f]");

    /** Collapses runs of spaces and line breaks: codes and titles are one line. */
    private static String line(String text) {
        return text == null ? null : WHITESPACE_RUN.matcher(text).replaceAll(" ");
    }
}
