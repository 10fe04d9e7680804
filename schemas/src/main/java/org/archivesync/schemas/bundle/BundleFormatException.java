package org.archivesync.schemas.bundle;

/**
 * A file that is not a readable USB bundle, or whose {@code events.bin} does not match its manifest's range. Never
 * retriable: the same file fails the same way. The message names what is wrong in English, for logs; it never holds
 * an event's body.
 */
public final class BundleFormatException extends RuntimeException {

    /** What is wrong with the file. */
    public enum Problem {
        /** Not a ZIP, an entry missing, a manifest that does not parse, or an event cut short or malformed. */
        NOT_A_BUNDLE,
        /** A manifest whose {@code format} is not {@link BundleFormat#FORMAT}. */
        UNKNOWN_FORMAT,
        /** Sequences with a gap, or a count or last sequence other than the manifest's. */
        RANGE_MISMATCH
    }

    private final Problem problem;

    BundleFormatException(Problem problem, String message) {
        this(problem, message, null);
    }

    BundleFormatException(Problem problem, String message, Throwable cause) {
        super(message, cause);
        this.problem = problem;
    }

    /** What is wrong; never null. */
    public Problem problem() {
        return problem;
    }
}
