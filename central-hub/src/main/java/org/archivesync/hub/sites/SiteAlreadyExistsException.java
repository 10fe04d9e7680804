package org.archivesync.hub.sites;

/** A site with this code exists already. */
public final class SiteAlreadyExistsException extends RuntimeException {

    private final String siteCode;

    SiteAlreadyExistsException(String siteCode) {
        super("site " + siteCode + " exists already");
        this.siteCode = siteCode;
    }

    public String siteCode() {
        return siteCode;
    }
}
