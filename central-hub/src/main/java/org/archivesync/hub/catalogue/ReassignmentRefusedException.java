package org.archivesync.hub.catalogue;

/** An operator's reassignment of a fonds that cannot be made; {@link #reason()} says why. */
public class ReassignmentRefusedException extends RuntimeException {

    /** Why a reassignment is refused. */
    public enum Reason {
        /** No office holds the fonds: nothing of it was ever recorded. */
        UNKNOWN_FONDS,
        /** The receiving office is not enrolled. */
        UNKNOWN_SITE,
        /** The office named holds the fonds already. */
        ALREADY_HOLDER,
        /** No reason was given, or one longer than {@link Catalogue#MAX_REASSIGNMENT_REASON} characters. */
        NO_REASON
    }

    private final Reason reason;
    private final String fondsCode;

    public ReassignmentRefusedException(Reason reason, String fondsCode) {
        super("reassignment of fonds " + fondsCode + " refused: " + reason);
        this.reason = reason;
        this.fondsCode = fondsCode;
    }

    public Reason reason() {
        return reason;
    }

    public String fondsCode() {
        return fondsCode;
    }
}
