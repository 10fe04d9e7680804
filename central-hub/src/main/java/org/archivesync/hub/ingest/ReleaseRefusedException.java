package org.archivesync.hub.ingest;

/** An operator asked to release a site that cannot be released. */
public final class ReleaseRefusedException extends RuntimeException {

    /** Why. */
    public enum Reason {
        /** No site has this code, or it never sent an event. */
        UNKNOWN_SITE,
        /** The site's stream is not quarantined. */
        NOT_QUARANTINED
    }

    private final String siteCode;
    private final Reason reason;

    ReleaseRefusedException(String siteCode, Reason reason) {
        super("cannot release site " + siteCode + ": " + reason);
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
