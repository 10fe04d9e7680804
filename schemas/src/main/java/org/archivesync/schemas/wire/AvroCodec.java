package org.archivesync.schemas.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro binary encoding of the generated SpecificRecord classes, without any framing. The agent stores these bytes in
 * its outbox at record time and chains over them; the wire prefix is added only at publish time.
 */
public final class AvroCodec {

    /** Readers kept, one per (writer, reader) pair: writer schemas come from a registry, so their number is not ours. */
    static final int CACHED_READERS = 64;

    // Keyed by the schemas of the generated classes this module encodes: as many as there are classes.
    private static final Map<Schema, SpecificDatumWriter<Object>> WRITERS = new ConcurrentHashMap<>();
    private static final Map<ReaderKey, DatumReader<Object>> READERS = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ReaderKey, DatumReader<Object>> eldest) {
                    return size() > CACHED_READERS;
                }
            });

    private record ReaderKey(Schema writer, Schema reader) {
    }

    private AvroCodec() {
    }

    /** Encodes a record with its own schema. */
    public static byte[] encode(SpecificRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        encodeTo(record, out);
        return out.toByteArray();
    }

    /** Encodes a record with its own schema onto {@code out}. */
    public static void encodeTo(SpecificRecord record, ByteArrayOutputStream out) {
        SpecificDatumWriter<Object> writer = WRITERS.computeIfAbsent(record.getSchema(),
                s -> new SpecificDatumWriter<>(s, SpecificData.getForSchema(s)));
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            writer.write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // Avro reports a missing required field or a wrong type as an NPE or ClassCastException.
            throw new WireFormatException("cannot encode " + record.getSchema().getFullName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes a body written with {@code writer} into the reader schema's class, resolving fields as Avro's schema
     * resolution rules say. {@code body} may be any buffer (heap, direct or read-only); its position is not moved.
     *
     * @throws WireFormatException when the body is truncated or malformed (including a declared length or item count
     *                             larger than the body), does not resolve against the reader, or has bytes left over
     */
    @SuppressWarnings("unchecked")
    public static <T> T decode(ByteBuffer body, Schema writer, Schema reader) {
        DatumReader<Object> datumReader = reader(writer, reader);
        ByteBuffer view = body.duplicate();
        int length = view.remaining();
        BinaryDecoder decoder;
        if (view.hasArray()) {
            decoder = DecoderFactory.get().binaryDecoder(view.array(), view.arrayOffset() + view.position(), length, null);
        } else {
            // Direct and read-only buffers expose no array: copy, the bodies are small.
            byte[] copy = new byte[length];
            view.get(copy);
            decoder = DecoderFactory.get().binaryDecoder(copy, 0, length, null);
        }
        T value;
        try {
            value = (T) datumReader.read(null, new BoundedDecoder(decoder));
        } catch (IOException | RuntimeException e) {
            // Avro reports bad data as EOFException, AvroRuntimeException, UnsupportedOperationException (its size
            // limits), IndexOutOfBoundsException (a union or enum index), NegativeArraySizeException and more: all of
            // them mean these bytes cannot be read, and the same bytes will fail the same way again.
            throw new WireFormatException("Avro body of " + length + " bytes is truncated or malformed for writer schema "
                    + writer.getFullName() + ": " + e.getMessage(), e);
        }
        if (!atEnd(decoder)) {
            throw new WireFormatException("Avro body of " + length + " bytes has trailing bytes after a "
                    + writer.getFullName());
        }
        return value;
    }

    private static DatumReader<Object> reader(Schema writer, Schema reader) {
        ReaderKey key = new ReaderKey(writer, reader);
        DatumReader<Object> cached = READERS.get(key);
        if (cached == null) {
            // Two threads may both build one; either will do.
            cached = new SpecificDatumReader<>(writer, reader, SpecificData.getForSchema(reader));
            READERS.put(key, cached);
        }
        return cached;
    }

    /** How many readers the cache holds now; for tests of its bound. */
    static int cachedReaders() {
        return READERS.size();
    }

    private static boolean atEnd(BinaryDecoder decoder) {
        try {
            return decoder.isEnd();
        } catch (IOException e) {
            // Cannot happen over an array; treat it as the end rather than invent trailing bytes.
            return true;
        }
    }

    /** Decodes a body written with the reader's own schema. */
    public static <T extends SpecificRecord> T decode(byte[] body, Schema schema) {
        return decode(ByteBuffer.wrap(body), schema, schema);
    }
}
