package org.archivesync.hub.ingest;

import static org.archivesync.hub.ingest.SiteStream.file;
import static org.archivesync.hub.ingest.SiteStream.fonds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.HubApplication;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.leader.HubLeadership;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The restart stall (#15): a hub that dies without leaving the consumer group (SIGKILL, a paused process) used to
 * keep its partitions until its session expired (45 s, Kafka's default, left as it is here), and the next hub ingested
 * nothing meanwhile. With the static {@code group.instance.id} of the leader's role
 * ({@code archive-sync.hub.ingest.instance-id}), the next hub takes the dead one's place in the group at once.
 *
 * <p>The first hub runs as a separate JVM ({@link CrashingHub} without a crash point) so that it can really be killed
 * or paused; the next one runs in this JVM. Both on one real PostgreSQL database and one embedded KRaft broker.
 */
@EmbeddedKafka(count = 1)
class HubRestartTest {

    private static final String EVENTS = "archive.site-events";
    /** Resumed within this long after the next hub is up; the dead member's session alone is 45 s. */
    private static final Duration RESUMED_WITHIN = Duration.ofSeconds(10);

    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;
    private final List<ConfigurableApplicationContext> hubs = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();

    @BeforeAll
    static void connect(EmbeddedKafkaBroker embedded) {
        broker = embedded;
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void disconnect() {
        producer.close();
    }

    @AfterEach
    void stopHubs() {
        children.forEach(HubRestartTest::kill);
        hubs.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void aHubKilledWhileConsumingIsReplacedAtOnceNotAfterItsSession() throws Exception {
        String database = TestDatabase.newDatabase();
        int childPort = freePort();
        Process first = child(database, "restart-a", childPort);
        awaitLeading(childPort);
        JdbcClient jdbc = jdbc(database);
        SiteStream office = topic(new SiteStream("CM.RESTART.A")).enroll(jdbc);
        int schemaId = schema(childPort);
        List<SiteStream.Event> events = events(office, "RESTART.A", 20);
        send(schemaId, events.subList(0, 2));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == 2);

        // Killed outright: its member stays in the group, holding the office's partition.
        kill(first);
        send(schemaId, events.subList(2, events.size()));
        long starting = System.nanoTime();
        ConfigurableApplicationContext next = start(database, "restart-a");
        long ready = System.nanoTime();
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> cursor(jdbc, office) == events.size());
        long resumed = System.nanoTime();
        System.out.printf("HUB RESTART in-JVM hub ready %d ms after start, the killed hub's %d waiting events applied"
                + " %d ms after ready%n", (ready - starting) / 1_000_000, events.size() - 2, (resumed - ready) / 1_000_000);
        assertThat(Duration.ofNanos(resumed - ready)).isLessThan(RESUMED_WITHIN);
        assertThat(leadership(next).leading()).isTrue();
        assertThat(instanceIds("restart-a")).containsExactly("restart-a-leader-0");
        assertThat(sequences(jdbc, office)).containsExactlyElementsOf(
                LongStream.rangeClosed(1, events.size()).boxed().toList());
    }

    @Test
    void aPausedLeaderIsReplacedAtOnceAndWhenItWakesItIsFencedAndStepsDown() throws Exception {
        String database = TestDatabase.newDatabase();
        int childPort = freePort();
        Process paused = child(database, "restart-b", childPort);
        awaitLeading(childPort);
        JdbcClient jdbc = jdbc(database);
        SiteStream office = topic(new SiteStream("CM.RESTART.B")).enroll(jdbc);
        int schemaId = schema(childPort);
        List<SiteStream.Event> events = events(office, "RESTART.B", 30);
        send(schemaId, events.subList(0, 2));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == 2);

        ConfigurableApplicationContext next = start(database, "restart-b");
        assertThat(leadership(next).leading()).as("a hot standby").isFalse();

        // Paused (a long GC, a frozen VM): no heartbeats, and its lock session is ended by the database (as after a
        // network cut), so the standby takes the lock.
        signal("STOP", paused);
        send(schemaId, events.subList(2, 16));
        assertThat(jdbc.sql("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE application_name = 'archive-sync-hub-leader' AND datname = current_database() AND pid IN
                  (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 26741 AND objid = 1651270770
                   AND granted)""")
                .query(Long.class).single()).isEqualTo(1);
        long cut = System.nanoTime();
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> cursor(jdbc, office) == 16);
        long resumed = System.nanoTime();
        System.out.printf("PAUSED LEADER replaced: the standby applied the waiting events %d ms after the paused"
                + " leader's lock session ended%n", (resumed - cut) / 1_000_000);
        assertThat(Duration.ofNanos(resumed - cut)).isLessThan(RESUMED_WITHIN);
        assertThat(leadership(next).leading()).isTrue();

        // It wakes: its lock is gone and its consumer's place taken. It steps down and does not take the place back.
        signal("CONT", paused);
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> readinessBody(childPort).contains("\"role\":\"STANDBY\""));
        send(schemaId, events.subList(16, events.size()));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == events.size());
        assertThat(consuming(next)).isTrue();
        assertThat(leadership(next).leading()).isTrue();
        assertThat(readinessBody(childPort)).contains("\"container\":\"STANDBY\"").contains("\"lastLoss\"");
        await().atMost(30, TimeUnit.SECONDS).until(() -> instanceIds("restart-b").equals(List.of("restart-b-leader-0")));
        assertThat(sequences(jdbc, office)).containsExactlyElementsOf(
                LongStream.rangeClosed(1, events.size()).boxed().toList());
    }

    /**
     * Two catalogues (two databases) configured with one group: each hub holds its own database's lock, so only Kafka
     * tells them apart. The later one fences the earlier one's consumer, which steps down instead of consuming on.
     */
    @Test
    void aHubFencedWhileHoldingItsLockStepsDown() throws Exception {
        // A prefix of their own: no topic of the other tests to read, so neither finds the group's offsets with an
        // empty catalogue (EmptyCatalogueGuard).
        String prefix = "--archive-sync.hub.ingest.topic-prefix=archive.fenced-c";
        ConfigurableApplicationContext first = start(TestDatabase.newDatabase(), "restart-c", prefix);
        await().atMost(30, TimeUnit.SECONDS).until(() -> instanceIds("restart-c").size() == 1);
        ConfigurableApplicationContext second = start(TestDatabase.newDatabase(), "restart-c", prefix);

        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> !leadership(first).leading());
        Instant steppedDown = leadership(first).since();
        assertThat(leadership(first).lastLoss()).contains("fenced").contains("restart-c-leader");
        assertThat(leadership(second).leading()).isTrue();
        assertThat(readinessBody(port(first))).contains("\"lastLoss\"");

        // It tries its lock again only after ten retries (10 s), not every second, and then leads (its own database's
        // lock is free) and fences the other in turn: slowly, with an ERROR each time, until someone fixes the groups.
        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100)).until(() -> leadership(first).leading());
        assertThat(Duration.between(steppedDown, leadership(first).since())).isGreaterThanOrEqualTo(Duration.ofSeconds(9));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static List<String> hubArgs(String database, String group, int port) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--archive-sync.hub.database.embedded=false",
                "--server.port=" + port,
                "--archive-sync.hub.ingest.schema-registry-url=http://localhost:" + port + "/registry",
                "--archive-sync.hub.ingest.group-id=" + group,
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                // Kafka's default session (45 s) and heartbeat: the stall this test is about.
                "--spring.kafka.consumer.properties.metadata.max.age.ms=1000",
                "--archive-sync.hub.outbound.partitions=3",
                "--archive-sync.hub.outbound.poll-interval=200ms",
                "--archive-sync.hub.catalogue.search-interval=1h",
                "--spring.jmx.enabled=false",
                "--logging.level.root=WARN",
                "--logging.level.org.archivesync.hub.leader=INFO"));
        args.addAll(TestOperators.arguments());
        return args;
    }

    private ConfigurableApplicationContext start(String database, String group, String... extra) {
        List<String> args = hubArgs(database, group, freePort());
        args.addAll(List.of(extra));
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
                .run(args.toArray(String[]::new));
        hubs.add(hub);
        return hub;
    }

    private Process child(String database, String group, int port) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-Xshare:off",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"), CrashingHub.class.getName()));
        command.addAll(hubArgs(database, group, port));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Path.of(System.getProperty("java.io.tmpdir"), "restart-hub-" + group + ".log").toFile())
                    .start();
            children.add(process);
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code kill -9}, and wait until it is gone. */
    private static void kill(Process process) {
        signal("CONT", process);
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void signal(String signal, Process process) {
        if (!process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Readiness UP: the hub leads and its ingest container runs. */
    private static void awaitLeading(int port) {
        await().atMost(120, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                readinessBody(port).contains("\"status\":\"UP\""));
    }

    private static List<SiteStream.Event> events(SiteStream office, String fonds, int files) {
        List<SiteStream.Event> events = new ArrayList<>(office.transaction(fonds(fonds)));
        for (int i = 1; events.size() < files; i++) {
            events.addAll(office.transaction(file(fonds, "HS-" + i, "Hồ sơ " + i)));
        }
        return events;
    }

    private static HubLeadership leadership(ConfigurableApplicationContext hub) {
        return hub.getBean(HubLeadership.class);
    }

    private static boolean consuming(ConfigurableApplicationContext hub) {
        var container = hub.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer(IngestHealthIndicator.LISTENER_ID);
        return container.isRunning() && container.isInExpectedState();
    }

    /** The static instance ids of the group's members. */
    private static List<String> instanceIds(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members()
                    .stream().map(MemberDescription::groupInstanceId).map(id -> id.orElse("(dynamic)")).sorted()
                    .toList();
        }
    }

    private static int schema(int port) {
        // The hub registered the contract's schemas at start; anyone may look the id up.
        return new SchemaRegistryClient(URI.create("http://localhost:" + port + "/registry"))
                .idOf(EVENTS + "-value", SiteEvent.getClassSchema());
    }

    private static int port(ConfigurableApplicationContext hub) {
        return Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
    }

    private static void send(int schemaId, List<SiteStream.Event> events) {
        events.forEach(e -> producer.send(e.producerRecord(EVENTS, schemaId)));
        producer.flush();
    }

    private static SiteStream topic(SiteStream office) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            admin.createTopics(List.of(new NewTopic(EVENTS + "." + office.siteCode, 1, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return office;
    }

    private static JdbcClient jdbc(String database) {
        return JdbcClient.create(new DriverManagerDataSource(database));
    }

    private static long cursor(JdbcClient jdbc, SiteStream s) {
        return jdbc.sql("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = :s")
                .param("s", s.siteCode).query(Long.class).single();
    }

    /** The office's events in the event log, in sequence order, duplicates kept. */
    private static List<Long> sequences(JdbcClient jdbc, SiteStream s) {
        return jdbc.sql("SELECT sequence FROM events WHERE site_code = :s ORDER BY sequence").param("s", s.siteCode)
                .query(Long.class).list();
    }

    private static String readinessBody(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                    .header("Authorization", TestOperators.authorization()).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
