package org.archivesync.hub.ingest;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.received;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.archivesync.hub.fixtures.Agent.secretStub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.CatalogueFile;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.catalogue.SecretText;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.search.SearchIndexing;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.TableDump;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.AvroWireDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A file re-classified as a state secret after it was described: its earlier text (title, keywords, notes, condition,
 * a withdrawal's reason, an appraisal's basis, the discrepancies of a receipt listing it, and a basis an old agent
 * sends after the re-classification) is found in no column of any table of the hub's schema (text, arrays, JSON and
 * bytea searched byte for byte, the event log's Avro bodies included), the latest value of its key on
 * {@code archive.catalogue.files} is the stub after a tombstone, and the offices' chains still verify and continue
 * from the stored hashes. A rebuild from the redacted event log yields the same catalogue.
 *
 * <p>What the outbound topic still holds: the file's values published before the re-classification, with its title,
 * sit before the tombstone until compaction removes them; the hub creates the topic with {@code cleanup.policy=compact}
 * and {@code max.compaction.lag.ms} (one day by default), so that is within a day. The inbound per-office topics are
 * the operator's to clean (deploy/README.md, "State secrets after the fact").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(count = 1)
class SecretReclassificationTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final String FILES_TOPIC = "archive.catalogue.files";

    static final String TITLE = "Phương án sơ tán kho vũ khí đảo Hòn Khoai";
    static final String KEYWORD = "mật danh HK-79";
    static final String NOTE = "Bản chính lưu tại phòng tham mưu";
    static final String CONDITION = "Rách góc trang bìa phương án";
    static final String REASON = "Nhầm với phương án phòng thủ Hòn Chuối";
    static final String BASIS = "Căn cứ chỉ thị tác chiến 05/CT";
    static final String DISCREPANCY = "Thiếu sơ đồ bố trí trận địa";
    static final String LATE_BASIS = "Đánh giá lại theo lệnh 17/BTL";
    static final List<String> SECRET_TEXT = List.of(TITLE, KEYWORD, NOTE, CONDITION, REASON, BASIS, DISCREPANCY,
            LATE_BASIS);
    static final String OPEN_TITLE = "Sổ công văn đi năm 2019";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withEmbeddedBroker(registry);
        registry.add("archive-sync.hub.search.index-interval", () -> "1h");
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SchemaRegistryClient registry;
    @Autowired
    SiteEventIngest ingest;
    @Autowired
    ApplicationContext context;

    @Test
    void reclassifiedFilesTextIsFoundNowhereAndTheChainsAndARebuildStillHold() throws Exception {
        int schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
        Agent district = new Agent("CM.R1.CAINUOC").enroll(jdbc);
        Agent commune = new Agent("CM.R1.TANHUNG").enroll(jdbc);
        String f = "R1.F";
        String key = f + "/HS-1";

        FileRecorded described = file(f, "HS-1", TITLE);
        described.setKeywords(List.of("Hòn Khoai", KEYWORD));
        described.setNotes(NOTE);
        described.setPhysicalCondition(CONDITION);
        FileAppraised appraisal = appraised(f, "HS-1", AppraisalDecision.TRANSFER_TO_HISTORICAL);
        appraisal.setBasis(BASIS);
        // Withdrawn by mistake, then recorded again: the withdrawal's reason stays in the event log.
        ingest(schemaId, district.events(fonds(f), described,
                FileWithdrawn.newBuilder().setFile(ref(f, "HS-1")).setReason(REASON).build(), described, appraisal,
                file(f, "HS-2", OPEN_TITLE)));
        UUID handoverId = UUID.randomUUID();
        ingest(schemaId, district.events(handover(handoverId, commune.siteCode, List.of(), ref(f, "HS-1"),
                ref(f, "HS-2"))));
        ingest(schemaId, commune.events(received(handoverId, district.siteCode, List.of(), DISCREPANCY,
                ref(f, "HS-1"), ref(f, "HS-2"))));
        SearchIndexing.indexAll(context);

        // The search finds the text where it is: the test can fail.
        assertThat(wherever(SECRET_TEXT.subList(0, 7))).contains("public.events.body", "public.files.title",
                "public.files.keywords", "public.files.notes", "public.appraisals.basis",
                "public.handovers.discrepancies", "public.file_search.document");
        Map<String, List<CatalogueFile>> published = new java.util.HashMap<>();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            published.clear();
            published.putAll(latestFiles());
            assertThat(published.get(key)).isNotEmpty().last().isNotNull()
                    .satisfies(v -> assertThat(v.getTitle()).isEqualTo(TITLE));
        });

        // The receiver, who holds the file now, re-classifies it; then an old agent sends a basis for it.
        ingest(schemaId, commune.events(secretStub(f, "HS-1")));
        FileAppraised late = appraised(f, "HS-1", AppraisalDecision.TRANSFER_TO_HISTORICAL);
        late.setBasis(LATE_BASIS);
        ingest(schemaId, commune.events(late));
        SearchIndexing.indexAll(context);

        assertThat(wherever(SECRET_TEXT)).as("columns still holding the secret text").isEmpty();
        assertThat(jdbc.sql("SELECT title FROM files WHERE fonds_code = :f AND file_code = 'HS-2'").param("f", f)
                .query(String.class).single()).as("the open file keeps its text").isEqualTo(OPEN_TITLE);
        assertThat(jdbc.sql("SELECT status || ' ' || discrepancies FROM handovers WHERE handover_id = :id")
                .param("id", handoverId).query(String.class).single())
                .isEqualTo("RECEIVED_WITH_DISCREPANCIES " + SecretText.WITHHELD);
        assertThat(jdbc.sql("SELECT count(*) FROM events WHERE redacted_at IS NOT NULL").query(Long.class).single())
                .as("4 of the district's events, the receipt and the late appraisal").isEqualTo(6);
        assertThat(jdbc.sql("SELECT outcome FROM audit_log WHERE action = 'REDACT-SECRET-TEXT' AND target = :k")
                .param("k", key).query(String.class).list()).containsExactly("OK events=4");
        assertThat(quarantined()).isEmpty();

        // On the outbound topic, the key's latest value is the stub, after a tombstone; what came before is the text
        // that compaction removes within max.compaction.lag.ms.
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            List<CatalogueFile> values = latestFiles().get(key);
            CatalogueFile stub = values.get(values.size() - 1);
            assertThat(stub).isNotNull();
            assertThat(stub.getAccessRegime()).isEqualTo(AccessRegime.STATE_SECRET);
            assertThat(stub.getTitle()).isNull();
            assertThat(stub.getLastSequence()).as("the late appraisal's value").isEqualTo(2);
            int tombstone = values.lastIndexOf(null);
            assertThat(tombstone).as("a tombstone").isPositive();
            assertThat(values.subList(tombstone + 1, values.size())).as("after the tombstone, stubs only")
                    .isNotEmpty().allSatisfy(v -> assertThat(v.getTitle()).isNull());
            assertThat(values.subList(0, tombstone)).as("published before the re-classification")
                    .anySatisfy(v -> assertThat(v.getTitle()).isEqualTo(TITLE));
        });
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, FILES_TOPIC);
            Config config = admin.describeConfigs(Set.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(config.get("max.compaction.lag.ms").value()).isEqualTo("86400000");
        }

        // The chains: every row links to the stored hash before it; an unredacted body hashes to its stored hash, a
        // redacted one is accepted on it. The offices' next events continue from there.
        assertChainHolds(district.siteCode);
        assertChainHolds(commune.siteCode);
        ingest(schemaId, commune.events(appraised(f, "HS-2", AppraisalDecision.KEEP_AT_SUCCESSOR)));
        ingest(schemaId, district.events(file(f, "HS-3", "Hồ sơ ba")));
        assertThat(quarantined()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM files WHERE fonds_code = :f").param("f", f).query(Long.class).single())
                .isEqualTo(3);

        // A rebuild from the redacted log: the same catalogue, and still no secret text.
        SearchIndexing.indexAll(context);
        List<String> tables = new ArrayList<>(TableDump.CATALOGUE);
        tables.addAll(List.of("events", "site_cursors"));
        Map<String, List<String>> before = TableDump.dump(jdbc, tables, Set.of(), false);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + PORT + "/api/admin/rebuild"))
                .header("Authorization", TestOperators.authorization()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        SearchIndexing.indexAll(context);
        assertThat(TableDump.dump(jdbc, tables, Set.of(), false)).isEqualTo(before);
        assertThat(wherever(SECRET_TEXT)).isEmpty();
    }

    private void ingest(int schemaId, List<Agent.Event> events) {
        ingest.ingest(events.stream().map(e -> e.record(schemaId)).toList());
    }

    private List<String> quarantined() {
        return jdbc.sql("SELECT site_code FROM site_cursors WHERE quarantined").query(String.class).list();
    }

    /**
     * Every text-like column of every table of the hub's schemas that holds one of {@code texts} (or its folded form,
     * as the search projection keeps it), as {@code schema.table.column}. Text, character, arrays, JSON and other
     * types are compared as their text; bytea byte for byte with the UTF-8 bytes (Avro strings are UTF-8).
     */
    private List<String> wherever(List<String> texts) {
        List<String> needles = new ArrayList<>(texts);
        for (String t : texts) {
            needles.add(jdbc.sql("SELECT archive_fold(:t)").param("t", t).query(String.class).single());
        }
        List<String[]> columns = jdbc.sql("""
                SELECT c.table_schema, c.table_name, c.column_name, c.data_type
                FROM information_schema.columns c
                JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                WHERE t.table_type = 'BASE TABLE'
                  AND c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_temp%'
                  AND c.table_schema NOT LIKE 'pg_toast%'
                  AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'bytea', 'ARRAY',
                      'USER-DEFINED', 'xml')""")
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                .list();
        assertThat(columns).as("the search covers the event log").anySatisfy(c -> assertThat(c[1] + "." + c[2])
                .isEqualTo("events.body"));
        List<String> hits = new ArrayList<>();
        for (String[] c : columns) {
            String column = "\"" + c[2] + "\"";
            String where = c[3].equals("bytea")
                    ? "position(convert_to(:n, 'UTF8') IN " + column + ") > 0"
                    : "strpos(" + column + "::text, :n) > 0";
            String sql = "SELECT count(*) FROM \"" + c[0] + "\".\"" + c[1] + "\" WHERE " + where;
            for (String needle : needles) {
                if (jdbc.sql(sql).param("n", needle).query(Long.class).single() > 0) {
                    hits.add(c[0] + "." + c[1] + "." + c[2]);
                    break;
                }
            }
        }
        return hits;
    }

    private void assertChainHolds(String site) {
        List<Object[]> rows = jdbc.sql("""
                SELECT sequence, hash, schema_id, body, redacted_at IS NOT NULL FROM events
                WHERE site_code = :s ORDER BY sequence""").param("s", site)
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getBytes(2), rs.getInt(3), rs.getBytes(4),
                        rs.getBoolean(5)}).list();
        byte[] previous = ChainHash.genesis();
        int redacted = 0;
        for (Object[] r : rows) {
            Schema writer = registry.schemaById((Integer) r[2]);
            byte[] body = (byte[]) r[3];
            SiteEvent event = AvroCodec.decode(ByteBuffer.wrap(body), writer, SiteEvent.getClassSchema());
            assertThat(event.getPreviousHash().bytes()).as("%s@%s links to the stored hash before it", site, r[0])
                    .isEqualTo(previous);
            byte[] recomputed = ChainHash.next(previous, SchemaFingerprint.of(writer), body);
            if ((Boolean) r[4]) {
                redacted++;
                assertThat(recomputed).as("a redacted body no longer hashes to the stored hash").isNotEqualTo(r[1]);
            } else {
                assertThat(recomputed).as("%s@%s", site, r[0]).isEqualTo(r[1]);
            }
            previous = (byte[]) r[1];
        }
        assertThat(redacted).isPositive();
    }

    /** Every value of the catalogue files topic so far, per key in offset order (null for a tombstone). */
    private Map<String, List<CatalogueFile>> latestFiles() {
        Map<String, List<CatalogueFile>> values = new java.util.HashMap<>();
        try (AvroWireDeserializer deserializer = new AvroWireDeserializer(registry)) {
            for (ConsumerRecord<String, byte[]> r : TopicContents.readAll(broker, FILES_TOPIC)) {
                values.computeIfAbsent(r.key(), k -> new ArrayList<>())
                        .add(r.value() == null ? null : (CatalogueFile) deserializer.deserialize(FILES_TOPIC, r.value()));
            }
        }
        return values;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
