package org.archivesync.schemas.wire;

import java.nio.ByteBuffer;

/**
 * The Confluent Schema Registry wire format: byte 0 is the magic byte {@code 0}, bytes 1-4 the schema id as a
 * big-endian signed 32-bit integer, then the Avro binary body.
 */
public final class WireFormat {

    /** The only magic byte Confluent defines. */
    public static final byte MAGIC = 0;
    /** Length of the prefix before the Avro body. */
    public static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    /** A framed record: {@code body} is a view of the bytes after the prefix. */
    public record Framed(int schemaId, ByteBuffer body) {

        /** A copy of the body bytes. */
        public byte[] bodyBytes() {
            byte[] out = new byte[body.remaining()];
            body.duplicate().get(out);
            return out;
        }
    }

    /** Prefixes {@code body} with the magic byte and {@code schemaId}. */
    public static byte[] frame(int schemaId, byte[] body) {
        return ByteBuffer.allocate(HEADER_LENGTH + body.length).put(MAGIC).putInt(schemaId).put(body).array();
    }

    /**
     * Splits a framed record.
     *
     * @throws WireFormatException when {@code bytes} is shorter than the prefix or its magic byte is not 0
     */
    public static Framed parse(byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_LENGTH) {
            throw new WireFormatException("record of " + (bytes == null ? 0 : bytes.length)
                    + " bytes is shorter than the 5-byte Confluent wire header");
        }
        if (bytes[0] != MAGIC) {
            throw new WireFormatException(String.format("unknown magic byte 0x%02x, expected 0x00 (Confluent wire format)", bytes[0]));
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int id = buffer.getInt(1);
        return new Framed(id, ByteBuffer.wrap(bytes, HEADER_LENGTH, bytes.length - HEADER_LENGTH).slice());
    }
}
