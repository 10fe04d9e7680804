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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 * One active hub (#15 finding 9): two whole hubs in this JVM on one real PostgreSQL database and one real (embedded
 * KRaft) broker. The hub holding the leader lock consumes, the other waits as a hot standby with its writers stopped,
 * and takes over when the leader goes; every event is applied exactly once throughout.
 *
 * <p>{@code -Dhub.leader.enabled=false} starts both hubs without the lock: then both consume and the tests fail, which
 * is what they guard against.
 */
@EmbeddedKafka(count = 1)
class OneActiveHubTest {

    private static final String EVENTS = "archive.site-events";
    private static final String LOCK_ENABLED = System.getProperty("hub.leader.enabled", "true");

    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, byte[]> producer;
    private final List<ConfigurableApplicationContext> hubs = new ArrayList<>();

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
        hubs.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void onlyTheLeaderConsumesAndTheStandbyTakesOverWhenItStops() throws Exception {
        String database = TestDatabase.newDatabase();
        ConfigurableApplicationContext leader = start(database, "leader-a");
        ConfigurableApplicationContext standby = start(database, "leader-a");
        JdbcClient jdbc = jdbc(database);
        SiteStream office = topic(new SiteStream("CM.LEAD.A")).enroll(jdbc);
        int schemaId = schema(leader);

        assertThat(consuming(leader)).isTrue();
        assertThat(consuming(standby)).as("the standby's ingest container").isFalse();
        assertThat(leadership(leader).role()).isEqualTo(HubLeadership.Role.LEADER);
        assertThat(leadership(standby).role()).isEqualTo(HubLeadership.Role.STANDBY);
        // The standby stays in service for the console: 200, and its readiness says STANDBY.
        assertThat(readiness(port(standby))).isEqualTo(200);
        assertThat(readinessBody(port(standby))).contains("\"status\":\"STANDBY\"").contains("\"role\":\"STANDBY\"");
        assertThat(readinessBody(port(leader))).contains("\"status\":\"UP\"").contains("\"role\":\"LEADER\"");
        assertThat(prometheus(port(leader))).contains("archivesync_hub_leader 1.0");
        assertThat(prometheus(port(standby))).contains("archivesync_hub_leader 0.0");

        List<SiteStream.Event> events = new ArrayList<>(office.transaction(fonds("LEAD.A"), file("LEAD.A", "HS-1", "Một")));
        for (int i = 2; i <= 30; i++) {
            events.addAll(office.transaction(file("LEAD.A", "HS-" + i, "Hồ sơ " + i)));
        }
        send(schemaId, events.subList(0, 16));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == 16);
        // One member in the hub's consumer group: the standby never joined it.
        assertThat(groupMembers("leader-a")).isEqualTo(1);
        assertThat(consuming(standby)).isFalse();

        // The leader stops (a deploy, a crash); the rest is sent while it goes.
        long stopping = System.nanoTime();
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> stop(leader));
        send(schemaId, events.subList(16, events.size()));
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> leadership(standby).leading());
        long leading = System.nanoTime();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> cursor(jdbc, office) == events.size());
        long caughtUp = System.nanoTime();
        stopped.get(30, TimeUnit.SECONDS);
        System.out.printf("TAKEOVER standby leading %d ms, remaining %d events applied %d ms after the leader began"
                + " to stop%n", (leading - stopping) / 1_000_000, events.size() - 16, (caughtUp - stopping) / 1_000_000);
        assertThat(Duration.ofNanos(caughtUp - stopping)).isLessThan(Duration.ofSeconds(10));

        assertThat(sequences(jdbc, office)).containsExactlyElementsOf(
                LongStream.rangeClosed(1, events.size()).boxed().toList());
        assertThat(jdbc.sql("SELECT count(*) FROM files WHERE fonds_code = 'LEAD.A'").query(Long.class).single())
                .isEqualTo(30);
        assertThat(readinessBody(port(standby))).contains("\"role\":\"LEADER\"");
    }

    @Test
    void aLostLockConnectionStopsTheLeadersWritersAndOneHubLeadsAgain() throws Exception {
        String database = TestDatabase.newDatabase();
        ConfigurableApplicationContext first = start(database, "leader-b");
        ConfigurableApplicationContext second = start(database, "leader-b");
        JdbcClient jdbc = jdbc(database);
        SiteStream office = topic(new SiteStream("CM.LEAD.B")).enroll(jdbc);
        int schemaId = schema(first);
        assertThat(consuming(second)).as("the standby's ingest container").isFalse();
        assertThat(leadership(first).leading()).isTrue();
        assertThat(leadership(second).leading()).isFalse();
        send(schemaId, office.transaction(fonds("LEAD.B"), file("LEAD.B", "HS-1", "Một")));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == 2);

        // The database ends the leader's lock session (a failover, an administrator, a network cut seen by the server),
        // found as deploy/README.md "Hub failover" says.
        assertThat(jdbc.sql("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE application_name = 'archive-sync-hub-leader' AND datname = current_database() AND pid IN
                  (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND classid = 26741 AND objid = 1651270770
                   AND granted)""")
                .query(Long.class).single()).isEqualTo(1);
        long cut = System.nanoTime();
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50))
                .until(() -> !consuming(first) || leadership(second).leading());
        System.out.printf("LOCK LOST leader's writers stopped or standby leading %d ms after the session ended%n",
                (System.nanoTime() - cut) / 1_000_000);
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(100))
                .until(() -> leadership(first).leading() ^ leadership(second).leading());
        ConfigurableApplicationContext now = leadership(first).leading() ? first : second;
        ConfigurableApplicationContext other = now == first ? second : first;
        await().atMost(10, TimeUnit.SECONDS).until(() -> consuming(now) && !consuming(other));

        send(schemaId, office.transaction(file("LEAD.B", "HS-2", "Hai"), file("LEAD.B", "HS-3", "Ba")));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == 4);
        assertThat(sequences(jdbc, office)).containsExactly(1L, 2L, 3L, 4L);
        await().atMost(30, TimeUnit.SECONDS).until(() -> groupMembers("leader-b") == 1);
    }

    @Test
    void twoHubsStartingTogetherMigrateOnceAndBothStart() throws Exception {
        String database = TestDatabase.newDatabase();
        CompletableFuture<ConfigurableApplicationContext> a = CompletableFuture.supplyAsync(() -> start(database, "leader-c"));
        CompletableFuture<ConfigurableApplicationContext> b = CompletableFuture.supplyAsync(() -> start(database, "leader-c"));
        ConfigurableApplicationContext one = a.get(180, TimeUnit.SECONDS);
        ConfigurableApplicationContext two = b.get(180, TimeUnit.SECONDS);

        JdbcClient jdbc = jdbc(database);
        List<String> versions = jdbc.sql("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL")
                .query(String.class).list();
        assertThat(versions).isNotEmpty().doesNotHaveDuplicates();
        assertThat(jdbc.sql("SELECT bool_and(success) FROM flyway_schema_history").query(Boolean.class).single()).isTrue();
        assertThat(consuming(one) ^ consuming(two)).as("exactly one hub consumes").isTrue();
        assertThat(List.of(leadership(one).leading(), leadership(two).leading())).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void withoutTheLockTheLaterHubFencesTheEarlierOnesConsumer() throws Exception {
        String database = TestDatabase.newDatabase();
        ConfigurableApplicationContext one = start(database, "leader-d", "--archive-sync.hub.leader.enabled=false");
        ConfigurableApplicationContext two = start(database, "leader-d", "--archive-sync.hub.leader.enabled=false");
        topic(new SiteStream("CM.LEAD.D")).enroll(jdbc(database));

        // Both start their writers (two outbox publishers, as before the lock), but the static instance id of the
        // leader's role leaves one consumer: the later hub's replaces the earlier's, which Kafka fences.
        assertThat(leadership(one).leading()).isTrue();
        assertThat(leadership(two).leading()).isTrue();
        await().atMost(30, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200))
                .until(() -> readinessBody(port(one)).contains("\"consumerStopped\":\"FENCED\""));
        assertThat(readiness(port(one))).as("the fenced hub's readiness").isEqualTo(503);
        assertThat(readinessBody(port(one))).contains("\"container\":\"STOPPED\"").contains("\"lock\":\"DISABLED\"");
        assertThat(consuming(two)).isTrue();
        assertThat(groupMembers("leader-d")).isEqualTo(1);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private ConfigurableApplicationContext start(String database, String group, String... extra) {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--archive-sync.hub.database.embedded=false",
                "--server.port=" + port,
                "--archive-sync.hub.ingest.schema-registry-url=http://localhost:" + port + "/registry",
                "--archive-sync.hub.ingest.group-id=" + group,
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.kafka.consumer.properties.metadata.max.age.ms=1000",
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--archive-sync.hub.outbound.partitions=3",
                "--archive-sync.hub.outbound.poll-interval=200ms",
                "--archive-sync.hub.catalogue.search-interval=1h",
                "--spring.jmx.enabled=false",
                "--logging.level.root=WARN",
                "--logging.level.org.archivesync.hub.leader=INFO"));
        args.addAll(TestOperators.arguments());
        if (Stream.of(extra).noneMatch(a -> a.startsWith("--archive-sync.hub.leader.enabled="))) {
            args.add("--archive-sync.hub.leader.enabled=" + LOCK_ENABLED);
        }
        args.addAll(List.of(extra));
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class).run(args.toArray(String[]::new));
        synchronized (hubs) {
            hubs.add(hub);
        }
        return hub;
    }

    private void stop(ConfigurableApplicationContext hub) {
        hub.close();
        synchronized (hubs) {
            hubs.remove(hub);
        }
    }

    private static HubLeadership leadership(ConfigurableApplicationContext hub) {
        return hub.getBean(HubLeadership.class);
    }

    /** Whether the hub's ingest container runs. */
    private static boolean consuming(ConfigurableApplicationContext hub) {
        return hub.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(IngestHealthIndicator.LISTENER_ID)
                .isRunning();
    }

    private static int groupMembers(String group) throws Exception {
        try (Admin admin = admin()) {
            return admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group).members()
                    .size();
        }
    }

    private static int schema(ConfigurableApplicationContext hub) {
        return hub.getBean(SchemaRegistryClient.class).register(EVENTS + "-value", SiteEvent.getClassSchema());
    }

    private static int port(ConfigurableApplicationContext hub) {
        return Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
    }

    private static void send(int schemaId, List<SiteStream.Event> events) {
        events.forEach(e -> producer.send(e.producerRecord(EVENTS, schemaId)));
        producer.flush();
    }

    private static SiteStream topic(SiteStream office) {
        try (Admin admin = admin()) {
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

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
    }

    private static int readiness(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String readinessBody(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                        .header("Authorization", TestOperators.authorization()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String prometheus(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/actuator/prometheus")).timeout(Duration.ofSeconds(10))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
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
