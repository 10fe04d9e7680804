package org.archivesync.hub.ingest;

import static org.archivesync.hub.fixtures.Agent.file;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.archivesync.hub.search.SearchIndexing;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ingest transaction at volume: {@code bench.events} FileRecorded events (default 100,000) from
 * {@code bench.sites} sites, signed once per 1,000-event transaction, handed to {@link SiteEventIngest} in batches of
 * {@code bench.batch} records as the Kafka listener would (decode, verify, apply, event log, cursors, outbox; no broker,
 * no JVM start-up in the figure), then the time until the search projection has indexed them all, then a raw
 * {@code COPY} of the same rows into a primary-key-only copy of {@code files} on the same server: the ceiling. Not part
 * of the build (no Test suffix); run with
 * {@code ./mvnw -pl central-hub verify -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class IngestBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 100_000);
    private static final int SITES = Integer.getInteger("bench.sites", 10);
    private static final int BATCH = Integer.getInteger("bench.batch", 5_000);
    private static final int TRANSACTION = 1_000;
    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withoutKafka(registry);
        // The indexer runs after the load here, to measure each part alone (bench.search-interval=200ms: alongside).
        registry.add("archive-sync.hub.search.index-interval", () -> System.getProperty("bench.search-interval", "1h"));
    }

    @Autowired
    SiteEventIngest ingest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    SchemaRegistryClient registry;
    @Autowired
    ApplicationContext context;

    @Test
    void measure() throws Exception {
        int schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
        List<List<InboundRecord>> perSite = new ArrayList<>();
        Random random = new Random(7);
        for (int s = 0; s < SITES; s++) {
            Agent site = new Agent("CM.BENCH" + s).enroll(jdbc);
            List<InboundRecord> records = new ArrayList<>();
            for (int from = 0; from < EVENTS / SITES; from += TRANSACTION) {
                Object[] payloads = new Object[TRANSACTION];
                for (int i = 0; i < TRANSACTION; i++) {
                    payloads[i] = file("B" + s, "HS-" + (from + i), title(random));
                }
                site.events(payloads).forEach(e -> records.add(e.record(schemaId)));
            }
            perSite.add(records);
        }
        // Interleave sites the way partitions interleave in a poll: runs of one site, then the next.
        List<List<InboundRecord>> batches = new ArrayList<>();
        List<InboundRecord> current = new ArrayList<>();
        int run = BATCH / Math.min(SITES, 4);
        for (int offset = 0; offset < EVENTS / SITES; offset += run) {
            for (List<InboundRecord> site : perSite) {
                for (InboundRecord r : site.subList(offset, Math.min(site.size(), offset + run))) {
                    current.add(r);
                    if (current.size() == BATCH) {
                        batches.add(current);
                        current = new ArrayList<>();
                    }
                }
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }

        if (Boolean.getBoolean("bench.log-statements")) {
            String db = jdbc.sql("SELECT current_database()").query(String.class).single();
            jdbc.sql("ALTER DATABASE " + db + " SET log_min_duration_statement = 0").update();
            jdbc.sql("SELECT pg_reload_conf()").query(Boolean.class).single();
        }
        long t0 = System.nanoTime();
        long applied = 0;
        for (List<InboundRecord> batch : batches) {
            applied += ingest.ingest(batch).applied();
        }
        long ingestNanos = System.nanoTime() - t0;
        long files = jdbc.sql("SELECT count(*) FROM files").query(Long.class).single();
        long q0 = System.nanoTime();
        int backlogHits = SearchIndexing.fileCodes(context, "huyen cai nuoc nam 1999", 10).size();
        long backlogQueryNanos = System.nanoTime() - q0;
        long i0 = System.nanoTime();
        SearchIndexing.indexAll(context);
        long indexNanos = System.nanoTime() - i0;
        q0 = System.nanoTime();
        int indexedHits = SearchIndexing.fileCodes(context, "huyen cai nuoc nam 1999", 10).size();
        long indexedQueryNanos = System.nanoTime() - q0;

        jdbc.sql("CREATE TABLE files_ceiling (LIKE files INCLUDING DEFAULTS)").update();
        jdbc.sql("ALTER TABLE files_ceiling ADD PRIMARY KEY (fonds_code, file_code)").update();
        StringBuilder copy = new StringBuilder();
        jdbc.sql("SELECT fonds_code, file_code, site_code, title FROM files").query((rs, n) -> copy.append(rs.getString(1))
                .append('\t').append(rs.getString(2)).append('\t').append(rs.getString(3)).append('\t')
                .append(rs.getString(4)).append("\tFIXED_TERM\t10\tOPEN\t1\t1\t2025-07-01T00:00:00Z\t")
                .append(rs.getString(3)).append('\n')).list();
        long c0 = System.nanoTime();
        try (Connection c = dataSource.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY files_ceiling (fonds_code, file_code, site_code, title,"
                    + " retention, retention_years, access_regime, recorded_sequence, last_sequence, updated_at,"
                    + " holder_site_code) FROM STDIN",
                    new StringReader(copy.toString()));
        }
        long copyNanos = System.nanoTime() - c0;

        double ingestRate = applied / (ingestNanos / 1e9);
        double copyRate = files / (copyNanos / 1e9);
        System.out.printf("events=%d sites=%d batch=%d batches=%d applied=%d%n", EVENTS, SITES, BATCH, batches.size(), applied);
        System.out.printf("ingest ms=%d events_per_s=%.0f%n", ingestNanos / 1_000_000, ingestRate);
        System.out.printf("search over %d unindexed files ms=%d hits=%d; indexing them ms=%d rows_per_s=%.0f;"
                + " search over the index ms=%d hits=%d%n", files, backlogQueryNanos / 1_000_000, backlogHits,
                indexNanos / 1_000_000, files / (indexNanos / 1e9), indexedQueryNanos / 1_000_000, indexedHits);
        System.out.printf("raw COPY pk-only rows=%d ms=%d rows_per_s=%.0f ratio=%.2f%n", files, copyNanos / 1_000_000,
                copyRate, ingestRate / copyRate);
    }

    private static String title(Random random) {
        String[] subjects = {"Hồ sơ giải quyết tranh chấp đất đai", "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất",
                "Tập văn bản chỉ đạo về phòng chống lụt bão", "Hồ sơ hội nghị tổng kết công tác năm",
                "Hồ sơ xây dựng nông thôn mới", "Báo cáo thống kê dân số và kế hoạch hóa gia đình"};
        String[] places = {"xã Tân Hưng", "huyện Cái Nước", "thị trấn Sông Đốc", "xã Khánh Bình Tây",
                "huyện Trần Văn Thời", "xã Tạ An Khương", "thành phố Bạc Liêu"};
        return subjects[random.nextInt(subjects.length)] + " của " + places[random.nextInt(places.length)] + " năm "
                + (1976 + random.nextInt(49)) + " số " + random.nextInt(100_000);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
