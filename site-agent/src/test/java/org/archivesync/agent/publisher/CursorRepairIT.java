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
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The hub's cursor lags what the agent published (topic data lost): the agent sends exactly the missing range again. */
class CursorRepairIT {

    static final String PREFIX = "archive.site-events.repair";
    static final String CURSORS = "archive.site-cursors.repair";

    @Test
    void aLaggingHubCursorMakesTheAgentRepublishExactlyTheMissingRange() {
        EmbeddedKafkaKraftBroker broker = Brokers.shared();
        TestSite site = TestSite.create("CM.PHUTAN.UBND");
        String topic = PREFIX + "." + site.siteCode();
        Brokers.createTopics(broker, topic, CURSORS);
        AgentStore store = AgentStore.open(TestPaths.database("cursor-repair-it"));
        Outbox outbox = new Outbox(store);
        TestRecording.events(new Recorder(store, site.identity(), Clock.systemUTC(), "clerk"), 20, 10);
        try (TestRegistry registry = TestRegistry.start(42);
             Publisher publisher = new Publisher(outbox, () -> Optional.of(site.identity()),
                     PublisherSettings.defaults(broker.getBrokersAsString(), registry.url()).withTopics(PREFIX, CURSORS).withBatchSize(7)
                             .withRepairGrace(Duration.ZERO).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                     Clock.systemUTC(), new SimpleMeterRegistry());
             TopicReader reader = new TopicReader(broker.getBrokersAsString(), topic);
             KafkaProducer<String, byte[]> hub = new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                     new StringSerializer(), new ByteArraySerializer())) {
            publisher.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().backlog() == 0 && reader.poll().size() == 20);

            AvroWireSerializer cursors = new AvroWireSerializer(new SchemaRegistryClient(URI.create(registry.url())), true);
            // Another site's cursor says nothing about this one.
            hub.send(new ProducerRecord<>(CURSORS, "CM.OTHER.UBND", cursors.serialize(CURSORS,
                    cursor("CM.OTHER.UBND", 0, new byte[32]))));
            // The hub applied 1..12 and lost 13..20.
            hub.send(new ProducerRecord<>(CURSORS, site.siteCode(), cursors.serialize(CURSORS,
                    cursor(site.siteCode(), 12, outbox.hashAt(12)))));
            hub.flush();

            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().size() >= 28);
            // Exactly 13..20 again, once, and nothing more while the cursor stays where it is.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> reader.poll().size() == 28);
            List<Long> sequences = reader.poll().stream().map(TopicReader::sequence).toList();
            assertThat(sequences.subList(0, 20)).containsExactlyElementsOf(range(1, 20));
            assertThat(sequences.subList(20, 28)).containsExactlyElementsOf(range(13, 20));
            assertThat(outbox.status().backlog()).isZero();
            assertThat(outbox.delivery().hubCursorSequence()).isEqualTo(12);
            assertThat(outbox.delivery().hubCursorHash()).isEqualTo(outbox.hashAt(12));
        } finally {
            store.close();
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
