package org.archivesync.agent.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRecording;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.registry.LocalRegistryServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * What the publisher does at start with the registry (no broker needed: it checks the registry before its first
 * round). It never registers; it refuses to start when the registry lacks its schema or refuses its credentials, and
 * starts, recording offline, when the registry cannot be reached.
 */
class PublisherRegistryCheckTest {

    private static final String SUBJECT = "archive.site-events-value";

    TestSite site = TestSite.create("CM.TANTHANH.UBND");
    LocalRegistryServer registry;
    Outbox outbox;
    Recorder recorder;
    Publisher publisher;

    @BeforeEach
    void start(TestInfo info) {
        registry = LocalRegistryServer.start();
        AgentStore store = AgentStore.open(TestPaths.database(info.getTestMethod().orElseThrow().getName()));
        outbox = new Outbox(store);
        recorder = new Recorder(store, site.identity(), Clock.systemUTC(), "clerk");
    }

    @AfterEach
    void stop() {
        if (publisher != null) {
            publisher.close();
        }
        registry.close();
    }

    private Publisher publisher(String registryUrl, String userInfo) {
        // No broker listens on port 1: a round that got that far would fail and back off, which these tests never need.
        PublisherSettings settings = PublisherSettings.defaults("127.0.0.1:1", registryUrl)
                .withTimeouts(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withRegistryCredentials("USER_INFO", userInfo);
        publisher = new Publisher(outbox, () -> Optional.of(site.identity()), settings, Clock.systemUTC(),
                new SimpleMeterRegistry());
        return publisher;
    }

    @Test
    void refusesToStartWhenTheRegistryLacksTheSiteEventSchemaAndNamesIt() {
        Publisher p = publisher(registry.baseUrl().toString(), null);

        RegistryRefusedException e = catchThrowableOfType(RegistryRefusedException.class, p::start);

        assertThat(e.messageKey()).isEqualTo("publisher.schema-missing");
        assertThat(e.getMessage()).contains(SUBJECT, SiteEvent.getClassSchema().getFullName(),
                registry.baseUrl().toString());
        assertThat(AgentMessages.of(AgentMessages.VIETNAMESE).render(e)).contains(SUBJECT, "org.archivesync.avro.SiteEvent");
        assertThat(registry.requests()).extracting(LocalRegistryServer.Request::method, LocalRegistryServer.Request::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/subjects/" + SUBJECT));
    }

    @Test
    void wrongRegistryCredentialsStopTheStartNamingTheRegistryAndUserButNotThePassword() {
        registry.register(SUBJECT, SiteEvent.getClassSchema());
        registry.addUser("office-reader", "mật-khẩu-đúng", false);
        Publisher p = publisher(registry.baseUrl().toString(), "office-reader:sai-mat-khau-42");

        RegistryRefusedException e = catchThrowableOfType(RegistryRefusedException.class, p::start);

        assertThat(e.messageKey()).isEqualTo("publisher.registry-unauthorized");
        for (Locale language : List.of(AgentMessages.VIETNAMESE, Locale.ENGLISH)) {
            assertThat(AgentMessages.of(language).render(e)).contains(registry.baseUrl().toString(), "office-reader")
                    .doesNotContain("sai-mat-khau-42");
        }
        assertThat(e.getCause().getMessage()).doesNotContain("sai-mat-khau-42");
        FailureAnalysis analysis = new RegistryRefusedFailureAnalyzer().analyze(new IllegalStateException(e));
        assertThat(analysis.getDescription()).contains("từ chối tài khoản office-reader");
        assertThat(analysis.getAction()).contains("refused the credentials of user office-reader");
    }

    @Test
    void aRegistryThatNeedsCredentialsTheAgentLacksStopsTheStart() {
        registry.register(SUBJECT, SiteEvent.getClassSchema());
        registry.addUser("office-reader", "mật-khẩu-đúng", false);

        RegistryRefusedException e = catchThrowableOfType(RegistryRefusedException.class,
                publisher(registry.baseUrl().toString(), null)::start);

        assertThat(e.messageKey()).isEqualTo("publisher.registry-credentials-missing");
        assertThat(e.getMessage()).contains("schema-registry-user-info");
    }

    @Test
    void anUnreachableRegistryDoesNotStopTheStartAndRecordingGoesOn() {
        String closed = registry.baseUrl().toString();
        registry.close();
        Publisher p = publisher(closed, "office-reader:whatever-42");

        p.start();
        TestRecording.events(recorder, 2, 2);

        // Each round looks the schema up again before publishing, and fails while the registry is away.
        await().atMost(Duration.ofSeconds(20)).until(() -> p.failedAttempts() >= 1);
        assertThat(outbox.status().backlog()).isEqualTo(2);
    }
}
