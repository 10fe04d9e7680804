package org.archivesync.hub.sites;

/** The site has no key with this id. */
public final class UnknownKeyException extends RuntimeException {

    private final String siteCode;
    private final String keyId;

    UnknownKeyException(String siteCode, String keyId) {
        super("site " + siteCode + " has no key " + keyId);
        this.siteCode = siteCode;
        this.keyId = keyId;
    }

    /** The site asked for (never null). */
    public String siteCode() {
        return siteCode;
    }

    /** The key id asked for (may be null when none was given). */
    public String keyId() {
        return keyId;
    }
}
