package org.archivesync.hub.ingest;

import static org.archivesync.hub.ingest.SiteStream.appraised;
import static org.archivesync.hub.ingest.SiteStream.box;
import static org.archivesync.hub.ingest.SiteStream.destruction;
import static org.archivesync.hub.ingest.SiteStream.digitized;
import static org.archivesync.hub.ingest.SiteStream.extent;
import static org.archivesync.hub.ingest.SiteStream.file;
import static org.archivesync.hub.ingest.SiteStream.fonds;
import static org.archivesync.hub.ingest.SiteStream.handover;
import static org.archivesync.hub.ingest.SiteStream.received;
import static org.archivesync.hub.ingest.SiteStream.ref;
import static org.archivesync.hub.ingest.SiteStream.store;
import static org.archivesync.hub.ingest.SiteStream.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.archivesync.hub.testing.HubTestProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.catalogue.SearchIndexing;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.TableDump;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Exactly once under {@code kill -9}: the hub runs as a separate JVM ({@link CrashingHub}) consuming a real broker into
 * its own database. The first hub is killed right after a batch's database commit and before its offsets are
 * committed, the second in the middle of a batch (its transaction open), the third runs to the end. Every table then
 * equals what an uninterrupted hub makes of the same events (this JVM's hub, fed the same records directly), and the
 * event log holds each (site, sequence) once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@EmbeddedKafka(count = 1)
@DirtiesContext
class IngestCrashTest {

    private static final String REFERENCE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final String EVENTS = "archive.site-events";
    private static final int BATCH = 40;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, REFERENCE, PORT);
        // This JVM's hub is the uninterrupted reference: fed directly, it neither consumes nor publishes.
        HubTestProperties.withoutKafka(registry);
        registry.add("archive-sync.hub.catalogue.search-interval", () -> "1h");
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    SiteEventIngest ingest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SchemaRegistryClient registry;
    @Autowired
    ApplicationContext context;

    private final List<Child> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Child::kill);
    }

    @Test
    void hubKilledBetweenCommitAndOffsetCommitAndMidBatchAppliesEveryEventOnce() throws Exception {
        String database = TestDatabase.newDatabase();
        JdbcClient crashed = JdbcClient.create(new DriverManagerDataSource(database));
        int port = freePort();

        Child first = start(database, port, "after-commit", 3);
        awaitReady(port);
        List<SiteStream> sites = List.of(new SiteStream("CM.CRASH.A"), new SiteStream("CM.CRASH.B"),
                new SiteStream("CM.CRASH.C"), new SiteStream("CM.CRASH.D"));
        sites.forEach(s -> s.enroll(crashed).enroll(jdbc));
        List<SiteStream.Event> events = stream(sites);
        // The hub registered the contract's schemas at start; anyone may look the id up, only operators register.
        int schemaId = new SchemaRegistryClient(URI.create("http://localhost:" + port + "/registry"))
                .idOf(EVENTS + "-value", SiteEvent.getClassSchema());
        produce(events, schemaId);

        first.awaitLine("CRASHPOINT after-commit");
        first.kill();
        assertThat(count(crashed, "events") + count(crashed, "parked_events"))
                .as("the database holds more records than the committed offsets cover: a committed batch comes again")
                .isGreaterThan(committedOffsets());

        Child second = start(database, port, "before-commit", 2);
        second.awaitLine("CRASHPOINT before-commit");
        long beforeKill = count(crashed, "events");
        second.kill();
        assertThat(count(crashed, "events")).as("the open transaction left nothing").isEqualTo(beforeKill);

        Child third = start(database, port, null, 0);
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() ->
                count(crashed, "events") == events.size() && count(crashed, "outbox") == 0
                        && count(crashed, "search_cursors c JOIN site_cursors s USING (site_code)"
                                + " WHERE c.last_sequence = s.last_sequence") == sites.size());
        third.kill();

        int referenceSchema = registry.register(EVENTS + "-value", SiteEvent.getClassSchema());
        for (int from = 0; from < events.size(); from += BATCH) {
            ingest.ingest(events.subList(from, Math.min(events.size(), from + BATCH)).stream()
                    .map(e -> e.record(referenceSchema)).toList());
        }
        SearchIndexing.indexAll(context);

        assertThat(crashed.sql("SELECT count(*) FROM (SELECT DISTINCT site_code, sequence FROM events) d")
                .query(Long.class).single()).isEqualTo(events.size());
        List<String> tables = new ArrayList<>(TableDump.CATALOGUE);
        tables.addAll(List.of("events", "site_cursors", "parked_events", "quarantine", "alerts"));
        Set<String> leaveOut = Set.of("schema_id", "applied_order", "alert_id", "id", "origin");
        Map<String, List<String>> expected = TableDump.dump(jdbc, tables, leaveOut, true);
        Map<String, List<String>> actual = TableDump.dump(crashed, tables, leaveOut, true);
        assertThat(expected.get("files")).hasSize(4 * 80);
        assertThat(expected.get("tombstones")).hasSize(4);
        assertThat(expected.get("handovers")).hasSize(4);
        for (String table : tables) {
            assertThat(actual.get(table)).as(table).containsExactlyElementsOf(expected.get(table));
        }
    }

    /**
     * Four offices, each: fonds, store, extents, boxes; 80 files in four imports; appraisals, scans, a destruction,
     * a withdrawal, a correction; a handover to the next office, whose receipt that office records. The sites'
     * transactions interleave as concurrent offices' would.
     */
    private static List<SiteStream.Event> stream(List<SiteStream> sites) {
        List<List<List<SiteStream.Event>>> perSite = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            SiteStream s = sites.get(i);
            String f = s.siteCode + ".F";
            List<List<SiteStream.Event>> tx = new ArrayList<>();
            tx.add(s.transaction(fonds(f), store("KHO-1"), extent(f), box("H1", f, true), box("H2", f, false)));
            for (int part = 0; part < 4; part++) {
                Object[] files = new Object[20];
                for (int n = 0; n < 20; n++) {
                    files[n] = file(f, "HS-" + (part * 20 + n), "Hồ sơ số " + (part * 20 + n) + " của " + s.siteCode);
                }
                tx.add(s.transaction(files));
            }
            tx.add(s.transaction(appraised(f, "HS-1", AppraisalDecision.DESTROY),
                    appraised(f, "HS-2", AppraisalDecision.TRANSFER_TO_HISTORICAL)));
            tx.add(s.transaction(digitized(f, "HS-3")));
            tx.add(s.transaction(destruction("Nguyễn Văn An", "Trần Thị Bình", ref(f, "HS-1"))));
            tx.add(s.transaction(withdrawn(f, "HS-4"), file(f, "HS-6", "Hồ sơ số 6 (bản sửa)")));
            perSite.add(tx);
        }
        for (int i = 0; i < sites.size(); i++) {
            SiteStream sender = sites.get(i);
            SiteStream receiver = sites.get((i + 1) % sites.size());
            UUID id = UUID.nameUUIDFromBytes(sender.siteCode.getBytes(StandardCharsets.UTF_8));
            String f = sender.siteCode + ".F";
            perSite.get(i).add(sender.transaction(handover(id, receiver.siteCode, List.of(f + "/H1"), ref(f, "HS-5"))));
            perSite.get((i + 1) % sites.size()).add(receiver.transaction(
                    received(id, sender.siteCode, List.of(f + "/H1"), null, ref(f, "HS-5"))));
        }
        List<SiteStream.Event> events = new ArrayList<>();
        while (perSite.stream().anyMatch(t -> !t.isEmpty())) {
            for (List<List<SiteStream.Event>> tx : perSite) {
                if (!tx.isEmpty()) {
                    events.addAll(tx.remove(0));
                }
            }
        }
        return events;
    }

    /** The hub's committed offsets, summed over partitions: how many records it will not see again. */
    private long committedOffsets() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            return admin.listConsumerGroupOffsets("archive-sync-hub").partitionsToOffsetAndMetadata().get().values()
                    .stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private void produce(List<SiteStream.Event> events, int schemaId) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            events.forEach(e -> producer.send(e.producerRecord(EVENTS, schemaId)));
            producer.flush();
        }
    }

    private Child start(String database, int port, String crashPoint, int crashBatch) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Xshare:off",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir")));
        if (crashPoint != null) {
            command.add("-Dcrash.point=" + crashPoint);
            command.add("-Dcrash.batch=" + crashBatch);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashingHub.class.getName(),
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--archive-sync.hub.database.embedded=false",
                "--server.port=" + port,
                "--archive-sync.hub.ingest.schema-registry-url=http://localhost:" + port + "/registry",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.kafka.consumer.max-poll-records=" + BATCH,
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--spring.kafka.consumer.properties.metadata.max.age.ms=1000",
                "--archive-sync.hub.outbound.partitions=3",
                "--archive-sync.hub.outbound.poll-interval=200ms",
                "--archive-sync.hub.catalogue.search-interval=200ms",
                "--logging.level.root=WARN",
                "--logging.level.org.archivesync=INFO"));
        // The hub child gets its first operator as a deployed hub does (its registry and health stay open).
        command.addAll(TestOperators.arguments());
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "crashing-hub-" + children.size() + ".log");
        Child child = new Child(command, log);
        children.add(child);
        return child;
    }

    private static void awaitReady(int port) {
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    private static long count(JdbcClient jdbc, String fromWhere) {
        return jdbc.sql("SELECT count(*) FROM " + fromWhere).query(Long.class).single();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hub JVM; its output goes to a log file, and its {@code CRASHPOINT} lines are watched for. */
    private static final class Child {

        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();

        Child(List<String> command, Path log) {
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.println(line);
                        out.flush();
                        if (line.startsWith("CRASHPOINT")) {
                            lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    // The process was killed.
                }
            }, "crashing-hub-output");
            reader.setDaemon(true);
            reader.start();
        }

        void awaitLine(String line) {
            await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(process.isAlive()).as("hub process alive").isTrue();
                return lines.contains(line);
            });
        }

        /** {@code kill -9}, and wait until it is gone. */
        void kill() {
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
