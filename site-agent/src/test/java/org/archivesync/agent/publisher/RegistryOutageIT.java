package org.archivesync.agent.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.Brokers;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRecording;
import org.archivesync.agent.testing.TestRegistry;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.agent.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The hub is down, and with it the registry it embeds (it answers 503), while the broker is up: an office that looked
 * its schema up once still publishes its whole backlog, even after a restart; one that never did publishes as soon
 * as the registry answers again, noticed by the link probe rather than after its back-off.
 */
class RegistryOutageIT {

    EmbeddedKafkaKraftBroker broker = Brokers.shared();

    PublisherSettings settings(String prefix, String cursors, TestRegistry registry) {
        return PublisherSettings.defaults(broker.getBrokersAsString(), registry.url()).withTopics(prefix, cursors)
                .withBatchSize(100).withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
    }

    @Test
    void anOfficeRestartedWhileTheHubsRegistryIsDownPublishesItsBacklogToTheBroker() {
        TestSite site = TestSite.create("CM.KHANHBINH.UBND");
        String prefix = "archive.site-events.registry-down";
        String cursors = "archive.site-cursors.registry-down";
        String topic = prefix + "." + site.siteCode();
        Brokers.createTopics(broker, topic, cursors);
        AgentStore store = AgentStore.open(TestPaths.database("registry-down"));
        Outbox outbox = new Outbox(store);
        Recorder recorder = new Recorder(store, site.identity(), Clock.systemUTC(), "clerk");
        TestRecording.events(recorder, 3, 3);
        try (TestRegistry registry = TestRegistry.start(61);
             TopicReader reader = new TopicReader(broker.getBrokersAsString(), topic)) {
            try (Publisher before = new Publisher(outbox, () -> Optional.of(site.identity()),
                    settings(prefix, cursors, registry), Clock.systemUTC(), new SimpleMeterRegistry())) {
                before.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().backlog() == 0);
            }
            // The hub freezes: its registry answers 503 from now on. The office imports, and its PC restarts.
            registry.setUp(false);
            TestRecording.events(recorder, 500, 50);
            int asked = registry.requests();

            try (Publisher after = new Publisher(outbox, () -> Optional.of(site.identity()),
                    settings(prefix, cursors, registry), Clock.systemUTC(), new SimpleMeterRegistry())) {
                after.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> outbox.status().backlog() == 0);
                await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().size() == 503);
                assertThat(reader.poll()).extracting(TopicReader::sequence)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 503).boxed().toList());
                assertThat(after.brokerReachable()).as("the broker is up; only the registry is not").isTrue();
                assertThat(after.failedAttempts()).isZero();
                // The idle probe looks at the registry too, and says it is down, apart from the broker.
                await().atMost(Duration.ofSeconds(60)).until(() -> registry.requests() > asked);
                await().atMost(Duration.ofSeconds(30)).until(() ->
                        Boolean.FALSE.equals(LinkState.read(store).registryReachable()));
                assertThat(LinkState.read(store).registryError()).contains("registry down");
                assertThat(outbox.delivery().brokerReachable()).isTrue();
            }
        } finally {
            store.close();
        }
    }

    @Test
    void aRegistryThatAnswersAgainIsNoticedByTheProbeNotAfterTheBackoff() {
        TestSite site = TestSite.create("CM.TRANHOI.UBND");
        String prefix = "archive.site-events.registry-back";
        String cursors = "archive.site-cursors.registry-back";
        String topic = prefix + "." + site.siteCode();
        Brokers.createTopics(broker, topic, cursors);
        AgentStore store = AgentStore.open(TestPaths.database("registry-back"));
        Outbox outbox = new Outbox(store);
        TestRecording.events(new Recorder(store, site.identity(), Clock.systemUTC(), "clerk"), 40, 10);
        try (TestRegistry registry = TestRegistry.start(62);
             TopicReader reader = new TopicReader(broker.getBrokersAsString(), topic)) {
            registry.setUp(false);
            // A back-off of ten minutes from the first failure: only the probe can bring the next round earlier.
            PublisherSettings settings = settings(prefix, cursors, registry)
                    .withBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10))
                    .withLinkProbeInterval(Duration.ofMillis(200));
            try (Publisher publisher = new Publisher(outbox, () -> Optional.of(site.identity()), settings,
                    Clock.systemUTC(), new SimpleMeterRegistry())) {
                publisher.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> publisher.failedAttempts() >= 1);
                assertThat(LinkState.read(store).registryReachable()).isFalse();
                assertThat(outbox.delivery().brokerReachable()).as("not blamed on the broker").isNotEqualTo(false);

                registry.setUp(true);

                await().atMost(Duration.ofSeconds(30)).until(() -> outbox.status().backlog() == 0);
                await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().size() == 40);
                assertThat(LinkState.read(store).registryReachable()).isTrue();
            }
        } finally {
            store.close();
        }
    }
}
