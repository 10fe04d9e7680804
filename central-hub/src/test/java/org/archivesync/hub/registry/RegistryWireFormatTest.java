package org.archivesync.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.archivesync.avro.FondsRegistered;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.schemas.wire.AvroWireDeserializer;
import org.archivesync.schemas.wire.AvroWireSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The schemas module's Kafka serdes, configured as any Kafka client would be, use the hub as their registry. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryWireFormatTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final String TOPIC = "archive.site-events";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE);
        HubTestProperties.withoutListeners(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    SchemaRegistry registry;

    @Test
    void aSiteEventRoundTripsThroughTheHubsRegistry() {
        // As any Kafka client but the hub: it looks up the id of the schema the hub registered at start, and never
        // registers (anonymous writes are refused: RegistryPerimeterTest).
        Map<String, Object> config = Map.of("schema.registry.url", "http://localhost:" + port + "/registry",
                "auto.register.schemas", "false");
        try (AvroWireSerializer serializer = new AvroWireSerializer();
             AvroWireDeserializer deserializer = new AvroWireDeserializer()) {
            serializer.configure(config, false);
            deserializer.configure(config, false);
            SiteEvent event = siteEvent();

            byte[] framed = serializer.serialize(TOPIC, event);
            Object read = deserializer.deserialize(TOPIC, framed);

            RegisteredVersion registered = registry.version("archive.site-events-value", "latest");
            assertThat(framed[0]).isZero();
            assertThat(ByteBuffer.wrap(framed, 1, 4).getInt()).isEqualTo(registered.id());
            assertThat(registered.version()).isEqualTo(1);
            assertThat(read).isInstanceOf(SiteEvent.class).isEqualTo(event);
        }
    }

    private static SiteEvent siteEvent() {
        return SiteEvent.newBuilder()
                .setEventId(UUID.fromString("0b7e6a52-8f0e-4d47-9a57-3d2f1c6f1a01"))
                .setSiteCode("CM.CAINUOC.UBND")
                .setSequence(1)
                .setPreviousHash(new Sha256(new byte[32]))
                .setOccurredAt(Instant.parse("2025-07-01T02:30:15.123Z"))
                .setRecordedBy("cb.luutru.cainuoc")
                .setAgentVersion("0.1.0")
                .setPayload(FondsRegistered.newBuilder()
                        .setFondsCode("CM-CN-UBND")
                        .setName("Phông Ủy ban nhân dân huyện Cái Nước")
                        .setCreatingBody("UBND huyện Cái Nước")
                        .build())
                .build();
    }
}
