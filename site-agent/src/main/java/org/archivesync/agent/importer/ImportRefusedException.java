package org.archivesync.agent.importer;

import java.util.List;
import java.util.Locale;

/**
 * The whole file was refused: nothing was produced. The {@link Reason} says what happened and names the message in the
 * bundles ({@link #messageKey()} with {@link #messageArguments()}), so the CLI and the REST edge can tell the clerk in
 * Vietnamese or English. Retrying the same file cannot help; the clerk has to change the file (or the limits).
 * {@link #getMessage()} is the English text, for logs: file names and numbers, never a cell's content.
 */
public final class ImportRefusedException extends RuntimeException {

    /** Why the file was refused; arguments of each message in brackets. */
    public enum Reason {
        /** Larger than {@link ImportLimits#maxFileBytes()}; not opened [file, bytes, limit bytes]. */
        FILE_TOO_LARGE("import.refused.file-too-large"),
        /** More rows than {@link ImportLimits#maxRows()}; reading stopped there [file, limit rows]. */
        TOO_MANY_ROWS("import.refused.too-many-rows"),
        /** A password-protected workbook; the agent never asks for passwords [file]. */
        ENCRYPTED("import.refused.encrypted"),
        /** Not readable as the spreadsheet it claims to be [file]. */
        CORRUPTED("import.refused.corrupted"),
        /** Neither .xlsx nor .csv (for example an old binary .xls): save it as .xlsx [file]. */
        UNSUPPORTED_TYPE("import.refused.unsupported-type"),
        /**
         * An entry inflates far more than a spreadsheet does ({@link ImportLimits#minInflateRatio()}) or beyond
         * {@link ImportLimits#maxEntryBytes()} [file].
         */
        ZIP_BOMB("import.refused.zip-bomb"),
        /** No header with a file-code column in the first {@link ImportLimits#headerScanRows()} rows [file, rows]. */
        NO_HEADER("import.refused.no-header"),
        /** No sheet of the requested name [file, sheet, the sheets there, comma-separated]. */
        SHEET_NOT_FOUND("import.refused.sheet-not-found"),
        /**
         * Cells that would be imported hold formulas, never evaluated (their cached results may be stale, evaluating
         * them would run the sheet's logic); refused unless {@link ImportOptions#skipFormulaRows()}. Carries the
         * sheet's full {@link #report()} [file, formula cells].
         */
        FORMULA_CELLS("import.refused.formula-cells"),
        /** The header mapping file cannot be read, or maps a header to no field [mapping file, detail]. */
        INVALID_MAPPING("import.refused.invalid-mapping");

        private final String messageKey;

        Reason(String messageKey) {
            this.messageKey = messageKey;
        }

        /** The bundle key of the message. */
        public String messageKey() {
            return messageKey;
        }
    }

    private final Reason reason;
    private final List<Object> messageArguments;
    private final transient ImportReport report;

    private ImportRefusedException(Reason reason, List<Object> messageArguments, ImportReport report, Throwable cause) {
        super(ImportMessages.format(Locale.ENGLISH, reason.messageKey(), messageArguments.toArray()), cause);
        this.reason = reason;
        this.messageArguments = List.copyOf(messageArguments);
        this.report = report;
    }

    static ImportRefusedException fileTooLarge(String file, long bytes, long limitBytes) {
        return new ImportRefusedException(Reason.FILE_TOO_LARGE, List.of(file, bytes, limitBytes), null, null);
    }

    static ImportRefusedException tooManyRows(String file, long limitRows) {
        return new ImportRefusedException(Reason.TOO_MANY_ROWS, List.of(file, limitRows), null, null);
    }

    static ImportRefusedException encrypted(String file) {
        return new ImportRefusedException(Reason.ENCRYPTED, List.of(file), null, null);
    }

    /** @param cause what the reader said; null when there is none */
    static ImportRefusedException corrupted(String file, Throwable cause) {
        return new ImportRefusedException(Reason.CORRUPTED, List.of(file), null, cause);
    }

    static ImportRefusedException unsupportedType(String file) {
        return new ImportRefusedException(Reason.UNSUPPORTED_TYPE, List.of(file), null, null);
    }

    static ImportRefusedException zipBomb(String file, Throwable cause) {
        return new ImportRefusedException(Reason.ZIP_BOMB, List.of(file), null, cause);
    }

    static ImportRefusedException noHeader(String file, int scannedRows) {
        return new ImportRefusedException(Reason.NO_HEADER, List.of(file, scannedRows), null, null);
    }

    static ImportRefusedException sheetNotFound(String file, String sheet, List<String> availableSheets) {
        return new ImportRefusedException(Reason.SHEET_NOT_FOUND, List.of(file, sheet, String.join(", ", availableSheets)),
                null, null);
    }

    static ImportRefusedException formulaCells(ImportReport report, long formulaCells) {
        return new ImportRefusedException(Reason.FORMULA_CELLS, List.of(report.file(), formulaCells), report, null);
    }

    /** @param cause what the parser said; null when there is none */
    static ImportRefusedException invalidMapping(String mappingFile, String detail, Throwable cause) {
        return new ImportRefusedException(Reason.INVALID_MAPPING, List.of(mappingFile, detail), null, cause);
    }

    /** Why; never null. */
    public Reason reason() {
        return reason;
    }

    /** The bundle key of the message, {@code reason().messageKey()}. */
    public String messageKey() {
        return reason.messageKey();
    }

    /** The message's arguments, in the order its {@link Reason} lists them; never null. */
    public List<Object> messageArguments() {
        return messageArguments;
    }

    /** The full report of the sheet as read, for {@link Reason#FORMULA_CELLS}; null for every other reason. */
    public ImportReport report() {
        return report;
    }

    /** The message for the clerk, Vietnamese unless the locale asks for English. */
    public String localizedMessage(Locale locale) {
        return ImportMessages.format(locale, reason.messageKey(), messageArguments.toArray());
    }
}
