package org.archivesync.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.FileRef;
import org.archivesync.avro.HandoverRecorded;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.SampleRecords;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoder's limits on what a record may make it do: declared counts must fit the bytes left whether the value is
 * read or skipped, and a record holds at most as many items as it has bytes. Each attack is a real SiteEvent body
 * followed by a field its writer schema adds, which the SiteEvent reader skips, as the hub would.
 */
class BoundedDecodingTest {

    private static final Logger log = LoggerFactory.getLogger(BoundedDecodingTest.class);
    private static final Schema READER = SiteEvent.getClassSchema();

    @Test
    void skippedArrayOfTwoBillionNullsIsRefused() throws IOException {
        Schema writer = withExtraField("padding", Schema.createArray(Schema.create(Schema.Type.NULL)));
        byte[] body = concat(smallEvent(), zigzag(2_000_000_000L), zigzag(0));

        long started = System.nanoTime();
        assertThatThrownBy(() -> AvroCodec.decode(ByteBuffer.wrap(body), writer, READER))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("array item count 2000000000 exceeds the");
        // Not asserted (timing belongs to benchmarks): before the bound this took about 43 s of CPU.
        log.info("skip bomb refused bytes={} micros={}", body.length, (System.nanoTime() - started) / 1_000);
    }

    @Test
    void skippedArrayBlockCountBeyondTheBytesLeftIsRefused() throws IOException {
        Schema writer = withExtraField("names", Schema.createArray(Schema.create(Schema.Type.STRING)));
        byte[] body = concat(smallEvent(), zigzag(1_000), new byte[] {2, 'a', 2, 'b'}, zigzag(0));

        assertThatThrownBy(() -> AvroCodec.decode(ByteBuffer.wrap(body), writer, READER))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("array item count 1000 exceeds the 5 bytes left");
    }

    @Test
    void skippedMapBlockCountBeyondTheBytesLeftIsRefused() throws IOException {
        Schema writer = withExtraField("labels", Schema.createMap(Schema.create(Schema.Type.STRING)));
        byte[] body = concat(smallEvent(), zigzag(500_000), new byte[] {2, 'k', 2, 'v'}, zigzag(0));

        assertThatThrownBy(() -> AvroCodec.decode(ByteBuffer.wrap(body), writer, READER))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("map entry count 500000 exceeds the 5 bytes left");
    }

    @Test
    void manyBlocksOfNullsAreRefusedOnceTheRecordsItemsExceedItsLength() throws IOException {
        // Each block fits the bytes left, but with items of no size the same bytes would be counted again and again:
        // the record's total is what bounds it.
        Schema writer = withExtraField("padding", Schema.createArray(Schema.create(Schema.Type.NULL)));
        ByteArrayOutputStream blocks = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            blocks.writeBytes(zigzag(50));
        }
        byte[] body = concat(smallEvent(), blocks.toByteArray(), zigzag(0));

        assertThatThrownBy(() -> AvroCodec.decode(ByteBuffer.wrap(body), writer, READER))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("array items and map entries exceed the " + body.length);
    }

    @Test
    void fieldsASchemaAddsAreSkippedWhenTheirCountsFitTheBytesLeft() throws IOException {
        // Nulls take no bytes, so they pass only while the bytes after them could hold as many items.
        Schema padded = withExtraField("padding", Schema.createArray(Schema.create(Schema.Type.NULL)));
        List<Schema.Field> fields = new ArrayList<>();
        padded.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("labels", Schema.createMap(Schema.create(Schema.Type.STRING))));
        Schema writer = Schema.createRecord(READER.getName(), null, READER.getNamespace(), false, fields);
        byte[] event = smallEvent();
        byte[] body = concat(event, zigzag(3), zigzag(0), zigzag(1), new byte[] {2, 'k', 4, 'v', 'w'}, zigzag(0));

        SiteEvent decoded = AvroCodec.decode(ByteBuffer.wrap(body), writer, READER);

        assertThat(decoded).isEqualTo(AvroCodec.decode(event, READER));
    }

    @Test
    void skippedFixedLargerThanTheBytesLeftIsRefused() throws IOException {
        Schema writer = withExtraField("blob", Schema.createFixed("Blob", null, "org.example", 1 << 30));
        byte[] body = concat(smallEvent(), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> AvroCodec.decode(ByteBuffer.wrap(body), writer, READER))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("fixed size 1073741824 exceeds the 3 bytes left");
    }

    @Test
    void largeLegitimateEventsStillDecode() {
        // A handover listing 20,000 files (about 400 KB) and a file described to every field's limit.
        List<FileRef> files = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            files.add(SampleRecords.fileRef("HS-2025-" + i));
        }
        HandoverRecorded handover = HandoverRecorded.newBuilder(SampleRecords.handoverRecorded()).setFiles(files).build();
        String longText = "Hồ sơ lưu trữ Cái Nước ".repeat(4000 / 23);
        FileRecorded described = FileRecorded.newBuilder(SampleRecords.fileRecorded()).setTitle(longText)
                .setNotes(longText).setPhysicalCondition(longText)
                .setKeywords(Collections.nCopies(200, "từ khóa").stream().map(k -> k + " " + k.hashCode()).toList())
                .build();

        for (Object payload : List.of(handover, described)) {
            SiteEvent event = SampleRecords.siteEvent(1, new byte[32], payload);
            byte[] body = AvroCodec.encode(event);

            assertThat((SiteEvent) AvroCodec.decode(body, READER)).isEqualTo(event);
            log.info("large event decoded payload={} bytes={}", payload.getClass().getSimpleName(), body.length);
        }
    }

    @Test
    void readerCacheKeepsAtMostItsBound() throws IOException {
        byte[] event = smallEvent();
        for (int i = 0; i < AvroCodec.CACHED_READERS + 36; i++) {
            Schema writer = withExtraField("extra" + i, Schema.create(Schema.Type.INT));

            AvroCodec.decode(ByteBuffer.wrap(concat(event, zigzag(i))), writer, READER);
        }

        assertThat(AvroCodec.cachedReaders()).isEqualTo(AvroCodec.CACHED_READERS);
    }

    /** SiteEvent's schema with one more field at the end, as a writer registering a "compatible" variant would. */
    static Schema withExtraField(String name, Schema type) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : READER.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(new Schema.Field(name, type));
        return Schema.createRecord(READER.getName(), null, READER.getNamespace(), false, fields);
    }

    private static byte[] smallEvent() {
        return AvroCodec.encode(SampleRecords.siteEvent(1, new byte[32], SampleRecords.fileWithdrawn()));
    }

    private static byte[] zigzag(long value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        encoder.writeLong(value);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
