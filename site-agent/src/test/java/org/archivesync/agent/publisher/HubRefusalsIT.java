package org.archivesync.agent.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.outbox.HubRefusal;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.status.StatusReader;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.Brokers;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRecording;
import org.archivesync.agent.testing.TestRegistry;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.avro.RefusedEvent;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteCursor;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroWireSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The hub refused events of this office (records another office holds) and said so with its cursor: the agent keeps
 * each refusal once and its status tells the clerk what was refused and who holds it.
 */
class HubRefusalsIT {

    static final String PREFIX = "archive.site-events.refusals";
    static final String CURSORS = "archive.site-cursors.refusals";

    @Test
    void refusalsOnTheHubCursorAreKeptOnceAndShownInTheClerksWords() {
        EmbeddedKafkaKraftBroker broker = Brokers.shared();
        TestSite site = TestSite.create("CM.TANHUNG.UBND");
        Brokers.createTopics(broker, PREFIX + "." + site.siteCode(), CURSORS);
        AgentStore store = AgentStore.open(TestPaths.database("hub-refusals-it"));
        Outbox outbox = new Outbox(store);
        TestRecording.events(new Recorder(store, site.identity(), Clock.systemUTC(), "clerk"), 3, 3);
        try (TestRegistry registry = TestRegistry.start(43);
             Publisher publisher = new Publisher(outbox, () -> Optional.of(site.identity()),
                     PublisherSettings.defaults(broker.getBrokersAsString(), registry.url()).withTopics(PREFIX, CURSORS)
                             .withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1)),
                     Clock.systemUTC(), new SimpleMeterRegistry());
             KafkaProducer<String, byte[]> hub = new KafkaProducer<>(Map.of("bootstrap.servers", broker.getBrokersAsString()),
                     new StringSerializer(), new ByteArraySerializer())) {
            publisher.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().backlog() == 0);

            AvroWireSerializer cursors = new AvroWireSerializer(new SchemaRegistryClient(URI.create(registry.url())), true);
            SiteCursor cursor = SiteCursor.newBuilder().setSiteCode(site.siteCode()).setLastSequence(3)
                    .setLastHash(new Sha256(outbox.hashAt(3))).setQuarantined(false).setUpdatedAt(Instant.now())
                    .setRefusals(List.of(
                            refused(3, "NOT_HELD", "file CM.CAINUOC.UBND.F01/HS.0001", "CM.CAINUOC.UBND"),
                            refused(2, "FONDS_HELD_ELSEWHERE", "fonds CM.CAINUOC.UBND.F01", "CM.CAINUOC.UBND")))
                    .build();
            // Sent twice (the hub republishes cursors): each refusal is kept once.
            hub.send(new ProducerRecord<>(CURSORS, site.siteCode(), cursors.serialize(CURSORS, cursor)));
            hub.send(new ProducerRecord<>(CURSORS, site.siteCode(), cursors.serialize(CURSORS, cursor)));
            hub.flush();

            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.hubRefusalCount() == 2);
            List<HubRefusal> refusals = outbox.hubRefusals(10);
            assertThat(refusals).extracting(HubRefusal::sequence).containsExactly(3L, 2L);
            assertThat(StatusReader.describe(refusals.get(0), AgentMessages.of(Locale.forLanguageTag("vi"))))
                    .isEqualTo("sự kiện số 3: file CM.CAINUOC.UBND.F01/HS.0001 — hồ sơ/hộp do đơn vị khác quản lý; "
                            + "đơn vị đang quản lý: CM.CAINUOC.UBND");
            assertThat(StatusReader.describe(refusals.get(1), AgentMessages.of(Locale.ENGLISH)))
                    .isEqualTo("event 2: fonds CM.CAINUOC.UBND.F01 — the fonds is held by another office; held by: "
                            + "CM.CAINUOC.UBND");
        } finally {
            store.close();
        }
    }

    private static RefusedEvent refused(long sequence, String reason, String record, String holder) {
        return RefusedEvent.newBuilder().setSequence(sequence).setReason(reason).setRecord(record)
                .setHolderSiteCode(holder).setDetail(record + " is held by " + holder).build();
    }
}
