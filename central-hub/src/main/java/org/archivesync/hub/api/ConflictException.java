package org.archivesync.hub.api;

/** Thrown when a REST request would create something that exists already; answered 409. */
public class ConflictException extends RuntimeException {

    private final String kind;
    private final String key;

    /** @param kind a message key suffix, as for {@link NotFoundException} */
    public ConflictException(String kind, String key) {
        super(kind + " " + key + " exists already");
        this.kind = kind;
        this.key = key;
    }

    public String kind() {
        return kind;
    }

    public String key() {
        return key;
    }
}
