package org.archivesync.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.archivesync.avro.RefusedEvent;
import org.archivesync.avro.SiteCursor;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroWireDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub re-publishes every enrolled site's cursor each {@code cursor-heartbeat}, changed or not, through a real
 * broker: a site that never sent anything gets a cursor at 0 (so its agent can repair a lost first event), a site
 * whose cursor stands still is heard again and again with the same value (so its agent can repair after a quiet
 * period), and a site without an enrolled key gets nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(count = 1)
class CursorHeartbeatTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final String CURSORS = "archive.site-cursors";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withEmbeddedBroker(registry);
        registry.add("archive-sync.hub.ingest.cursor-heartbeat", () -> "300ms");
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SchemaRegistryClient registry;

    @Test
    void everyEnrolledSitesCursorIsRepublishedUnchangedAndASilentSiteGetsOneAtZero() {
        site("CM.HB.SILENT", "00000000000000a1");
        site("CM.HB.QUIET", "00000000000000a2");
        byte[] hash = HexFormat.of().parseHex("ab".repeat(32));
        jdbc.sql("""
                INSERT INTO site_cursors (site_code, last_sequence, last_hash, updated_at)
                VALUES ('CM.HB.QUIET', 7, :hash, :at)""").param("hash", hash)
                .param("at", OffsetDateTime.parse("2026-01-02T03:04:05Z")).update();
        jdbc.sql("INSERT INTO sites (site_code, name, unit_code, role) VALUES ('CM.HB.NOKEY', 'Không khóa', 'CM.CAINUOC',"
                + " 'DISTRICT_OFFICE')").update();

        Map<String, List<SiteCursor>> seen = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            read(seen);
            assertThat(seen.getOrDefault("CM.HB.SILENT", List.of())).hasSizeGreaterThanOrEqualTo(2);
            assertThat(seen.getOrDefault("CM.HB.QUIET", List.of())).hasSizeGreaterThanOrEqualTo(2);
        });

        assertThat(seen.get("CM.HB.SILENT")).allSatisfy(c -> {
            assertThat(c.getLastSequence()).isZero();
            assertThat(c.getLastHash().bytes()).isEqualTo(new byte[32]);
            assertThat(c.getQuarantined()).isFalse();
        });
        assertThat(seen.get("CM.HB.QUIET")).allSatisfy(c -> {
            assertThat(c.getLastSequence()).isEqualTo(7);
            assertThat(c.getLastHash().bytes()).isEqualTo(hash);
            assertThat(c.getUpdatedAt()).as("when it last moved, not when re-sent")
                    .isEqualTo(OffsetDateTime.parse("2026-01-02T03:04:05Z").toInstant());
        });
        assertThat(seen).doesNotContainKey("CM.HB.NOKEY");
    }

    @Test
    void aHeartbeatCarriesTheSitesNewestTwentyRefusalsNewestFirst() {
        // Refused before the office is enrolled: every heartbeat that names it has all of them.
        for (int seq = 1; seq <= 22; seq++) {
            jdbc.sql("""
                    INSERT INTO refused_events (site_code, sequence, reason, record, holder_site_code, detail, refused_at)
                    VALUES ('CM.HB.REFUSED', :seq, 'NOT_HELD', :record, 'CM.HB.OTHER', 'not held', :at)""")
                    .param("seq", seq).param("record", "file F/HS-" + seq)
                    .param("at", OffsetDateTime.parse("2026-01-02T03:04:05Z").plusMinutes(seq)).update();
        }
        site("CM.HB.REFUSED", "00000000000000a3");

        Map<String, List<SiteCursor>> seen = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            read(seen);
            assertThat(seen.getOrDefault("CM.HB.REFUSED", List.of())).isNotEmpty();
        });

        List<RefusedEvent> refusals = seen.get("CM.HB.REFUSED").get(0).getRefusals();
        assertThat(refusals).extracting(RefusedEvent::getSequence)
                .containsExactlyElementsOf(LongStream.iterate(22, n -> n >= 3, n -> n - 1).boxed().toList());
        assertThat(refusals.get(0)).isEqualTo(RefusedEvent.newBuilder().setSequence(22).setReason("NOT_HELD")
                .setRecord("file F/HS-22").setHolderSiteCode("CM.HB.OTHER").setDetail("not held").build());
    }

    private void site(String siteCode, String keyId) {
        jdbc.sql("INSERT INTO sites (site_code, name, unit_code, role) VALUES (:s, :s, 'CM.CAINUOC', 'DISTRICT_OFFICE')")
                .param("s", siteCode).update();
        jdbc.sql("INSERT INTO site_keys (key_id, site_code, public_key) VALUES (:k, :s, 'test-key')")
                .param("k", keyId).param("s", siteCode).update();
    }

    private void read(Map<String, List<SiteCursor>> into) {
        into.clear();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
             AvroWireDeserializer deserializer = new AvroWireDeserializer(registry)) {
            List<TopicPartition> partitions = consumer.partitionsFor(CURSORS).stream()
                    .map(p -> new TopicPartition(CURSORS, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            for (ConsumerRecord<String, byte[]> r : records) {
                into.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add((SiteCursor) deserializer.deserialize(CURSORS, r.value()));
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
