package org.archivesync.hub.sites;

/** The public key presented is already enrolled for another site; one key belongs to one site. */
public final class KeyEnrolledElsewhereException extends RuntimeException {

    private final String keyId;

    KeyEnrolledElsewhereException(String keyId) {
        super("key " + keyId + " is enrolled for another site");
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }
}
