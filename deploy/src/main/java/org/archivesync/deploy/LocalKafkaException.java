package org.archivesync.deploy;

/** The local broker could not be started; the message says why, with the tail of the broker's log when there is one. */
public class LocalKafkaException extends RuntimeException {

    public LocalKafkaException(String message) {
        super(message);
    }

    public LocalKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
