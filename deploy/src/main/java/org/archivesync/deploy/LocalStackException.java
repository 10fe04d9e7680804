package org.archivesync.deploy;

/**
 * A component of the local stack (the hub, an agent) could not be started or did not do what it was asked; the
 * message says which and why, with the tail of its log when there is one.
 */
public class LocalStackException extends RuntimeException {

    public LocalStackException(String message) {
        super(message);
    }

    public LocalStackException(String message, Throwable cause) {
        super(message, cause);
    }
}
