package org.archivesync.schemas.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder that refuses a length or an item count larger than the bytes left in the body.
 *
 * <p>Avro allocates a string, bytes or array as large as the length the data declares (up to 2 GiB) before it reads
 * a single byte of it, so a ten-byte record could make the hub allocate gigabytes and die of an OutOfMemoryError on
 * every restart. Checking each declared length against what is left turns that into a plain "malformed" refusal.
 * Item counts are bounded the same way, which assumes every item takes at least one byte: true of every schema in
 * this module (no arrays or maps of {@code null} or of empty records).
 */
final class BoundedDecoder extends Decoder {

    private final BinaryDecoder in;

    BoundedDecoder(BinaryDecoder in) {
        this.in = in;
    }

    private long checked(long declared, String what) throws IOException {
        if (declared < 0) {
            throw new WireFormatException("malformed Avro body: negative " + what + " " + declared);
        }
        int left = in.inputStream().available();
        if (declared > left) {
            throw new WireFormatException("malformed Avro body: " + what + " " + declared + " exceeds the " + left
                    + " bytes left");
        }
        return declared;
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = (int) checked(in.readLong(), "string length");
        Utf8 out = old != null ? old : new Utf8();
        out.setByteLength(length);
        in.readFixed(out.getBytes(), 0, length);
        return out;
    }

    @Override
    public String readString() throws IOException {
        return new String(readLengthPrefixed("string length"), StandardCharsets.UTF_8);
    }

    @Override
    public void skipString() throws IOException {
        in.skipFixed((int) checked(in.readLong(), "string length"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        return ByteBuffer.wrap(readLengthPrefixed("bytes length"));
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipFixed((int) checked(in.readLong(), "bytes length"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return checked(in.readArrayStart(), "array item count");
    }

    @Override
    public long arrayNext() throws IOException {
        return checked(in.arrayNext(), "array item count");
    }

    @Override
    public long skipArray() throws IOException {
        return in.skipArray();
    }

    @Override
    public long readMapStart() throws IOException {
        return checked(in.readMapStart(), "map entry count");
    }

    @Override
    public long mapNext() throws IOException {
        return checked(in.mapNext(), "map entry count");
    }

    @Override
    public long skipMap() throws IOException {
        return in.skipMap();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }

    private byte[] readLengthPrefixed(String what) throws IOException {
        byte[] bytes = new byte[(int) checked(in.readLong(), what)];
        in.readFixed(bytes, 0, bytes.length);
        return bytes;
    }
}
