package org.archivesync.hub.ingest;

/**
 * A record that is not a SiteEvent in the Confluent wire format: wrong magic byte, unknown schema id, a body that does
 * not decode. The same bytes fail the same way every time, so it is never retried: its site is quarantined.
 */
final class UndecodableRecordException extends RuntimeException {

    UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
