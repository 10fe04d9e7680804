package org.archivesync.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.CatalogueFile;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.HandoverRecorded;
import org.archivesync.avro.SiteCursor;
import org.archivesync.avro.SiteEvent;
import org.archivesync.avro.SiteProgress;
import org.archivesync.schemas.SampleRecords;
import org.archivesync.schemas.SampleRecords.NamedPayload;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.registry.LocalRegistryServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every contract record through the real serializer, a real HTTP registry and the real deserializer: the bytes must
 * carry Confluent's prefix and decode back to an equal record, typed values intact.
 */
class AvroWireRoundTripTest {

    private static final String EVENTS = "archive.site-events";
    // Every byte of this id differs, so a swapped, shifted or little-endian prefix cannot pass by accident.
    private static final int FIRST_ID = 0x0A0B0C0D;

    private static LocalRegistryServer registry;
    private AvroWireSerializer serializer;
    private AvroWireDeserializer deserializer;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistryServer.start(FIRST_ID, "");
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void newSerdes() {
        // Separate clients, so the deserializer really fetches the writer schema by id instead of sharing a cache.
        serializer = new AvroWireSerializer(registry.client(), true);
        deserializer = new AvroWireDeserializer(registry.client());
    }

    static Stream<NamedPayload> payloads() {
        return SampleRecords.allPayloads().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void everyPayloadSurvivesTheWireInsideASiteEvent(NamedPayload payload) {
        Object body = payload.factory().get();
        SiteEvent event = SampleRecords.siteEvent(7, ChainHash.next(ChainHash.genesis(), new byte[32], new byte[] {1}), body);

        byte[] wire = serializer.serialize(EVENTS, event);

        assertWireHeader(wire, registry.idOf("archive.site-events-value", SiteEvent.getClassSchema()));
        assertThat(Arrays.copyOfRange(wire, WireFormat.HEADER_LENGTH, wire.length))
                .as("body after the prefix is exactly the record's Avro binary, the bytes the chain covers")
                .isEqualTo(AvroCodec.encode(event));
        Object decoded = deserializer.deserialize(EVENTS, wire);
        assertThat(decoded).isInstanceOf(SiteEvent.class).isEqualTo(event);
        assertThat(((SiteEvent) decoded).getPayload()).isInstanceOf(body.getClass()).isEqualTo(body);
    }

    @Test
    void siteCursorSurvivesTheWire() {
        roundTrip("archive.site-cursors", SampleRecords.siteCursor(), SiteCursor.getClassSchema());
    }

    @Test
    void catalogueFileSurvivesTheWire() {
        roundTrip("archive.catalogue.files", SampleRecords.catalogueFile(), CatalogueFile.getClassSchema());
    }

    @Test
    void siteProgressSurvivesTheWire() {
        SiteProgress decoded = roundTrip("archive.site-progress", SampleRecords.siteProgress(), SiteProgress.getClassSchema());
        assertThat(decoded.getSealedMetres()).isEqualTo(new BigDecimal("480.05"));
        assertThat(decoded.getAsOf()).isEqualTo(SampleRecords.OCCURRED_AT);
    }

    @Test
    void vietnameseTextKeepsItsDiacriticsAsNfcUtf8() {
        SiteEvent event = SampleRecords.siteEvent(1, ChainHash.genesis(), SampleRecords.fileRecorded());
        byte[] wire = serializer.serialize(EVENTS, event);

        // Avro strings are UTF-8: the NFC title must appear verbatim in the body, not transcoded or decomposed.
        assertThat(indexOf(wire, SampleRecords.titleUtf8())).isGreaterThan(WireFormat.HEADER_LENGTH);
        FileRecorded file = (FileRecorded) ((SiteEvent) deserializer.deserialize(EVENTS, wire)).getPayload();
        assertThat(file.getTitle()).isEqualTo(SampleRecords.TITLE).contains("Tạ An Khương", "Đầm Dơi", "Cà Mau");
        assertThat(Normalizer.isNormalized(file.getTitle(), Normalizer.Form.NFC)).isTrue();
        assertThat(file.getKeywords()).containsExactly("sáp nhập", "địa giới hành chính", "Đầm Dơi");
    }

    @Test
    void logicalTypesComeBackAsTheirJavaTypes() {
        SiteEvent event = SampleRecords.siteEvent(3, ChainHash.genesis(), SampleRecords.boxRecorded());
        SiteEvent decoded = (SiteEvent) deserializer.deserialize(EVENTS, serializer.serialize(EVENTS, event));

        assertThat(decoded.getEventId()).isInstanceOf(UUID.class).isEqualTo(event.getEventId());
        assertThat(decoded.getOccurredAt()).isInstanceOf(Instant.class)
                .isEqualTo(Instant.parse("2025-07-01T02:30:18.123Z"));
        BigDecimal metres = ((BoxRecorded) decoded.getPayload()).getMetres();
        assertThat(metres).isEqualTo(new BigDecimal("0.10"));
        assertThat(metres.scale()).isEqualTo(2);

        HandoverRecorded handover = SampleRecords.handoverRecorded();
        SiteEvent withHandover = SampleRecords.siteEvent(4, ChainHash.genesis(), handover);
        HandoverRecorded back = (HandoverRecorded) ((SiteEvent) deserializer.deserialize(EVENTS,
                serializer.serialize(EVENTS, withHandover))).getPayload();
        assertThat(back.getHandoverId()).isEqualTo(UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"));
        assertThat(back.getHandedOverOn()).isInstanceOf(LocalDate.class).isEqualTo(LocalDate.of(2025, 8, 15));
    }

    @Test
    void stateSecretStubWithItsNullsSurvivesTheWire() {
        SiteEvent event = SampleRecords.siteEvent(5, ChainHash.genesis(), SampleRecords.secretStub());
        SiteEvent decoded = (SiteEvent) deserializer.deserialize(EVENTS, serializer.serialize(EVENTS, event));

        FileRecorded stub = (FileRecorded) decoded.getPayload();
        assertThat(stub).isEqualTo(event.getPayload());
        assertThat(stub.getTitle()).isNull();
        assertThat(stub.getNotes()).isNull();
        assertThat(stub.getKeywords()).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> T roundTrip(String topic, T record, Schema schema) {
        byte[] wire = serializer.serialize(topic, record);
        assertWireHeader(wire, registry.idOf(topic + "-value", schema));
        Object decoded = deserializer.deserialize(topic, wire);
        assertThat(decoded).isInstanceOf(record.getClass()).isEqualTo(record);
        return (T) decoded;
    }

    /** Byte 0 is the magic 0; bytes 1-4 are the registry's id, most significant byte first. */
    static void assertWireHeader(byte[] wire, int id) {
        assertThat(wire.length).isGreaterThan(WireFormat.HEADER_LENGTH);
        assertThat(wire[0]).as("magic byte").isEqualTo((byte) 0);
        assertThat(wire[1]).as("schema id bits 31-24").isEqualTo((byte) (id >>> 24));
        assertThat(wire[2]).as("schema id bits 23-16").isEqualTo((byte) (id >>> 16));
        assertThat(wire[3]).as("schema id bits 15-8").isEqualTo((byte) (id >>> 8));
        assertThat(wire[4]).as("schema id bits 7-0").isEqualTo((byte) id);
        assertThat(id).as("the registry handed out ids from " + FIRST_ID).isGreaterThanOrEqualTo(FIRST_ID);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
