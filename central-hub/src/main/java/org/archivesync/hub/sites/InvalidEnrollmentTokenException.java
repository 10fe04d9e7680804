package org.archivesync.hub.sites;

/** An enrollment token the hub does not accept; nothing was stored. */
public final class InvalidEnrollmentTokenException extends RuntimeException {

    /** Why, for logs and the operator; the agent gets the same 401 for each. */
    public enum Reason {
        /** No token with this value was ever issued. */
        UNKNOWN,
        /** The token was issued for another site. */
        OTHER_SITE,
        /** The token enrolled a key already. */
        USED,
        /** The token's time ran out. */
        EXPIRED
    }

    private final String siteCode;
    private final Reason reason;

    InvalidEnrollmentTokenException(String siteCode, Reason reason) {
        super("enrollment token refused for site " + siteCode + ": " + reason);
        this.siteCode = siteCode;
        this.reason = reason;
    }

    public String siteCode() {
        return siteCode;
    }

    public Reason reason() {
        return reason;
    }
}
