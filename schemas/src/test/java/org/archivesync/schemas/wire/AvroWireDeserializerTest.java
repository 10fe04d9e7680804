package org.archivesync.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.SampleRecords;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.registry.LocalRegistryServer;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the deserializer refuses, how it says so, and how it reads records written with an older schema. */
class AvroWireDeserializerTest {

    private static final String EVENTS = "archive.site-events";

    /**
     * FileRecorded as an earlier release wrote it, before {@code keywords}, {@code physicalCondition} and {@code notes}
     * were added (each with a default). Self-contained: the enums are defined inline, as a registry returns them.
     */
    private static final String FILE_RECORDED_BEFORE_KEYWORDS = """
            {"type": "record", "name": "FileRecorded", "namespace": "org.archivesync.avro", "fields": [
              {"name": "fondsCode", "type": "string"},
              {"name": "fileCode", "type": "string"},
              {"name": "boxCode", "type": ["null", "string"], "default": null},
              {"name": "title", "type": ["null", "string"], "default": null},
              {"name": "startDate", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null},
              {"name": "endDate", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null},
              {"name": "sheetCount", "type": ["null", "int"], "default": null},
              {"name": "pageCount", "type": ["null", "int"], "default": null},
              {"name": "retention", "type": {"type": "enum", "name": "RetentionKind", "symbols": ["PERMANENT", "FIXED_TERM"]}},
              {"name": "retentionYears", "type": ["null", "int"], "default": null},
              {"name": "accessRegime", "type": {"type": "enum", "name": "AccessRegime", "symbols": ["OPEN", "RESTRICTED", "STATE_SECRET"]}},
              {"name": "secretLevel", "type": ["null", {"type": "enum", "name": "SecretLevel", "symbols": ["CONFIDENTIAL", "SECRET", "TOP_SECRET"]}], "default": null},
              {"name": "language", "type": ["null", "string"], "default": null}
            ]}""";

    private static LocalRegistryServer registry;
    private AvroWireDeserializer deserializer;
    private byte[] valid;

    @BeforeAll
    static void startRegistry() {
        registry = LocalRegistryServer.start();
    }

    @AfterAll
    static void stopRegistry() {
        registry.close();
    }

    @BeforeEach
    void setUp() {
        deserializer = new AvroWireDeserializer(registry.client());
        SiteEvent event = SampleRecords.siteEvent(1, ChainHash.genesis(), SampleRecords.fileRecorded());
        valid = new AvroWireSerializer(registry.client(), true).serialize(EVENTS, event);
        registry.clearReplies();
        registry.clearRequests();
    }

    @Test
    void wrongMagicByteIsRefused() {
        byte[] wire = valid.clone();
        wire[0] = 1;

        assertThatThrownBy(() -> deserializer.deserialize(EVENTS, wire))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("magic byte 0x01")
                .hasMessageContaining("expected 0x00");
        assertThat(registry.requests()).as("no registry call for bytes that are not ours").isEmpty();
    }

    @Test
    void unknownSchemaIdIsRefusedWithTheId() {
        byte[] wire = WireFormat.frame(4_242, Arrays.copyOfRange(valid, 5, valid.length));

        UnknownSchemaIdException e = catchThrowableOfType(UnknownSchemaIdException.class,
                () -> deserializer.deserialize(EVENTS, wire));

        assertThat(e.schemaId()).isEqualTo(4_242);
        assertThat(e).hasMessageContaining("schema id 4242").hasMessageContaining(registry.baseUrl().toString());
        assertThat(e.getCause()).isInstanceOf(SchemaRegistryException.SchemaNotFoundException.class);
        assertThat(registry.requests("GET", "/schemas/ids/4242")).hasSize(1);
    }

    @Test
    void recordShorterThanTheWireHeaderIsRefused() {
        assertThatThrownBy(() -> deserializer.deserialize(EVENTS, new byte[] {0, 0, 0, 1}))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("record of 4 bytes")
                .hasMessageContaining("shorter than the 5-byte");
        assertThatThrownBy(() -> deserializer.deserialize(EVENTS, new byte[0]))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("record of 0 bytes");
    }

    @Test
    void truncatedAvroBodyIsRefused() {
        byte[] truncated = Arrays.copyOf(valid, valid.length - 10);

        assertThatThrownBy(() -> deserializer.deserialize(EVENTS, truncated))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated or malformed")
                .hasMessageContaining("org.archivesync.avro.SiteEvent")
                .hasMessageContaining("Avro body of " + (truncated.length - 5) + " bytes");
    }

    @Test
    void headerWithoutAnyBodyIsRefused() {
        assertThatThrownBy(() -> deserializer.deserialize(EVENTS, Arrays.copyOf(valid, 5)))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("Avro body of 0 bytes is truncated");
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] longer = Arrays.copyOf(valid, valid.length + 2);

        assertThatThrownBy(() -> deserializer.deserialize(EVENTS, longer))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("trailing bytes")
                .hasMessageContaining("org.archivesync.avro.SiteEvent");
    }

    @Test
    void nullValueIsATombstone() {
        assertThat(deserializer.deserialize("archive.catalogue.files", null)).isNull();
        assertThat(registry.requests()).isEmpty();
    }

    @Test
    void writerSchemaIsFetchedOncePerId() {
        deserializer.deserialize(EVENTS, valid);
        deserializer.deserialize(EVENTS, valid);

        assertThat(registry.requests()).extracting(LocalRegistryServer.Request::path)
                .containsExactly("/schemas/ids/" + WireFormat.parse(valid).schemaId());
    }

    @Test
    void recordWrittenWithAnOlderSchemaDecodesWithTheCurrentOneDefaultsApplied() throws IOException {
        Schema older = new Schema.Parser().parse(FILE_RECORDED_BEFORE_KEYWORDS);
        int id = registry.register("archive.legacy-value", older);
        GenericRecord old = new GenericData.Record(older);
        old.put("fondsCode", SampleRecords.FONDS);
        old.put("fileCode", "HS-0001");
        old.put("title", SampleRecords.TITLE);
        old.put("startDate", (int) LocalDate.of(2025, 3, 12).toEpochDay());
        old.put("sheetCount", 87);
        old.put("retention", new GenericData.EnumSymbol(older.getField("retention").schema(), "PERMANENT"));
        old.put("accessRegime", new GenericData.EnumSymbol(older.getField("accessRegime").schema(), "OPEN"));
        byte[] wire = WireFormat.frame(id, genericBody(older, old));

        Object decoded = deserializer.deserialize("archive.legacy", wire);

        assertThat(decoded).isInstanceOf(FileRecorded.class);
        FileRecorded file = (FileRecorded) decoded;
        assertThat(file.getTitle()).isEqualTo(SampleRecords.TITLE);
        assertThat(file.getStartDate()).isEqualTo(LocalDate.of(2025, 3, 12));
        assertThat(file.getSheetCount()).isEqualTo(87);
        assertThat(file.getKeywords()).as("default [] of the field added later").isNotNull().isEmpty();
        assertThat(file.getNotes()).as("default null of the field added later").isNull();
        assertThat(file.getPhysicalCondition()).isNull();
    }

    @Test
    void writerWithoutAGeneratedClassGivesAGenericRecord() throws IOException {
        Schema unknown = new Schema.Parser().parse("""
                {"type": "record", "name": "Alert", "namespace": "org.example.downstream",
                 "fields": [{"name": "detail", "type": "string"}]}""");
        int id = registry.register("archive.alerts-value", unknown);
        GenericRecord alert = new GenericData.Record(unknown);
        alert.put("detail", "Thiếu hộp H-0043");

        Object decoded = deserializer.deserialize("archive.alerts", WireFormat.frame(id, genericBody(unknown, alert)));

        assertThat(decoded).isInstanceOf(GenericRecord.class);
        assertThat(((GenericRecord) decoded).get("detail").toString()).isEqualTo("Thiếu hộp H-0043");
    }

    @Test
    void unreachableRegistryIsRetriableNotAWireFormatFailure() throws IOException {
        AvroWireDeserializer offline = new AvroWireDeserializer(new SchemaRegistryClient(closedPortUrl()));

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> offline.deserialize(EVENTS, valid));

        // The record is fine: a consumer must retry it, not dead-letter it or quarantine the site.
        assertThat(e).isNotInstanceOf(WireFormatException.class);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void registryServerErrorIsRetriable() {
        int id = WireFormat.parse(valid).schemaId();
        registry.replyJson("GET", "/schemas/ids/" + id, 500,
                "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> deserializer.deserialize(EVENTS, valid));

        assertThat(e).isNotInstanceOf(WireFormatException.class);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void configuredFromConfluentSettings() {
        AvroWireDeserializer configured = new AvroWireDeserializer();
        configured.configure(Map.of("schema.registry.url", registry.baseUrl() + ", http://unused:8081"), false);

        assertThat(configured.deserialize(EVENTS, valid)).isInstanceOf(SiteEvent.class);
        assertThat(registry.requests()).hasSize(1);
    }

    static byte[] genericBody(Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /** A URL nothing listens on: bind a port, then free it. */
    static URI closedPortUrl() throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }

}
