package org.archivesync.schemas.wire;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that are not a valid Confluent wire-format record: wrong magic byte, too short, or an Avro body that does not
 * decode with its writer schema. Never retriable: the same bytes fail the same way.
 */
public class WireFormatException extends SerializationException {

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
