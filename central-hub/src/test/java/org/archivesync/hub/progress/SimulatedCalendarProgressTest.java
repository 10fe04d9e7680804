package org.archivesync.hub.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.archivesync.agent.calendar.SimulatedCalendar;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.recording.SealBox;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.ingest.SiteLinks;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.RealAgent;
import org.junit.jupiter.api.AfterEach;
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
 * End to end with the real site-agent code on a simulated calendar (the demo's way to replay the 2025 campaign): an
 * office packs on 2/6/2025, its calendar file is rewritten, it seals and packs more on 10/6/2025; the hub applies the
 * events and its daily progress (progress_activity) falls on those simulated days, while the link's clock-skew check,
 * judged on the agent's real as-sent-at, sees no error.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(count = 1)
@DirtiesContext
class SimulatedCalendarProgressTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final String SITE = "CM.SIM.TRANVANTHOI";
    private static final String FONDS = "SIM.TVT";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withEmbeddedBroker(registry);
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SiteDirectory sites;
    @Autowired
    SiteLinks links;

    private RealAgent agent;

    @AfterEach
    void closeAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void theHubCountsProgressOnTheDaysOfTheSimulatedCalendar() throws IOException {
        Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "agent-sim-" + UUID.randomUUID()));
        Path file = Files.writeString(dir.resolve("simulated-calendar.txt"), "2025-06-02T08:00+07:00",
                StandardCharsets.UTF_8);
        SimulatedCalendar calendar = SimulatedCalendar.open(file, Clock.systemUTC());
        agent = RealAgent.enroll(sites, URI.create("http://localhost:" + PORT), dir, SITE, "CM.TRANVANTHOI", calendar);

        agent.recorder().recordAll(List.of(
                new RegisterFonds(FONDS, "Phông UBND huyện Trần Văn Thời", "UBND huyện Trần Văn Thời", "CM.TRANVANTHOI",
                        LocalDate.parse("1976-01-01"), LocalDate.parse("2025-05-31"), false),
                new PackBox("H1", FONDS, null, new BigDecimal("0.10")),
                new PackBox("H2", FONDS, null, new BigDecimal("0.12"))));
        Files.writeString(file, "2025-06-10T09:00+07:00", StandardCharsets.UTF_8);
        await().atMost(5, TimeUnit.SECONDS).until(() -> calendar.now().toLocalDate().equals(LocalDate.parse("2025-06-10")));
        agent.recorder().sealBox(new SealBox("H1", FONDS, "NP-0001"));
        agent.recorder().packBox(new PackBox("H3", FONDS, null, new BigDecimal("0.15")));

        agent.startPublishing(broker.getBrokersAsString(), "http://localhost:" + PORT + "/registry");
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor() == agent.lastSequence());
        await().atMost(30, TimeUnit.SECONDS).until(() -> activity().size() == 3);

        assertThat(activity()).containsExactly(
                List.of("2025-06-02", "BOXED_METRES", "0.22"),
                List.of("2025-06-10", "BOXED_METRES", "0.15"),
                List.of("2025-06-10", "SEALED_METRES", "0.10"));
        assertThat(jdbc.sql("SELECT min(received_at) FROM events WHERE site_code = :s").param("s", SITE)
                .query(java.time.OffsetDateTime.class).single().toLocalDate())
                .as("the hub keeps its own time of receipt beside the event").isAfter(LocalDate.parse("2025-06-10"));
        assertThat(links.site(SITE)).hasValueSatisfying(link -> assertThat(link.clockSkewMillis())
                .as("as-sent-at is the PC's real clock: no skew reported for a simulated calendar")
                .isNotNull().satisfies(skew -> assertThat(Math.abs(skew)).isLessThan(Duration.ofMinutes(1).toMillis())));
    }

    private List<List<String>> activity() {
        return jdbc.sql("""
                SELECT day::text, measure, amount::text FROM progress_activity WHERE site_code = :s
                ORDER BY day, measure""").param("s", SITE)
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    private long cursor() {
        return jdbc.sql("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = :s")
                .param("s", SITE).query(Long.class).single();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
