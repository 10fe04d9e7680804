package org.archivesync.agent.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.Brokers;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRecording;
import org.archivesync.agent.testing.TestRegistry;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.agent.testing.TopicReader;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerdict;
import org.archivesync.schemas.registry.LocalRegistryServer;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.archivesync.schemas.wire.SubjectNames;
import org.archivesync.schemas.wire.AvroWireDeserializer;
import org.archivesync.schemas.wire.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

class PublisherIT {

    EmbeddedKafkaKraftBroker broker = Brokers.shared();
    TestRegistry registry;
    TestSite site = TestSite.create("CM.NAMCAN.UBND");
    String prefix;
    String topic;
    String cursors;
    Outbox outbox;
    Recorder recorder;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Publisher publisher;

    @BeforeEach
    void start(org.junit.jupiter.api.TestInfo info) {
        registry = TestRegistry.start(100_000);
        String name = info.getTestMethod().orElseThrow().getName();
        prefix = "archive.site-events." + name;
        topic = prefix + "." + site.siteCode();
        cursors = "archive.site-cursors." + name;
        Brokers.createTopics(broker, topic, cursors);
        AgentStore store = AgentStore.open(TestPaths.database(name));
        outbox = new Outbox(store);
        recorder = new Recorder(store, site.identity(), Clock.systemUTC(), "clerk");
    }

    Publisher publisher(PublisherSettings settings) {
        publisher = new Publisher(outbox, () -> Optional.of(site.identity()), settings, Clock.systemUTC(), meters);
        publisher.start();
        return publisher;
    }

    PublisherSettings settings() {
        return new PublisherSettings(true, broker.getBrokersAsString(), registry.url(), prefix,
                cursors, 3, Duration.ofMillis(50), Duration.ofMillis(100),
                Duration.ofMillis(800), 2.0, Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(2),
                Duration.ofSeconds(10), null, null);
    }

    @AfterEach
    void stop() {
        if (publisher != null) {
            publisher.close();
        }
        registry.close();
    }

    @Test
    void publishesTheOutboxInOrderKeyedBySiteWithSignatureHeadersOnSignedEventsOnly() {
        TestRecording.events(recorder, 9, 4); // transactions: 1 | 2..5 | 6..9
        publisher(settings());

        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().backlog() == 0);
        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), topic)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.poll().size() >= 9);
            records = reader.poll();
        }

        List<OutboxEntry> rows = outbox.range(1, 9);
        assertThat(records).hasSize(9);
        SchemaRegistryClient client = new SchemaRegistryClient(java.net.URI.create(registry.url()));
        int schemaId = client.idOf(org.archivesync.schemas.wire.SubjectNames.topicName(prefix, false), SiteEvent.getClassSchema());
        assertThat(schemaId).isEqualTo(100_000);
        for (int i = 0; i < 9; i++) {
            ConsumerRecord<String, byte[]> r = records.get(i);
            OutboxEntry row = rows.get(i);
            assertThat(r.key()).isEqualTo("CM.NAMCAN.UBND");
            WireFormat.Framed framed = WireFormat.parse(r.value());
            assertThat(framed.schemaId()).isEqualTo(schemaId);
            assertThat(framed.bodyBytes()).as("stored bytes behind the prefix").isEqualTo(row.body());
            assertThat(TopicReader.sequence(r)).isEqualTo(i + 1);
            boolean signed = List.of(1, 5, 9).contains(i + 1);
            assertThat(r.headers().lastHeader(SiteEventHeaders.SIGNATURE) != null).isEqualTo(signed);
            assertThat(r.headers().lastHeader(SiteEventHeaders.KEY_ID) != null).isEqualTo(signed);
            if (signed) {
                assertThat(r.headers().lastHeader(SiteEventHeaders.SIGNATURE).value()).hasSize(64).isEqualTo(row.signature());
                assertThat(new String(r.headers().lastHeader(SiteEventHeaders.KEY_ID).value(), StandardCharsets.UTF_8))
                        .isEqualTo(site.keyId());
            }
        }
        // Any Confluent-style consumer can read it back with the registry.
        Object decoded = new AvroWireDeserializer(client).deserialize(topic, records.get(8).value());
        assertThat(decoded).isInstanceOfSatisfying(SiteEvent.class, e -> assertThat(e.getSequence()).isEqualTo(9));
        ChainVerdict verdict = site.verifier().verify(site.siteCode(), ChainPosition.start(), s -> null,
                records.stream().map(TopicReader::chainEvent).toList());
        assertThat(verdict.failure()).isNull();
        assertThat(verdict.verifiedThrough()).isEqualTo(9);
        assertThat(outbox.range(1, 9)).allSatisfy(r -> assertThat(r.publishedAt()).isNotNull());
        assertThat(meters.get("archivesync.agent.publish.events").counter().count()).isEqualTo(9);
        assertThat(meters.get("archivesync.agent.outbox.backlog").gauge().value()).isZero();
        assertThat(outbox.delivery().brokerReachable()).isTrue();
    }

    @Test
    void everyEventCarriesTheBacklogLeftDownToOneOnTheLastAndTheAgentsSendTime() {
        TestRecording.events(recorder, 9, 4);
        Instant before = Instant.now();
        publisher(settings()); // three rounds of three rows: the backlog is counted in the first two, known in the last

        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().backlog() == 0);
        Instant after = Instant.now();
        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), topic)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.poll().size() >= 9);
            records = reader.poll();
        }

        assertThat(records).extracting(r -> header(r, SiteEventHeaders.BACKLOG))
                .containsExactly("9", "8", "7", "6", "5", "4", "3", "2", "1");
        assertThat(records).extracting(r -> Instant.parse(header(r, SiteEventHeaders.SENT_AT)))
                .allSatisfy(sentAt -> assertThat(sentAt).isBetween(before, after))
                .isSorted();
    }

    @Test
    void publishesWithAReadOnlyRegistryUserAndNeverRegisters() {
        try (LocalRegistryServer secured = LocalRegistryServer.start(500, "")) {
            // The hub registered the contract with its own credential; the office may only read.
            int id = secured.register(SubjectNames.topicName(prefix, false), SiteEvent.getClassSchema());
            secured.addUser("office-reader", "chỉ-đọc-42", false);
            TestRecording.events(recorder, 3, 3);

            publisher(new PublisherSettings(true, broker.getBrokersAsString(), secured.baseUrl().toString(), prefix,
                    cursors, 3, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(800), 2.0,
                    Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10), null,
                    null).withRegistryCredentials("USER_INFO", "office-reader:chỉ-đọc-42"));

            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().backlog() == 0);
            try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), topic)) {
                await().atMost(Duration.ofSeconds(10)).until(() -> reader.poll().size() >= 3);
                assertThat(reader.poll()).allSatisfy(r -> assertThat(WireFormat.parse(r.value()).schemaId()).isEqualTo(id));
            }
            assertThat(secured.requests()).allSatisfy(r -> {
                assertThat(r.header("Authorization")).isNotNull();
                assertThat(r.path()).doesNotEndWith("/versions");
            });
        }
    }

    @Test
    void keepsRecordingWhileTheRegistryIsDownAndPublishesOnceItIsBack() {
        registry.setUp(false);
        TestRecording.events(recorder, 3, 2);
        publisher(settings());

        await().atMost(Duration.ofSeconds(20)).until(() -> publisher.failedAttempts() >= 3);
        recorder.recordAll(List.of(TestRecording.file("HS-LATE")));
        assertThat(outbox.status().backlog()).isEqualTo(4);
        assertThat(meters.get("archivesync.agent.outbox.backlog").gauge().value()).isEqualTo(4);
        assertThat(meters.get("archivesync.agent.outbox.backlog.age").gauge().value()).isGreaterThanOrEqualTo(0);

        registry.setUp(true);

        await().atMost(Duration.ofSeconds(20)).until(() -> outbox.status().backlog() == 0);
        assertThat(publisher.failedAttempts()).isZero();
        try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), topic)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> reader.poll().size() >= 4);
            assertThat(reader.poll()).extracting(TopicReader::sequence).containsExactly(1L, 2L, 3L, 4L);
        }
        OutboxChecks.verifyWholeOutbox(outbox, site);
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
