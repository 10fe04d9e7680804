package org.archivesync.agent.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.status.StatusReader;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.Brokers;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRecording;
import org.archivesync.agent.testing.TestRegistry;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.agent.testing.TcpProxy;
import org.archivesync.agent.testing.TopicReader;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerdict;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The office link goes down: events are recorded anyway, and arrive once each, in order, when the link is back. The
 * link is a relay the broker advertises, so cutting it cuts the agent off from a broker that keeps its logs.
 */
class OfflinePublishingIT {

    static final String PREFIX = "archive.site-events.offline";
    static final String CURSORS = "archive.site-cursors.offline";

    @Test
    void thousandEventsRecordedWhileTheBrokerIsDownArriveOnceEachInOrderChainedAndSigned() {
        TestSite site = TestSite.create("CM.UMINH.UBND");
        AgentStore store = AgentStore.open(TestPaths.database("offline"));
        Outbox outbox = new Outbox(store);
        Recorder recorder = new Recorder(store, site.identity(), Clock.systemUTC(), "clerk");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        int port = Brokers.freePort();
        TcpProxy link = new TcpProxy(port, "localhost", 1);
        link.restore();
        EmbeddedKafkaKraftBroker broker = Brokers.startBehind(link);
        link.setTarget(Integer.parseInt(broker.getBrokersAsString().substring(broker.getBrokersAsString().lastIndexOf(':') + 1)));
        Brokers.createTopics(broker, PREFIX + "." + site.siteCode(), CURSORS);
        try (TestRegistry registry = TestRegistry.start(7);
             Publisher publisher = new Publisher(outbox, () -> Optional.of(site.identity()),
                     new PublisherSettings(true, "localhost:" + port, registry.url(), PREFIX, CURSORS, 250,
                             Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(2), 2.0,
                             Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(10),
                             null, null), Clock.systemUTC(), meters)) {
            publisher.start();
            recorder.registerFonds(new org.archivesync.agent.recording.RegisterFonds(TestRecording.FONDS, "Phông", "UBND", null, null, null, false));
            await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().lastPublishedSequence() == 1);
            assertThat(publisher.brokerReachable()).isTrue();

            link.cut();
            // A day of work with no link: 1000 events in transactions of 37 (the last one signed).
            TestRecording.events(recorder, 1000, 37);
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.failedAttempts() >= 3);
            assertThat(publisher.brokerReachable()).isFalse();
            assertThat(outbox.status().backlog()).isEqualTo(1000);
            assertThat(outbox.status().lastPublishedSequence()).isEqualTo(1);
            var status = new StatusReader(new org.archivesync.agent.identity.Enrollment(store, Duration.ofSeconds(1),
                    Clock.systemUTC()), outbox, Clock.systemUTC()).status();
            assertThat(status.brokerReachable()).isFalse();
            assertThat(status.backlog()).isEqualTo(1000);
            assertThat(status.lastError()).isNotBlank();

            link.restore();

            await().atMost(Duration.ofSeconds(60)).until(() -> outbox.status().backlog() == 0);
            assertThat(publisher.brokerReachable()).isTrue();
            List<ConsumerRecord<String, byte[]>> records;
            try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), PREFIX + "." + site.siteCode())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() >= 1001);
                records = reader.poll();
            }
            assertThat(records).as("each event exactly once").hasSize(1001);
            assertThat(records).extracting(TopicReader::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 1001).boxed().toList());
            assertThat(records.get(1000).headers().lastHeader(SiteEventHeaders.SIGNATURE)).isNotNull();
            ChainVerdict verdict = site.verifier().verify(site.siteCode(), ChainPosition.start(), s -> null,
                    records.stream().map(TopicReader::chainEvent).toList());
            assertThat(verdict.failure()).isNull();
            assertThat(verdict.verifiedThrough()).isEqualTo(1001);
            assertThat(verdict.pending()).isEmpty();
            assertThat(meters.get("archivesync.agent.publish.events").counter().count()).isEqualTo(1001);
        } finally {
            link.close();
            broker.destroy();
            store.close();
        }
    }

    @Test
    void aReturningBrokerIsNoticedByTheProbeNotAfterALongBackoff() {
        TestSite site = TestSite.create("CM.NGOCHIEN.UBND");
        AgentStore store = AgentStore.open(TestPaths.database("offline-probe"));
        Outbox outbox = new Outbox(store);
        Recorder recorder = new Recorder(store, site.identity(), Clock.systemUTC(), "clerk");
        int port = Brokers.freePort();
        TcpProxy link = new TcpProxy(port, "localhost", 1);
        link.restore();
        EmbeddedKafkaKraftBroker broker = Brokers.startBehind(link);
        link.setTarget(Integer.parseInt(broker.getBrokersAsString().substring(broker.getBrokersAsString().lastIndexOf(':') + 1)));
        Brokers.createTopics(broker, PREFIX + "." + site.siteCode(), CURSORS);
        try (TestRegistry registry = TestRegistry.start(8);
             // A back-off of ten minutes from the first failure: only the link probe can bring the next round earlier.
             Publisher publisher = new Publisher(outbox, () -> Optional.of(site.identity()),
                     new PublisherSettings(true, "localhost:" + port, registry.url(), PREFIX, CURSORS, 250,
                             Duration.ofMillis(50), Duration.ofMinutes(10), Duration.ofMinutes(10), 2.0,
                             Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(10),
                             null, null).withLinkProbeInterval(Duration.ofMillis(200)),
                     Clock.systemUTC(), new SimpleMeterRegistry())) {
            link.cut();
            TestRecording.events(recorder, 100, 10);
            publisher.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.failedAttempts() >= 1);
            assertThat(publisher.brokerReachable()).isFalse();

            link.restore();

            await().atMost(Duration.ofSeconds(60)).until(() -> outbox.status().backlog() == 0);
            assertThat(publisher.brokerReachable()).isTrue();
            try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), PREFIX + "." + site.siteCode())) {
                await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().size() >= 100);
                assertThat(reader.poll()).extracting(TopicReader::sequence)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
            }
        } finally {
            link.close();
            broker.destroy();
            store.close();
        }
    }
}
