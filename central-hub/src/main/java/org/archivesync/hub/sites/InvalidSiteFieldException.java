package org.archivesync.hub.sites;

/** A field of a site or enrollment request is missing or malformed; {@link #field()} names it as in the JSON body. */
public final class InvalidSiteFieldException extends IllegalArgumentException {

    private final String field;

    InvalidSiteFieldException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    InvalidSiteFieldException(String field, String message) {
        this(field, message, null);
    }

    /** The field's JSON name, e.g. {@code publicKey} (never null). */
    public String field() {
        return field;
    }
}
