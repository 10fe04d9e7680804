package org.archivesync.hub.ingest;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.digitized;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.received;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.archivesync.hub.fixtures.Agent.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.HubTestProperties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.SiteEvent;
import org.archivesync.avro.SiteProgress;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroWireDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code archive.site-progress}: after a commit, from the outbox, every site whose figures changed gets its figures
 * as the progress feature computes them (extents, boxes, scans, handovers, destructions, files, appraisals), keyed by
 * site code in the Confluent wire format, including a site whose figures changed through another site's event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(count = 1)
@DirtiesContext
class SiteProgressTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final String TOPIC = "archive.site-progress";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        registry.add("spring.kafka.listener.auto-startup", () -> "false");
        registry.add("archive-sync.hub.outbound.partitions", () -> "2");
        registry.add("archive-sync.hub.outbound.poll-interval", () -> "200ms");
        registry.add("archive-sync.hub.outbound.progress-interval", () -> "200ms");
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    SiteEventIngest ingest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SchemaRegistryClient registry;

    @Test
    void sitesWhoseFiguresChangedGetTheirProgressPublished() {
        int schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
        Agent sender = new Agent("CM.TIENDO.GIAO").enroll(jdbc);
        Agent receiver = new Agent("CM.TIENDO.NHAN").enroll(jdbc);
        String f = "TD.F";
        UUID id = UUID.randomUUID();
        List<Agent.Event> work = sender.events(fonds(f), extent(f), box("H1", f, true), box("H2", f, false),
                file(f, "HS-1", "Một"), file(f, "HS-2", "Hai"), file(f, "HS-3", "Ba"), file(f, "HS-4", "Bốn"),
                digitized(f, "HS-1"), appraised(f, "HS-2", AppraisalDecision.TRANSFER_TO_HISTORICAL),
                appraised(f, "HS-3", AppraisalDecision.DESTROY), appraised(f, "HS-4", AppraisalDecision.KEEP_AT_SUCCESSOR),
                destruction("Nguyễn Văn An", "Trần Thị Bình", ref(f, "HS-3")), withdrawn(f, "HS-4"),
                handover(id, receiver.siteCode, List.of(f + "/H1"), ref(f, "HS-1")));
        ingest.ingest(work.stream().map(e -> e.record(schemaId)).toList());

        SiteProgress first = await().atMost(30, TimeUnit.SECONDS).until(() -> latest().get(sender.siteCode),
                p -> p != null && p.getLastSequence() == work.size());
        assertThat(first.getUnitCode()).isEqualTo("CM.CAINUOC");
        assertThat(first.getInventoriedMetres()).isEqualTo(new BigDecimal("1237.10"));
        assertThat(first.getUnsortedMetres()).isEqualTo(new BigDecimal("1104.00"));
        assertThat(first.getBoxedMetres()).isEqualTo(new BigDecimal("0.20"));
        assertThat(first.getSealedMetres()).isEqualTo(new BigDecimal("0.10"));
        assertThat(first.getDigitizedPages()).isEqualTo(42);
        assertThat(first.getDestroyedMetres()).isEqualTo(new BigDecimal("0.05"));
        assertThat(first.getFileCount()).as("withdrawn files do not count, destroyed ones were recorded").isEqualTo(3);
        assertThat(first.getAppraisedTransfer()).isOne();
        assertThat(first.getAppraisedDestroy()).isOne();
        assertThat(first.getAppraisedKeep()).as("the file appraised KEEP was withdrawn").isZero();
        assertThat(first.getHandedOverMetres()).isEqualTo(new BigDecimal("0.20"));
        assertThat(first.getTransferredMetres()).isEqualTo(new BigDecimal("0.00"));

        // Only the receiver records something: its receipt, and an appraisal of one of the sender's files. The
        // sender's figures change with it, so the sender's progress goes out again, with its own last sequence.
        List<Agent.Event> other = receiver.events(
                received(id, sender.siteCode, List.of(f + "/H1"), null, ref(f, "HS-1")),
                appraised(f, "HS-1", AppraisalDecision.TRANSFER_TO_HISTORICAL));
        ingest.ingest(other.stream().map(e -> e.record(schemaId)).toList());
        SiteProgress after = await().atMost(30, TimeUnit.SECONDS).until(() -> latest().get(sender.siteCode),
                p -> p.getAppraisedTransfer() == 2);
        assertThat(after.getLastSequence()).isEqualTo(work.size());
        assertThat(after.getFileCount()).isEqualTo(3);
        assertThat(after.getAsOf()).isAfter(first.getAsOf());
        SiteProgress nhan = await().atMost(30, TimeUnit.SECONDS).until(() -> latest().get(receiver.siteCode),
                p -> p != null && p.getLastSequence() == other.size());
        assertThat(nhan.getFileCount()).isZero();
        await().atMost(10, TimeUnit.SECONDS).until(() -> jdbc.sql("SELECT count(*) FROM outbox").query(Long.class)
                .single() == 0);
    }

    /** The latest value per key of the progress topic so far. */
    private Map<String, SiteProgress> latest() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, SiteProgress> latest = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer()); AvroWireDeserializer deserializer = new AvroWireDeserializer(registry)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(r.key(), (SiteProgress) deserializer.deserialize(TOPIC, r.value()));
                }
            }
        }
        return latest;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
