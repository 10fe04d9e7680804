package org.archivesync.hub.sites;

/** No site has this code. */
public final class UnknownSiteException extends RuntimeException {

    private final String siteCode;

    UnknownSiteException(String siteCode) {
        super("no site " + siteCode);
        this.siteCode = siteCode;
    }

    /** The code asked for (may be null when none was given). */
    public String siteCode() {
        return siteCode;
    }
}
