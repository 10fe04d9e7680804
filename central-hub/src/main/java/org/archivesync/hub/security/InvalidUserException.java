package org.archivesync.hub.security;

/** A user cannot be created as asked; {@link #reason()} is a message key under {@code user.}. */
public class InvalidUserException extends RuntimeException {

    private final String reason;

    public InvalidUserException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    /** The message key of the reason, e.g. {@code user.password-too-short}. */
    public String reason() {
        return reason;
    }
}
