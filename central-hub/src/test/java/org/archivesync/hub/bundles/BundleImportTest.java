package org.archivesync.hub.bundles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.archivesync.hub.testing.HubTestProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.archivesync.agent.bundle.Bundles;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.recording.AppraiseFile;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.recording.SealBox;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.testing.RealAgent;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.archivesync.schemas.wire.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * USB bundles exported by the real agent code ({@code Bundles.export} over the agent's outbox): refused whole when
 * damaged or not signed by the site's key, imported through the same verifier and apply as Kafka records (REST upload,
 * command line), skipped where already applied, and the same events arriving afterwards through Kafka are skipped too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(count = 1)
@DirtiesContext
class BundleImportTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final String EVENTS = "archive.site-events";
    private static final String SITE = "CM.USB.DAMDOI";
    private static final String FONDS = "USB.DD";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        registry.add("archive-sync.hub.outbound.partitions", () -> "3");
        registry.add("spring.kafka.consumer.properties.metadata.max.age.ms", () -> "1000");
        registry.add("archive-sync.hub.bundles.slice-events", () -> "4");
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SiteDirectory sites;
    @Autowired
    BundleImport bundles;
    @Autowired
    BundleImportRunner runner;
    @Autowired
    SchemaRegistryClient registry;
    @Autowired
    MeterRegistry meters;

    private final Path dir = Path.of(System.getProperty("java.io.tmpdir"), "bundles-" + UUID.randomUUID());
    private RealAgent agent;

    @AfterEach
    void closeAgent() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void bundleFromTheAgentIsImportedOnceAndTheSameEventsFromKafkaAreSkipped() throws Exception {
        agent = RealAgent.enroll(sites, URI.create("http://localhost:" + PORT), dir, SITE, "CM.DAMDOI");
        agent.recorder().recordAll(List.of(
                new RegisterFonds(FONDS, "Phông UBND huyện Đầm Dơi", "UBND huyện Đầm Dơi", "CM.DAMDOI", null, null, null),
                new PackBox("H1", FONDS, null, new BigDecimal("0.10")),
                file("HS-1", "Hồ sơ đất đai xã Tạ An Khương"), file("HS-2", "Sổ công văn đi"),
                file("HS-3", "Hồ sơ xây dựng nông thôn mới")));
        agent.recorder().sealBox(new SealBox("H1", FONDS, "NP-77"));
        Path first = export(1, "first.zip");

        // The whole file is checked before any event: a damaged or foreign bundle changes nothing, quarantines nothing.
        assertRefused(damaged(first), "CONTENT_MISMATCH");
        assertRefused(resigned(first), "BAD_MANIFEST_SIGNATURE");
        Path garbage = Files.writeString(dir.resolve("notes.zip"), "không phải gói dữ liệu");
        assertRefused(garbage, "NOT_A_BUNDLE");
        assertThat(count("events")).isZero();
        assertThat(count("quarantine")).isZero();

        HttpResponse<String> uploaded = post(first);
        assertThat(uploaded.statusCode()).isEqualTo(200);
        assertThat(uploaded.body()).contains("\"applied\":6").contains("\"redelivered\":0");
        assertThat(titles()).containsExactly("Hồ sơ đất đai xã Tạ An Khương", "Sổ công văn đi",
                "Hồ sơ xây dựng nông thôn mới");
        assertThat(jdbc.sql("SELECT state || ':' || seal_number FROM boxes WHERE site_code = :s").param("s", SITE)
                .query(String.class).single()).isEqualTo("SEALED:NP-77");

        // Weeks later, a second bundle from sequence 1 again: the command line imports only what is new.
        agent.recorder().recordFile(file("HS-4", "Hồ sơ thi đua khen thưởng"));
        agent.recorder().appraiseFile(new AppraiseFile(FONDS, "HS-2", AppraisalDecision.DESTROY, "hết hạn", "QĐ 3",
                LocalDate.parse("2025-08-01")));
        Path second = export(1, "second.zip");
        runner.run(new DefaultApplicationArguments("import-bundle", second.toString()));
        assertThat(cursor()).isEqualTo(agent.lastSequence()).isEqualTo(8);
        assertThat(count("events")).isEqualTo(8);
        BundleImportReport again = bundles.importBundle(second);
        assertThat(again.applied()).isZero();
        assertThat(again.redelivered()).isEqualTo(8);

        // The agent's outbox reaches Kafka after all, exactly as its publisher sends it: every record is skipped.
        double redeliveredBefore = meters.get("archivesync.ingest.events.redelivered").counter().count();
        produceLikeTheAgent(agent.outbox().range(1, agent.lastSequence()));
        await().atMost(30, TimeUnit.SECONDS).until(() -> meters.get("archivesync.ingest.events.redelivered").counter()
                .count() - redeliveredBefore == 8);
        awaitConsumed();
        assertThat(count("events")).isEqualTo(8);
        assertThat(jdbc.sql("SELECT count(DISTINCT sequence) FROM events WHERE site_code = :s").param("s", SITE)
                .query(Long.class).single()).isEqualTo(8);
        assertThat(count("quarantine")).isZero();
        assertThat(count("parked_events")).isZero();
        assertThat(titles()).hasSize(4);
        assertThat(jdbc.sql("SELECT decision FROM appraisals WHERE file_code = 'HS-2'").query(String.class).single())
                .isEqualTo("DESTROY");
    }

    @Test
    void bundleWhoseManifestNamesAnotherWriterSchemaIsRefusedByTheChain() throws Exception {
        String site = "CM.USB.CAINUOC";
        String fonds = "USB.CN";
        agent = RealAgent.enroll(sites, URI.create("http://localhost:" + PORT), dir, site, "CM.DAMDOI");
        agent.recorder().recordAll(List.of(
                new RegisterFonds(fonds, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", "CM.DAMDOI", null, null, null),
                new PackBox("H1", fonds, null, new BigDecimal("0.10")),
                new RecordFile(fonds, "HS-1", "H1", "Hồ sơ địa giới hành chính", null, null, 10, null,
                        RetentionKind.FIXED_TERM, 10, AccessRegime.OPEN, null, "vi", List.of(), null, null)));
        agent.recorder().appraiseFile(new AppraiseFile(fonds, "HS-1", AppraisalDecision.KEEP_AT_SUCCESSOR, "giao xã",
                "QĐ 5", LocalDate.parse("2025-08-01")));
        Map<String, byte[]> entries = entries(export(1, "schema.zip"));
        // The manifest's signature covers events.bin, not the schema: read through this one, KEEP_AT_SUCCESSOR is DESTROY.
        String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
        String swapped = manifest.replace("\\\"KEEP_AT_SUCCESSOR\\\",\\\"DESTROY\\\"",
                "\\\"DESTROY\\\",\\\"KEEP_AT_SUCCESSOR\\\"");
        assertThat(swapped).isNotEqualTo(manifest);
        entries.put("manifest.json", swapped.getBytes(StandardCharsets.UTF_8));

        BundleImportReport report = bundles.importBundle(write(entries, "swapped-schema.zip"));

        // Read through the other schema nothing chains or verifies: nothing applied, the events set aside or waiting,
        // and no evidence signed by the office against it.
        assertThat(report.applied()).isZero();
        assertThat(report.quarantinedSites()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM set_aside_records WHERE site_code = :s").param("s", site)
                .query(Long.class).single()).isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE site_code = :s").param("s", site).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM appraisals WHERE fonds_code = :f").param("f", fonds).query(Long.class)
                .single()).isZero();
    }

    private static RecordFile file(String code, String title) {
        return new RecordFile(FONDS, code, "H1", title, null, null, 10, null, RetentionKind.FIXED_TERM, 10,
                AccessRegime.OPEN, null, "vi", List.of(), null, null);
    }

    private Path export(long from, String name) {
        Path target = dir.resolve(name);
        Bundles.export(agent.outbox(), agent.identity(), from, target, Clock.systemUTC());
        return target;
    }

    private void assertRefused(Path bundle, String reason) throws Exception {
        HttpResponse<String> response = post(bundle);
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("\"reason\":\"" + reason + "\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        assertThatThrownBy(() -> bundles.importBundle(bundle)).isInstanceOfSatisfying(BundleRejectedException.class,
                e -> assertThat(e.reason().name()).isEqualTo(reason));
    }

    /** The bundle with one byte of one event's body flipped, as a bad USB stick might. */
    private Path damaged(Path bundle) throws IOException {
        Map<String, byte[]> entries = entries(bundle);
        byte[] events = entries.get("events.bin");
        events[8 + 32 + 4 + 10] ^= 0x01;
        return write(entries, "damaged.zip");
    }

    /** The bundle with its manifest signed by a key the hub never enrolled. */
    private Path resigned(Path bundle) throws Exception {
        Map<String, byte[]> entries = entries(bundle);
        String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
        String signature = manifest.replaceAll("(?s).*\"signature\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        byte[] content = java.security.MessageDigest.getInstance("SHA-256").digest(entries.get("events.bin"));
        String forged = Base64.getEncoder().encodeToString(SiteKeys.sign(SiteKeys.generate().getPrivate(), content));
        entries.put("manifest.json", manifest.replace(signature, forged).getBytes(StandardCharsets.UTF_8));
        return write(entries, "resigned.zip");
    }

    private static Map<String, byte[]> entries(Path bundle) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
        return entries;
    }

    private Path write(Map<String, byte[]> entries, String name) throws IOException {
        Path target = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return target;
    }

    private static HttpResponse<String> post(Path bundle) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT
                        + "/api/bundles?name=" + bundle.getFileName())).header("Content-Type", "application/zip")
                .header("Authorization", TestOperators.authorization())
                .POST(HttpRequest.BodyPublishers.ofFile(bundle)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As the agent's publisher: key = site code, the stored body behind the wire prefix, headers on signed rows. */
    private void produceLikeTheAgent(List<OutboxEntry> rows) {
        int schemaId = registry.register(EVENTS + "-value", SiteEvent.getClassSchema());
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
                new ByteArraySerializer())) {
            for (OutboxEntry row : rows) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(EVENTS + "." + SITE, null, SITE,
                        WireFormat.frame(schemaId, row.body()));
                if (row.signed()) {
                    record.headers().add(SiteEventHeaders.SIGNATURE, row.signature());
                    record.headers().add(SiteEventHeaders.KEY_ID, row.keyId().getBytes(StandardCharsets.UTF_8));
                }
                producer.send(record);
            }
            producer.flush();
        }
    }

    /** Waits until the hub committed offsets at the end of the site's topic. */
    private void awaitConsumed() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("archive-sync-hub")
                        .partitionsToOffsetAndMetadata().get();
                Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
                String topic = EVENTS + "." + SITE;
                admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest).all().get();
                return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0 || (committed.get(e.getKey())
                        != null && committed.get(e.getKey()).offset() == e.getValue().offset()));
            });
        }
    }

    private List<String> titles() {
        return jdbc.sql("SELECT title FROM files WHERE fonds_code = :f ORDER BY file_code").param("f", FONDS)
                .query(String.class).list();
    }

    private long cursor() {
        return jdbc.sql("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = :s")
                .param("s", SITE).query(Long.class).single();
    }

    /** Rows of {@link #SITE} in a table; other tests' sites are left out. */
    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table + " WHERE site_code = :s").param("s", SITE).query(Long.class)
                .single();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
