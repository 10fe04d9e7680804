package org.archivesync.agent.importer;

import java.util.Locale;

/** Why a data row could not be imported. Each reason has a message in the bundles. */
public enum ProblemReason {
    MISSING_FILE_CODE,
    DUPLICATE_FILE_CODE,
    MISSING_FONDS_CODE,
    FONDS_CODE_MISMATCH,
    MISSING_TITLE,
    UNPARSEABLE_DATE,
    END_BEFORE_START,
    UNPARSEABLE_NUMBER,
    NEGATIVE_COUNT,
    MISSING_RETENTION,
    UNKNOWN_RETENTION,
    UNKNOWN_ACCESS_REGIME,
    UNKNOWN_LANGUAGE,
    BOX_NOT_REGISTERED,
    FORMULA_CELL,
    /** The closing line states another number of files than the rows read. */
    STATED_COUNT_MISMATCH;

    /** The bundle key, e.g. {@code import.problem.missing-file-code}. */
    public String messageKey() {
        return "import.problem." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
