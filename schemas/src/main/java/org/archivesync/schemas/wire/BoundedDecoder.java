package org.archivesync.schemas.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * An Avro binary decoder that refuses a length or an item count larger than the bytes left in the body, whether it
 * reads the value or skips it.
 *
 * <p>Avro allocates a string, bytes or array as large as the length the data declares (up to 2 GiB) before it reads
 * a single byte of it, so a ten-byte record could make the hub allocate gigabytes and die of an OutOfMemoryError on
 * every restart. Checking each declared length against what is left turns that into a plain "malformed" refusal.
 *
 * <p>Skipping costs work too: a writer schema may carry a field the reader does not know, which Avro skips item by item
 * (about 20 ns each), and an item of type {@code null} takes no bytes at all, so a 94-byte record whose writer schema
 * adds an {@code array<null>} of 2,000,000,000 items cost 43 s of CPU per read. Therefore every block count, read or
 * skipped, must fit in the bytes left, and the items of a whole record (every array and map, every block, nested ones
 * included) may number at most as many as the record has bytes, and never more than {@link #MAX_ITEMS}. Both assume
 * every item takes at least one byte: true of every schema in this module (no arrays or maps of {@code null}, of empty
 * records or of zero-size fixed), so a writer schema that relies on zero-byte items is refused above that count. The
 * work of decoding a record is then linear in its length.
 */
final class BoundedDecoder extends Decoder {

    /**
     * Most array items and map entries in one record, whatever its length: 2,097,152. A SiteEvent that large would be
     * over 2 MiB, twice what Kafka carries by default and what the hub accepts ({@code max-record-size}).
     */
    static final long MAX_ITEMS = 1L << 21;

    private final BinaryDecoder in;
    private final long itemBudget;
    private long items;

    BoundedDecoder(BinaryDecoder in) throws IOException {
        this.in = in;
        this.itemBudget = Math.min(MAX_ITEMS, in.inputStream().available());
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

    /** A block count, read or skipped: within the bytes left, and within the record's budget of items. */
    private long counted(long declared, String what) throws IOException {
        checked(declared, what);
        items += declared;
        if (items > itemBudget) {
            throw new WireFormatException("malformed Avro body: " + items + " array items and map entries exceed the "
                    + itemBudget + " a record of its length may hold");
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
        checked(length, "fixed size");
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed((int) checked(length, "fixed size"));
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return counted(in.readArrayStart(), "array item count");
    }

    @Override
    public long arrayNext() throws IOException {
        return counted(in.arrayNext(), "array item count");
    }

    @Override
    public long skipArray() throws IOException {
        // Avro skips what this returns item by item, then calls again for the next block.
        return counted(in.skipArray(), "array item count");
    }

    @Override
    public long readMapStart() throws IOException {
        return counted(in.readMapStart(), "map entry count");
    }

    @Override
    public long mapNext() throws IOException {
        return counted(in.mapNext(), "map entry count");
    }

    @Override
    public long skipMap() throws IOException {
        return counted(in.skipMap(), "map entry count");
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
