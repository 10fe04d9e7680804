package org.archivesync.hub.ingest;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.digitized;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.permanentFile;
import static org.archivesync.hub.fixtures.Agent.received;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.archivesync.hub.fixtures.Agent.secretStub;
import static org.archivesync.hub.fixtures.Agent.store;
import static org.archivesync.hub.fixtures.Agent.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.archivesync.hub.search.SearchIndexing;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.HubApplication;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.TableDump;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A rebuild replays the event log into empty projections and yields the same tables, timestamps included: over two
 * sites whose handover meets in the same rows (the receipt arriving before the sending), destructions with their
 * tombstones, a refused destruction, withdrawals and a correction of a withdrawal, scans, a state-secret stub and an
 * unsigned tail applied a batch later. Through REST, and through the command line in a separate JVM.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class CatalogueRebuildTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withoutKafka(registry);
        registry.add("archive-sync.hub.search.index-interval", () -> "1h");
    }

    @Autowired
    SiteEventIngest ingest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SchemaRegistryClient registry;
    @Autowired
    ApplicationContext context;

    @Test
    void rebuildYieldsIdenticalTables() throws Exception {
        int schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
        Agent a = new Agent("CM.REBUILD.GIAO").enroll(jdbc);
        Agent b = new Agent("CM.REBUILD.NHAN").enroll(jdbc);
        String f = "RB.A";
        UUID handoverId = UUID.randomUUID();

        ingest(schemaId, a.events(fonds(f), store("KHO-1"), extent(f), box("H1", f, true), box("H2", f, false),
                file(f, "HS-1", "Hồ sơ đất đai xã Tân Hưng"), file(f, "HS-2", "Sổ công văn"),
                file(f, "HS-3", "Hồ sơ hết hạn"), file(f, "HS-4", "Hồ sơ nhập nhầm"),
                permanentFile(f, "HS-5", "Nghị quyết HĐND"), secretStub(f, "HS-MAT"), digitized(f, "HS-1")));
        // The receiver's side first, listing one file fewer than the sender will: a discrepancy. Box H2 travels empty;
        // the files of box H1 other than the two listed stay with the sender, which goes on appraising and destroying.
        ingest(schemaId, b.events(fonds("RB.B"),
                received(handoverId, a.siteCode, List.of(f + "/H2"), null, ref(f, "HS-1"))));
        List<Agent.Event> mixed = new ArrayList<>(a.events(
                handover(handoverId, b.siteCode, List.of(f + "/H2"), ref(f, "HS-1"), ref(f, "HS-2")),
                appraised(f, "HS-3", AppraisalDecision.DESTROY)));
        mixed.addAll(b.events(file("RB.B", "HS-1", "Hồ sơ của xã"), appraised(f, "HS-1",
                AppraisalDecision.TRANSFER_TO_HISTORICAL)));
        mixed.addAll(a.events(destruction("Nguyễn Văn An", "Trần Thị Bình", ref(f, "HS-3")), withdrawn(f, "HS-4")));
        ingest(schemaId, mixed);
        // Refused (a permanent file), a correction that brings back a withdrawn file, scans of an unknown file.
        ingest(schemaId, a.events(destruction("Nguyễn Văn An", "Lê Văn Cường", ref(f, "HS-5")),
                file(f, "HS-4", "Hồ sơ nhập lại"), digitized(f, "HS-404")));
        // An unsigned tail waits a batch for its signed event.
        List<Agent.Event> tail = a.events(file(f, "HS-6", "Hồ sơ sáu"), file(f, "HS-7", "Hồ sơ bảy"));
        ingest(schemaId, tail.subList(0, 1));
        ingest(schemaId, tail.subList(1, 2));
        SearchIndexing.indexAll(context);

        List<String> tables = new ArrayList<>(TableDump.CATALOGUE);
        tables.addAll(List.of("events", "alerts", "site_cursors"));
        Map<String, List<String>> before = TableDump.dump(jdbc, tables, Set.of(), false);
        assertThat(before.get("tombstones")).hasSize(1);
        assertThat(before.get("destructions")).hasSize(2);
        assertThat(before.get("handovers")).singleElement().asString().contains("RECEIVED_WITH_DISCREPANCIES");
        assertThat(before.get("alerts")).hasSize(2);
        assertThat(before.get("files")).hasSize(9);

        // Damage the projections; the rebuild restores them from the event log alone.
        jdbc.sql("UPDATE files SET title = 'hỏng', updated_at = now() WHERE access_regime <> 'STATE_SECRET'").update();
        jdbc.sql("DELETE FROM digital_objects").update();
        jdbc.sql("DELETE FROM tombstones").update();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + PORT + "/api/admin/rebuild"))
                .header("Authorization", TestOperators.authorization()).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"events\":" + count("events WHERE body IS NOT NULL"));
        SearchIndexing.indexAll(context);
        assertThat(TableDump.dump(jdbc, tables, Set.of(), false)).isEqualTo(before);

        jdbc.sql("UPDATE boxes SET metres = 9").update();
        assertThat(runCommandLine("--rebuild")).isZero();
        SearchIndexing.indexAll(context);
        assertThat(TableDump.dump(jdbc, tables, Set.of(), false)).isEqualTo(before);
    }

    private void ingest(int schemaId, List<Agent.Event> events) {
        ingest.ingest(events.stream().map(e -> e.record(schemaId)).toList());
    }

    /** Runs the hub's main with {@code command} in a separate JVM against this test's database; its exit code. */
    private static int runCommandLine(String command) throws Exception {
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "rebuild-command-line.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Xshare:off",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), HubApplication.class.getName(), command,
                "--spring.datasource.url=" + DATABASE, "--spring.datasource.username=postgres",
                "--archive-sync.hub.database.embedded=false", "--logging.level.root=WARN",
                "--logging.level.org.archivesync=INFO")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                throw new AssertionError("the command line run did not end; see " + log);
            }
            return process.exitValue();
        } finally {
            process.destroyForcibly();
        }
    }

    private long count(String fromWhere) {
        return jdbc.sql("SELECT count(*) FROM " + fromWhere).query(Long.class).single();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
