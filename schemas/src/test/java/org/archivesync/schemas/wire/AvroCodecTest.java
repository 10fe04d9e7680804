package org.archivesync.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.SampleRecords;
import org.archivesync.schemas.integrity.ChainHash;
import org.junit.jupiter.api.Test;

/** The unframed Avro codec: what it accepts, and that hostile bytes fail fast and typed. */
class AvroCodecTest {

    @Test
    void encodingIsStableForTheSameRecord() {
        SiteEvent event = SampleRecords.siteEvent(1, ChainHash.genesis(), SampleRecords.fileRecorded());

        // The chain hashes these bytes: two encodings of one record must be identical.
        assertThat(AvroCodec.encode(event)).isEqualTo(AvroCodec.encode(SiteEvent.newBuilder(event).build()));
    }

    @Test
    void decodesFromDirectAndReadOnlyBuffers() {
        SiteEvent event = SampleRecords.siteEvent(2, ChainHash.genesis(), SampleRecords.boxRecorded());
        byte[] body = AvroCodec.encode(event);
        ByteBuffer direct = ByteBuffer.allocateDirect(body.length + 3);
        direct.put(new byte[] {9, 9, 9}).put(body).flip().position(3);
        ByteBuffer readOnly = ByteBuffer.wrap(body).asReadOnlyBuffer();

        assertThat((Object) AvroCodec.decode(direct, SiteEvent.getClassSchema(), SiteEvent.getClassSchema())).isEqualTo(event);
        assertThat((Object) AvroCodec.decode(readOnly, SiteEvent.getClassSchema(), SiteEvent.getClassSchema())).isEqualTo(event);
        assertThat(direct.position()).as("the caller's buffer is not consumed").isEqualTo(3);
    }

    @Test
    void decodesASliceAtAnOffset() {
        SiteEvent event = SampleRecords.siteEvent(2, ChainHash.genesis(), SampleRecords.extentReported());
        byte[] wire = WireFormat.frame(77, AvroCodec.encode(event));

        assertThat((Object) AvroCodec.decode(WireFormat.parse(wire).body(), SiteEvent.getClassSchema(),
                SiteEvent.getClassSchema())).isEqualTo(event);
    }

    @Test
    void hugeDeclaredStringLengthIsRefusedBeforeAllocating() throws IOException {
        // A 1.5 GB string declared in a few bytes: Avro alone would allocate it first and fail after.
        byte[] body = concat(zigzag(1_500_000_000L), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> AvroCodec.decode(body, BoxRecorded.getClassSchema()))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("string length 1500000000 exceeds the 3 bytes left");
    }

    @Test
    void lengthBeyondAnyJavaArrayIsAWireFormatFailure() throws IOException {
        byte[] body = concat(zigzag(5_000_000_000L), new byte[] {1});

        assertThatThrownBy(() -> AvroCodec.decode(body, BoxRecorded.getClassSchema()))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated or malformed");
    }

    @Test
    void hugeDeclaredArrayIsRefusedBeforeAllocating() throws IOException {
        // FileRef{fondsCode "F", fileCode "X"}, then an array declaring a billion DigitalObjects.
        byte[] body = concat(new byte[] {2, 'F', 2, 'X'}, zigzag(1_000_000_000L), new byte[] {0});

        assertThatThrownBy(() -> AvroCodec.decode(body, FileDigitized.getClassSchema()))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("array item count 1000000000 exceeds");
    }

    @Test
    void negativeLengthIsMalformed() throws IOException {
        byte[] body = concat(zigzag(-4), new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> AvroCodec.decode(body, BoxRecorded.getClassSchema()))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("negative string length -4");
    }

    @Test
    void unionIndexOutOfRangeIsMalformed() throws IOException {
        SiteEvent event = SampleRecords.siteEvent(1, ChainHash.genesis(), SampleRecords.fileWithdrawn());
        byte[] body = AvroCodec.encode(event);
        // The payload union index sits right before the FileWithdrawn body; there are 11 branches, 42 is none of them.
        byte[] payload = AvroCodec.encode(SampleRecords.fileWithdrawn());
        int unionAt = body.length - payload.length - 1;
        assertThat(body[unionAt]).as("zig-zag of branch 10").isEqualTo((byte) 20);
        body[unionAt] = 84;

        assertThatThrownBy(() -> AvroCodec.decode(body, SiteEvent.getClassSchema()))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated or malformed");
    }

    @Test
    void decimalNeedingRoundingIsRefusedAtEncoding() {
        BoxRecorded box = SampleRecords.boxRecorded();
        box.setMetres(new BigDecimal("0.105"));

        // decimal(12,2): rounding would change what the clerk recorded.
        assertThatThrownBy(() -> AvroCodec.encode(box))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("cannot encode org.archivesync.avro.BoxRecorded");
    }

    @Test
    void decimalWithFewerDigitsIsWidenedWithoutLoss() {
        BoxRecorded box = SampleRecords.boxRecorded();
        box.setMetres(new BigDecimal("0.1"));

        BoxRecorded back = AvroCodec.decode(AvroCodec.encode(box), BoxRecorded.getClassSchema());

        assertThat(back.getMetres()).isEqualTo(new BigDecimal("0.10"));
        assertThat(AvroCodec.encode(box)).isEqualTo(AvroCodec.encode(SampleRecords.boxRecorded()));
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
