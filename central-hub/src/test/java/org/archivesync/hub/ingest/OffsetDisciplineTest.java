package org.archivesync.hub.ingest;

import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.doAnswer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.HubApplication;
import org.archivesync.hub.catalogue.AcceptedEvent;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

/**
 * The offset discipline through a real (embedded KRaft) broker and real PostgreSQL, with whole hubs started, stopped
 * and restarted in this JVM: each partition's position is stored with the batch it follows and sought on assignment,
 * so no record is passed over that was not applied, whatever fails, restarts or is restored in between; readiness
 * follows the container; an empty catalogue with offsets refuses to start.
 */
@EmbeddedKafka(count = 1)
class OffsetDisciplineTest {

    private static final String EVENTS = "archive.site-events";

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
    void aBatchFailingOnceThenARestartAppliesEveryRecordOnceAndSkipsNone() throws Exception {
        String database = TestDatabase.newDatabase();
        AtomicInteger failures = new AtomicInteger();
        // The first apply of the office's events fails as a database outage would; every later one goes through.
        ConfigurableApplicationContext hub = start(database, "offsets-a", events -> {
            if (events.stream().anyMatch(e -> e.siteCode().equals("CM.OFF.A")) && failures.getAndIncrement() == 0) {
                throw new TransientDataAccessResourceException("connection reset");
            }
            return null;
        });
        JdbcClient jdbc = jdbc(database);
        Agent office = topic(new Agent("CM.OFF.A")).enroll(jdbc);
        int schemaId = schema(hub);
        int port = port(hub);
        assertThat(readiness(port)).isEqualTo(200);

        // One signed transaction and the start of the next (an unsigned tail, held back) in the same polls.
        List<Agent.Event> first = office.events(fonds("OFF.A"), file("OFF.A", "HS-1", "Một"));
        List<Agent.Event> second = office.events(file("OFF.A", "HS-2", "Hai"), file("OFF.A", "HS-3", "Ba"),
                file("OFF.A", "HS-4", "Bốn"));
        send(schemaId, first);
        send(schemaId, second.subList(0, 2));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == 2);
        assertThat(failures.get()).as("the first apply failed").isGreaterThanOrEqualTo(1);
        assertThat(prometheus(port)).contains("archivesync_ingest_errors_total{kind=\"database\"}");

        // A restart in between: the container's consumers leave and come back (the group rebalances).
        MessageListenerContainer container = hub.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer(IngestHealthIndicator.LISTENER_ID);
        container.stop();
        await().atMost(30, TimeUnit.SECONDS).until(() -> readiness(port) == 503);
        assertThat(readinessBody(port)).contains("\"container\":\"STOPPED\"");
        container.start();
        await().atMost(30, TimeUnit.SECONDS).until(() -> readiness(port) == 200);

        send(schemaId, second.subList(2, 3));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == 5);
        assertThat(jdbc.sql("SELECT sequence FROM events WHERE site_code = 'CM.OFF.A' ORDER BY sequence")
                .query(Long.class).list()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(jdbc.sql("SELECT count(*) FROM files WHERE fonds_code = 'OFF.A'").query(Long.class).single())
                .isEqualTo(4);
        await().atMost(30, TimeUnit.SECONDS).until(() -> stored(jdbc, office) == endOffset(office));
    }

    @Test
    void aRestoredDatabaseReplaysWhatItLacks() throws Exception {
        String database = TestDatabase.newDatabase();
        ConfigurableApplicationContext hub = start(database, "offsets-b", null);
        JdbcClient jdbc = jdbc(database);
        Agent office = topic(new Agent("CM.OFF.B")).enroll(jdbc);
        int schemaId = schema(hub);
        send(schemaId, office.events(fonds("OFF.B"), file("OFF.B", "HS-1", "Một")));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == 2);
        stop(hub);
        String backup = copyOf(database);

        hub = start(database, "offsets-b", null);
        send(schemaId, office.events(file("OFF.B", "HS-2", "Hai"), file("OFF.B", "HS-3", "Ba")));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == 4);
        // Kafka's committed offset of the group is now past the second transaction.
        await().atMost(30, TimeUnit.SECONDS).until(() -> committed("offsets-b", office) == endOffset(office));
        stop(hub);

        // The database is restored from the backup taken after the first transaction; the hub starts on it.
        JdbcClient restored = jdbc(backup);
        assertThat(cursor(restored, office)).isEqualTo(2);
        start(backup, "offsets-b", null);
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(restored, office) == 4);
        assertThat(restored.sql("SELECT sequence FROM events WHERE site_code = 'CM.OFF.B' ORDER BY sequence")
                .query(Long.class).list()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(restored.sql("SELECT count(*) FROM files WHERE fonds_code = 'OFF.B'").query(Long.class).single())
                .isEqualTo(3);
    }

    @Test
    void aFaultInOneSitesApplyQuarantinesOnlyThatSiteAndDropsNothing() throws Exception {
        String database = TestDatabase.newDatabase();
        // A hub fault Kafka's default error handling treats as fatal, thrown from the apply of one office's events.
        ConfigurableApplicationContext hub = start(database, "offsets-c", events -> {
            if (events.stream().anyMatch(e -> e.siteCode().equals("CM.OFF.POISON"))) {
                throw new ClassCastException("class A cannot be cast to class B");
            }
            return null;
        });
        JdbcClient jdbc = jdbc(database);
        Agent poison = topic(new Agent("CM.OFF.POISON")).enroll(jdbc);
        Agent healthy = topic(new Agent("CM.OFF.HEALTHY")).enroll(jdbc);
        int schemaId = schema(hub);

        send(schemaId, poison.events(fonds("OFF.P"), file("OFF.P", "HS-1", "Một")));
        send(schemaId, healthy.events(fonds("OFF.H"), file("OFF.H", "HS-1", "Một")));

        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, healthy) == 2);
        await().atMost(60, TimeUnit.SECONDS).until(() -> jdbc.sql(
                "SELECT coalesce(bool_or(quarantined), false) FROM site_cursors WHERE site_code = 'CM.OFF.POISON'")
                .query(Boolean.class).single());
        // Not dropped: the poison office's events wait, parked, for an operator's release after the fix.
        assertThat(jdbc.sql("SELECT count(*) FROM parked_events WHERE site_code = 'CM.OFF.POISON'").query(Long.class)
                .single()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT kind FROM alerts WHERE site_code = 'CM.OFF.POISON'").query(String.class).list())
                .contains("APPLY_FAILED");
        await().atMost(30, TimeUnit.SECONDS).until(() -> stored(jdbc, poison) == endOffset(poison));
    }

    @Test
    void anEmptyCatalogueWithOffsetsRefusesToStartUnlessReplayIsAskedFor() throws Exception {
        String database = TestDatabase.newDatabase();
        ConfigurableApplicationContext hub = start(database, "offsets-d", null);
        JdbcClient jdbc = jdbc(database);
        Agent office = topic(new Agent("CM.OFF.D")).enroll(jdbc);
        int schemaId = schema(hub);
        send(schemaId, office.events(fonds("OFF.D"), file("OFF.D", "HS-1", "Một")));
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(jdbc, office) == 2);
        await().atMost(30, TimeUnit.SECONDS).until(() -> committed("offsets-d", office) == endOffset(office));
        stop(hub);

        // Another (empty) database under the same consumer group: a hub started on the wrong data directory.
        String empty = migrated();
        JdbcClient fresh = jdbc(empty);
        office.enroll(fresh);
        assertThatThrownBy(() -> start(empty, "offsets-d", null)).hasStackTraceContaining("archive-sync.hub.ingest.empty-catalogue=replay")
                .hasStackTraceContaining(empty.substring(0, empty.indexOf('?')))
                .hasStackTraceContaining("nhóm tiêu thụ Kafka offsets-d");

        // Stored positions without events refuse too, whatever Kafka says.
        String positionsOnly = migrated();
        jdbc(positionsOnly).sql("INSERT INTO consumed_offsets VALUES ('" + EVENTS + ".CM.OFF.D', 0, 2, now())").update();
        assertThatThrownBy(() -> start(positionsOnly, "offsets-never-used", null))
                .hasStackTraceContaining("the consumed_offsets table");

        // Deliberately from scratch: every partition is read again from its beginning.
        start(empty, "offsets-d", null, "--archive-sync.hub.ingest.empty-catalogue=replay");
        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(fresh, office) == 2);
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Starts a hub on {@code database} in consumer group {@code group}; {@code fault}, when not null, sees every
     * catalogue apply first and may throw.
     */
    private ConfigurableApplicationContext start(String database, String group,
                                                 Function<List<AcceptedEvent>, Void> fault, String... extra) {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database,
                "--spring.datasource.username=postgres",
                "--archive-sync.hub.database.embedded=false",
                "--server.port=" + port,
                "--archive-sync.hub.ingest.schema-registry-url=http://localhost:" + port + "/registry",
                "--archive-sync.hub.ingest.group-id=" + group,
                "--archive-sync.hub.ingest.retry-initial-interval=200ms",
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.kafka.consumer.properties.metadata.max.age.ms=1000",
                "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                "--archive-sync.hub.outbound.partitions=3",
                "--archive-sync.hub.outbound.poll-interval=200ms",
                "--archive-sync.hub.search.index-interval=1h",
                "--spring.jmx.enabled=false",
                "--logging.level.root=WARN",
                "--logging.level.org.archivesync.hub.ingest=DEBUG"));
        args.addAll(TestOperators.arguments());
        args.addAll(List.of(extra));
        SpringApplicationBuilder app = new SpringApplicationBuilder(HubApplication.class);
        if (fault != null) {
            app.initializers(context -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof Catalogue catalogue)) {
                        return bean;
                    }
                    Catalogue spy = Mockito.spy(catalogue);
                    doAnswer(call -> {
                        fault.apply(call.getArgument(0));
                        return call.callRealMethod();
                    }).when(spy).apply(anyList(), any(), any());
                    return spy;
                }
            }));
        }
        ConfigurableApplicationContext hub = app.run(args.toArray(String[]::new));
        hubs.add(hub);
        return hub;
    }

    private void stop(ConfigurableApplicationContext hub) {
        hub.close();
        hubs.remove(hub);
    }

    private static int schema(ConfigurableApplicationContext hub) {
        return hub.getBean(SchemaRegistryClient.class).register(EVENTS + "-value", SiteEvent.getClassSchema());
    }

    private static int port(ConfigurableApplicationContext hub) {
        return Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
    }

    private static void send(int schemaId, List<Agent.Event> events) {
        events.forEach(e -> producer.send(e.producerRecord(EVENTS, schemaId)));
        producer.flush();
    }

    /** The office's topic with one partition, as the hub creates it for a site created through the directory. */
    private static Agent topic(Agent office) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(EVENTS + "." + office.siteCode, 1,
                    (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return office;
    }

    private static JdbcClient jdbc(String database) {
        return JdbcClient.create(new DriverManagerDataSource(database));
    }

    /** A database the hub's migrations created, with nothing in it. */
    private static String migrated() {
        String database = TestDatabase.newDatabase();
        Flyway.configure().dataSource(new DriverManagerDataSource(database)).locations("classpath:db/migration").load()
                .migrate();
        return database;
    }

    /** A copy of a database no one is connected to, as a backup restored elsewhere would be. */
    private static String copyOf(String database) throws Exception {
        String name = database.substring(database.lastIndexOf('/') + 1, database.indexOf('?'));
        String copy = name + "_backup";
        try (Connection c = TestDatabase.server().getPostgresDatabase().getConnection();
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + copy + " TEMPLATE " + name);
        }
        return TestDatabase.server().getJdbcUrl("postgres", copy);
    }

    private static long cursor(JdbcClient jdbc, Agent s) {
        return jdbc.sql("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = :s")
                .param("s", s.siteCode).query(Long.class).single();
    }

    private static long stored(JdbcClient jdbc, Agent s) {
        return jdbc.sql("SELECT coalesce(max(next_offset), -1) FROM consumed_offsets WHERE topic = :t")
                .param("t", EVENTS + "." + s.siteCode).query(Long.class).single();
    }

    private static long endOffset(Agent s) throws Exception {
        try (Admin admin = admin()) {
            TopicPartition tp = new TopicPartition(EVENTS + "." + s.siteCode, 0);
            return admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
        }
    }

    private static long committed(String group, Agent s) throws Exception {
        try (Admin admin = admin()) {
            TopicPartition tp = new TopicPartition(EVENTS + "." + s.siteCode, 0);
            var offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(tp);
            return offset == null ? -1 : offset.offset();
        }
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
