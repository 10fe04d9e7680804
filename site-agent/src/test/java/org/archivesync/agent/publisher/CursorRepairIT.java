package org.archivesync.agent.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.Brokers;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRecording;
import org.archivesync.agent.testing.TestRegistry;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.agent.testing.TopicReader;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteCursor;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroWireSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The hub's cursor lags what the agent published (topic data lost, a hub that lags): the agent sends exactly the
 * missing range again, once per grace, and only once the cursor stood still. The grace runs on a ticker the test
 * moves; the cursor records go through a real broker, written as the hub writes them.
 */
class CursorRepairIT {

    static final Duration GRACE = Duration.ofMinutes(2);

    EmbeddedKafkaKraftBroker broker = Brokers.shared();
    TestSite site;
    String prefix;
    String cursors;
    String topic;
    AgentStore store;
    Outbox outbox;
    AtomicLong ticker = new AtomicLong(1_000_000_000L);
    TestRegistry registry;
    KafkaProducer<String, byte[]> hub;
    AvroWireSerializer serializer;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    void start(TestInfo info, String siteCode, int events) {
        String name = info.getTestMethod().orElseThrow().getName().toLowerCase();
        site = TestSite.create(siteCode);
        prefix = "archive.site-events.repair." + name;
        cursors = "archive.site-cursors.repair." + name;
        topic = prefix + "." + site.siteCode();
        Brokers.createTopics(broker, topic, cursors);
        store = AgentStore.open(TestPaths.database("cursor-repair-it-" + name));
        outbox = new Outbox(store);
        TestRecording.events(new Recorder(store, site.identity(), Clock.systemUTC(), "clerk"), events, 10);
        registry = TestRegistry.start(42);
        hub = new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()), new StringSerializer(),
                new ByteArraySerializer());
        serializer = new AvroWireSerializer(new SchemaRegistryClient(URI.create(registry.url())), true);
    }

    @AfterEach
    void stop() {
        hub.close();
        registry.close();
        store.close();
    }

    Publisher publisher() {
        return new Publisher(outbox, () -> Optional.of(site.identity()),
                PublisherSettings.defaults(broker.getBrokersAsString(), registry.url()).withTopics(prefix, cursors)
                        .withBatchSize(7).withRepairGrace(GRACE)
                        .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                        // One record per poll: a stale cursor would be seen on its own before the newest.
                        .withConsumer(Map.of("max.poll.records", "1")),
                Clock.systemUTC(), ticker::get, meters);
    }

    /** Waits for a few publisher rounds, each of which looked at the newest cursor. */
    static void settle(Publisher publisher) {
        long rounds = publisher.rounds();
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.rounds() >= rounds + 4);
    }

    /** The hub writes a cursor record for {@code siteCode}. */
    void hubCursor(String siteCode, long sequence, byte[] hash) {
        hub.send(new ProducerRecord<>(cursors, siteCode, serializer.serialize(cursors, cursor(siteCode, sequence, hash))));
        hub.flush();
    }

    /** The hub writes this site's cursor and the agent has read it. */
    void heard(Publisher publisher, long sequence) {
        long before = publisher.hubCursor() == null ? -1 : publisher.hubCursor().offset();
        hubCursor(site.siteCode(), sequence, outbox.hashAt(sequence));
        await().atMost(Duration.ofSeconds(30)).until(() -> publisher.hubCursor() != null
                && publisher.hubCursor().offset() > before && publisher.hubCursor().lastSequence() == sequence);
    }

    double resent() {
        return meters.get("archivesync.agent.publish.republished").counter().count();
    }

    @Test
    void aStillLaggingHubCursorMakesTheAgentRepublishExactlyTheMissingRangeOnce(TestInfo info) {
        start(info, "CM.PHUTAN.UBND", 20);
        try (Publisher publisher = publisher(); TopicReader reader = new TopicReader(broker.getBrokersAsString(), topic)) {
            publisher.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().backlog() == 0 && reader.poll().size() == 20);

            // Another site's cursor says nothing about this one.
            hubCursor("CM.OTHER.UBND", 0, new byte[32]);
            // The hub applied 1..12 and lost 13..20; it says so, then repeats it every heartbeat.
            heard(publisher, 12);
            ticker.addAndGet(GRACE.minusSeconds(1).toNanos());
            heard(publisher, 12);
            settle(publisher);
            assertThat(reader.poll()).as("within the grace nothing is sent again").hasSize(20);
            ticker.addAndGet(Duration.ofSeconds(2).toNanos());
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().size() >= 28);
            // More heartbeats within the next grace: no second copy.
            heard(publisher, 12);
            ticker.addAndGet(Duration.ofSeconds(60).toNanos());
            heard(publisher, 12);
            settle(publisher);

            List<Long> sequences = reader.poll().stream().map(TopicReader::sequence).toList();
            assertThat(sequences).hasSize(28);
            assertThat(sequences.subList(0, 20)).containsExactlyElementsOf(range(1, 20));
            assertThat(sequences.subList(20, 28)).containsExactlyElementsOf(range(13, 20));
            assertThat(resent()).isEqualTo(8);
            assertThat(outbox.status().backlog()).isZero();
            assertThat(outbox.delivery().hubCursorSequence()).isEqualTo(12);
            assertThat(outbox.delivery().hubCursorHash()).isEqualTo(outbox.hashAt(12));
        }
    }

    @Test
    void aLaggingHubWhoseCursorKeepsMovingTriggersNoResend(TestInfo info) {
        start(info, "CM.TANHUNGDONG.UBND", 60);
        try (Publisher publisher = publisher(); TopicReader reader = new TopicReader(broker.getBrokersAsString(), topic)) {
            publisher.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().backlog() == 0 && reader.poll().size() == 60);

            // The hub works through the backlog slowly: a new cursor every 90 s (less than the grace), 5 at a time.
            for (long seq = 5; seq < 60; seq += 5) {
                heard(publisher, seq);
                ticker.addAndGet(Duration.ofSeconds(90).toNanos());
            }
            heard(publisher, 60);
            ticker.addAndGet(GRACE.multipliedBy(3).toNanos());
            heard(publisher, 60);
            settle(publisher);

            assertThat(resent()).as("events re-sent").isZero();
            assertThat(reader.poll()).hasSize(60);
        }
    }

    @Test
    void atStartOnlyTheNewestCursorCountsNotTheStaleOnesBeforeIt(TestInfo info) {
        start(info, "CM.TANAN.UBND", 20);
        try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), topic)) {
            try (Publisher first = publisher()) {
                first.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().backlog() == 0
                        && reader.poll().size() == 20);
            }
            // What the compacted topic still holds: the hub's cursor as it moved, the newest last.
            for (long seq : new long[] {3, 7, 12, 20}) {
                hubCursor(site.siteCode(), seq, outbox.hashAt(seq));
            }
            ticker.addAndGet(Duration.ofHours(1).toNanos());

            try (Publisher restarted = publisher()) {
                restarted.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> restarted.hubCursor() != null);
                assertThat(restarted.hubCursor().lastSequence()).as("the first cursor it acts on").isEqualTo(20);
                ticker.addAndGet(GRACE.multipliedBy(2).toNanos());
                heard(restarted, 20);
                settle(restarted);
            }
            assertThat(resent()).isZero();
            assertThat(reader.poll()).hasSize(20);
        }
    }

    static SiteCursor cursor(String site, long sequence, byte[] hash) {
        return SiteCursor.newBuilder().setSiteCode(site).setLastSequence(sequence).setLastHash(new Sha256(hash))
                .setQuarantined(false).setUpdatedAt(Instant.now()).build();
    }

    static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).boxed().toList();
    }
}
