package org.archivesync.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.archivesync.agent.outbox.ChainFork;
import org.archivesync.agent.recording.ChainRebase;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.RecordingRefusedException;
import org.archivesync.agent.recording.Refusal;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.RetentionKind;
import org.archivesync.hub.database.TestDatabase;
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
 * Forks an operator can resolve (issue 15, finding 6), end to end with the real agent (its SQLite store, recorder,
 * publisher and cursor watcher), a real broker and the hub: an office restored from a backup taken before more of its
 * events reached the hub, and a cloned office PC. The agent hears the hub's cursor before it sends anything, refuses to
 * record into the fork, and after {@code rebase --from-hub} its work reaches the catalogue exactly once while nothing
 * the hub held changes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(count = 1)
@DirtiesContext
class ForkRebaseTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();

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

    private final List<RealAgent> agents = new ArrayList<>();
    /** Each test's office holds its own fonds: a fonds is held by one office. */
    private final String fonds = "F." + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    private final Path dir = Path.of(System.getProperty("java.io.tmpdir"), "agent-fork-" + UUID.randomUUID());

    @AfterEach
    void closeAgents() {
        agents.forEach(RealAgent::close);
    }

    @Test
    void anOfficeRestoredFromAnOlderBackupRefusesToRecordAndAfterTheReBaseItsWorkReachesTheCatalogueOnce()
            throws Exception {
        String site = "CM.FORK.KHOIPHUC";
        RealAgent office = published(enroll(site), 3);
        Path backup = office.copyStoreTo(Files.createDirectories(dir).resolve("backup.sqlite"));
        office.recorder().recordFile(file("HS-SAU-SAO-LUU-1"));
        office.recorder().recordFile(file("HS-SAU-SAO-LUU-2"));
        await().atMost(Duration.ofSeconds(60)).until(() -> cursor(site) == 5);
        List<List<String>> hubBefore = hubEvents(site);
        office.close();
        agents.remove(office);

        // The PC's disk died; the backup is restored and a clerk records before the agent service reaches the hub.
        RealAgent restored = agent(RealAgent.restore(backup, office.identity()));
        restored.recorder().recordFile(file("HS-SAU-KHOI-PHUC"));
        restored.startPublishing(broker.getBrokersAsString(), registry());
        await().atMost(Duration.ofSeconds(60)).until(() -> restored.outbox().fork() != null);
        assertThat(restored.outbox().fork()).isEqualTo(new ChainFork(ChainFork.Kind.BEHIND, 5, 4));
        assertThatThrownBy(() -> restored.recorder().recordFile(file("HS-MOI")))
                .isInstanceOfSatisfying(RecordingRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Refusal.FORK_BEHIND));
        assertThat(restored.outbox().publishedAt(4)).as("what it recorded into the fork was never sent").isNull();
        assertThat(hubEvents(site)).isEqualTo(hubBefore);
        assertThat(quarantined(site)).isFalse();

        ChainRebase.Result rebased = new ChainRebase(restored.store(), () -> Optional.of(restored.identity()),
                Clock.systemUTC()).rebase("qtv.hung", null, false);
        assertThat(rebased.setAside()).extracting(ChainRebase.SetAside::sequence).containsExactly(4L);
        assertThat(rebased.reissuedFrom()).isEqualTo(6);
        restored.recorder().recordFile(file("HS-MOI"));

        await().atMost(Duration.ofSeconds(60)).until(() -> cursor(site) == 7);
        assertThat(hubEvents(site).subList(0, 5)).as("nothing the hub held changed").isEqualTo(hubBefore);
        assertThat(hubEvents(site).subList(5, 7)).as("the re-based work, byte-identical to the agent's outbox")
                .isEqualTo(agentEvents(restored, 6));
        assertThat(files(site)).as("each file once, the office's later work included").containsExactly(
                "HS-1", "HS-2", "HS-MOI", "HS-SAU-KHOI-PHUC", "HS-SAU-SAO-LUU-1", "HS-SAU-SAO-LUU-2");
        assertThat(quarantined(site)).isFalse();
        assertThat(restored.outbox().fork()).isNull();
    }

    @Test
    void aClonedOfficePcIsBesideTheHubAndAfterTheReBaseItsOwnWorkReachesTheCatalogueOnce() throws Exception {
        String site = "CM.FORK.NHANBAN";
        RealAgent original = published(enroll(site), 3);
        Path disk = original.copyStoreTo(Files.createDirectories(dir).resolve("clone.sqlite"));
        RealAgent clone = agent(RealAgent.restore(disk, original.identity()));
        original.recorder().recordFile(file("HS-MAY-GOC-4"));
        original.recorder().recordFile(file("HS-MAY-GOC-5"));
        await().atMost(Duration.ofSeconds(60)).until(() -> cursor(site) == 5);
        List<List<String>> hubBefore = hubEvents(site);
        clone.recorder().recordFile(file("HS-MAY-SAO-4"));
        clone.recorder().recordFile(file("HS-MAY-SAO-5"));
        clone.recorder().recordFile(file("HS-MAY-SAO-6"));

        clone.startPublishing(broker.getBrokersAsString(), registry());
        await().atMost(Duration.ofSeconds(60)).until(() -> clone.outbox().fork() != null);
        assertThat(clone.outbox().fork()).isEqualTo(new ChainFork(ChainFork.Kind.BESIDE, 5, 6));
        assertThatThrownBy(() -> clone.recorder().recordFile(file("HS-MOI")))
                .isInstanceOfSatisfying(RecordingRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Refusal.FORK_BESIDE));
        assertThat(clone.outbox().status().lastPublishedSequence()).isEqualTo(3);

        // The office keeps one PC: the original is retired, the clone re-based from the hub.
        original.close();
        agents.remove(original);
        ChainRebase.Result rebased = new ChainRebase(clone.store(), () -> Optional.of(clone.identity()),
                Clock.systemUTC()).rebase("qtv.hung", null, false);
        assertThat(rebased.setAside()).extracting(ChainRebase.SetAside::sequence).containsExactly(4L, 5L, 6L);
        assertThat(rebased.reissuedFrom()).isEqualTo(6);
        assertThat(rebased.reissuedTo()).isEqualTo(8);

        await().atMost(Duration.ofSeconds(60)).until(() -> cursor(site) == 8);
        assertThat(hubEvents(site).subList(0, 5)).as("nothing the hub held changed").isEqualTo(hubBefore);
        assertThat(hubEvents(site).subList(5, 8)).isEqualTo(agentEvents(clone, 6));
        assertThat(files(site)).containsExactly("HS-1", "HS-2", "HS-MAY-GOC-4", "HS-MAY-GOC-5", "HS-MAY-SAO-4",
                "HS-MAY-SAO-5", "HS-MAY-SAO-6");
        assertThat(quarantined(site)).isFalse();
    }

    private RealAgent enroll(String site) {
        return agent(RealAgent.enroll(sites, URI.create("http://localhost:" + PORT), dir, site, "CM.CAINUOC"));
    }

    /** Registers the fonds and {@code events - 1} files, publishes, and waits until the hub applied them. */
    private RealAgent published(RealAgent agent, int events) {
        agent.recorder().registerFonds(new RegisterFonds(fonds, "Phông UBND", "UBND", null, null, null, false));
        for (int i = 1; i < events; i++) {
            agent.recorder().recordFile(file("HS-" + i));
        }
        agent.startPublishing(broker.getBrokersAsString(), registry());
        await().atMost(Duration.ofSeconds(60)).until(() -> cursor(agent.siteCode()) == events
                && agent.outbox().status().lastPublishedSequence() == events);
        return agent;
    }

    private RealAgent agent(RealAgent agent) {
        agents.add(agent);
        return agent;
    }

    private String registry() {
        return "http://localhost:" + PORT + "/registry";
    }

    private RecordFile file(String code) {
        return new RecordFile(fonds, code, null, "Hồ sơ " + code, null, null, 10, null, RetentionKind.PERMANENT, null,
                AccessRegime.OPEN, null, "vi", List.of(), null, null);
    }

    private long cursor(String site) {
        return jdbc.sql("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = :s")
                .param("s", site).query(Long.class).single();
    }

    private boolean quarantined(String site) {
        return jdbc.sql("SELECT coalesce(bool_or(quarantined), false) FROM site_cursors WHERE site_code = :s")
                .param("s", site).query(Boolean.class).single();
    }

    private List<String> files(String site) {
        return jdbc.sql("SELECT file_code FROM files WHERE site_code = :s ORDER BY file_code").param("s", site)
                .query(String.class).list();
    }

    private List<List<String>> hubEvents(String site) {
        return jdbc.sql("""
                SELECT sequence, encode(hash, 'hex'), encode(signature, 'hex'), key_id, type FROM events
                WHERE site_code = :s ORDER BY sequence""").param("s", site)
                .query((rs, n) -> row(rs, 5)).list();
    }

    private static List<List<String>> agentEvents(RealAgent agent, long from) {
        return agent.read(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT sequence, lower(hex(hash)), nullif(lower(hex(signature)), ''), key_id, type FROM outbox
                    WHERE sequence >= ? ORDER BY sequence""")) {
                p.setLong(1, from);
                List<List<String>> rows = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        rows.add(row(rs, 5));
                    }
                }
                return rows;
            }
        });
    }

    private static List<String> row(ResultSet rs, int columns) throws java.sql.SQLException {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
            row.add(rs.getString(i));
        }
        return row;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
