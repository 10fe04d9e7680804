package org.archivesync.agent.store;

/** SQLite failed (disk full, file locked longer than the busy timeout, corrupt file). The transaction was rolled back. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
