package org.archivesync.hub.search;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.archivesync.hub.HubApplication;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.lineage.Lineage;
import org.archivesync.hub.progress.Progress;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Search and the progress view on a generated province: {@code bench.files} files (default 1,000,000) from
 * {@code bench.sites} sites (default 100) of real old communes of Cà Mau and Bạc Liêu, with boxes, extents,
 * appraisals, scans, handovers, destructions and 30 days of activity; then p50/p99 latency of typical queries through
 * the hub's own entry points (FileSearch, Lineage, Progress) on one embedded PostgreSQL. Not a test: run
 *
 * <pre>
 * ./mvnw -B -q -o -pl central-hub test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test.classpath
 * cd central-hub && java -Xmx2g -Djava.io.tmpdir=target/tmp \
 *     -cp target/test-classes:target/classes:$(cat target/test.classpath) org.archivesync.hub.search.DomainBench
 * </pre>
 * Figures and the machine they were measured on: {@code central-hub/DOMAIN-BENCH.md}.
 */
public final class DomainBench {

    private static final int FILES = Integer.getInteger("bench.files", 1_000_000);
    private static final int SITES = Integer.getInteger("bench.sites", 100);
    private static final int RUNS = Integer.getInteger("bench.runs", 50);
    private static final LocalDate TODAY = LocalDate.now();

    private DomainBench() {
    }

    public static void main(String[] args) {
        String url = TestDatabase.newDatabase();
        // Command-line arguments outrank application.yml (builder default properties would not).
        String[] settings = {"--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
            "--archive-sync.hub.database.embedded=false", "--spring.main.web-application-type=none",
            "--spring.kafka.listener.auto-startup=false", "--spring.kafka.admin.auto-create=false",
            "--archive-sync.hub.outbound.publish=false", "--archive-sync.hub.progress.record-interval=1h",
            "--archive-sync.hub.search.index-interval=1h", "--logging.level.root=WARN"};
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class).run(settings)) {
            JdbcClient jdbc = hub.getBean(JdbcClient.class);
            long t0 = System.nanoTime();
            generate(jdbc);
            System.out.printf(Locale.ROOT, "generated %,d files from %d sites in %.1f s%n", FILES, SITES,
                    (System.nanoTime() - t0) / 1e9);
            if (Boolean.getBoolean("bench.explain")) {
                explain(hub, jdbc);
            }
            measure(hub, jdbc);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static void generate(JdbcClient jdbc) {
        // Sites: real old commune-level units, each with one fonds of its People's Committee.
        jdbc.sql("""
                INSERT INTO sites (site_code, name, unit_code, role)
                SELECT 'CM.B' || lpad(n::text, 3, '0'), 'UBND ' || name, official_code, 'COMMUNE'
                FROM (SELECT row_number() OVER (ORDER BY official_code) AS n, name, official_code FROM units
                      WHERE level IN ('COMMUNE', 'WARD', 'TOWNSHIP') AND valid_from IS NULL) u
                WHERE n <= :sites""").param("sites", SITES).update();
        jdbc.sql("""
                INSERT INTO site_cursors (site_code, last_sequence) SELECT site_code, 1000000 FROM sites""").update();
        jdbc.sql("""
                INSERT INTO fonds (fonds_code, site_code, name, creating_body, creating_unit_code, start_date, end_date,
                    closed, last_sequence, updated_at)
                SELECT 'P-' || s.site_code, s.site_code, 'Phông ' || s.name, s.name, s.unit_code, DATE '1976-01-01',
                    DATE '2025-06-30', true, 1, now() FROM sites s""").update();
        jdbc.sql("""
                INSERT INTO storage_locations (site_code, location_code, name, last_sequence, updated_at)
                SELECT site_code, 'KHO-1', 'Kho ' || name, 1, now() FROM sites""").update();
        // Files: kind, matter, place (the names of the province's old communes) and year; 20 files a box.
        jdbc.sql("""
                WITH s AS (SELECT row_number() OVER (ORDER BY site_code) - 1 AS i, site_code FROM sites),
                place AS (SELECT array_agg(split_part(name, ' (', 1) ORDER BY official_code) AS names FROM units
                          WHERE level IN ('COMMUNE', 'WARD', 'TOWNSHIP') AND valid_from IS NULL)
                INSERT INTO files (fonds_code, file_code, site_code, holder_site_code, box_code, title, start_date, end_date, sheet_count,
                    retention, retention_years, access_regime, secret_level, keywords, custody_state, recorded_sequence,
                    last_sequence, updated_at)
                SELECT 'P-' || s.site_code, 'HS-' || lpad(g::text, 7, '0'), s.site_code, s.site_code, 'H' || (g / 20),
                    CASE WHEN g % 97 = 0 THEN NULL ELSE
                    (ARRAY['Hồ sơ', 'Báo cáo', 'Tập văn bản', 'Kế hoạch', 'Sổ'])[1 + g % 5] || ' ' ||
                    (ARRAY['giải quyết tranh chấp đất đai', 'phòng chống lụt bão', 'xây dựng nông thôn mới',
                           'quy hoạch sử dụng đất', 'cấp giấy chứng nhận quyền sử dụng đất', 'tổng kết công tác',
                           'thi đua khen thưởng', 'giải phóng mặt bằng', 'đăng ký hộ tịch', 'xét duyệt hộ nghèo',
                           'đầu tư xây dựng trường học', 'bầu cử đại biểu Hội đồng nhân dân'])[1 + (g / 5) % 12]
                    || ' xã ' || place.names[1 + ((g::bigint * 7919) % array_length(place.names, 1))::int] || ' năm ' || (1990 + g % 35)
                    END,
                    make_date(1990 + g % 35, 1, 1), make_date(1990 + g % 35, 12, 31), 10 + g % 200,
                    CASE WHEN g % 97 = 0 OR g % 5 = 0 THEN 'PERMANENT' ELSE 'FIXED_TERM' END,
                    CASE WHEN g % 97 = 0 OR g % 5 = 0 THEN NULL ELSE 10 END,
                    CASE WHEN g % 97 = 0 THEN 'STATE_SECRET' ELSE 'OPEN' END,
                    CASE WHEN g % 97 = 0 THEN 'SECRET' END, '{}',
                    CASE WHEN g % 50 = 1 THEN 'RECEIVED' WHEN g % 50 = 2 THEN 'IN_TRANSIT' ELSE 'AT_SITE' END,
                    g, g, now()
                FROM generate_series(0, :files - 1) AS g
                JOIN s ON s.i = g % :sites, place""").param("files", FILES).param("sites", SITES).update();
        jdbc.sql("""
                INSERT INTO boxes (site_code, box_code, fonds_code, location_code, metres, state, seal_number,
                    last_sequence, updated_at)
                SELECT min(site_code), box_code, fonds_code, 'KHO-1', 0.10,
                    CASE WHEN abs(hashtext(box_code)) % 3 = 0 THEN 'PACKED' ELSE 'SEALED' END,
                    CASE WHEN abs(hashtext(box_code)) % 3 = 0 THEN NULL ELSE 'NP-' || box_code END, 1, now()
                FROM files GROUP BY fonds_code, box_code""").update();
        jdbc.sql("""
                INSERT INTO extents (site_code, fonds_code, sorted_metres, unsorted_metres, ready_to_digitize_metres,
                    as_of, last_sequence, updated_at)
                SELECT s.site_code, 'P-' || s.site_code, count(b.*) * 0.10, 30 + length(s.site_code) % 7 * 10, 5,
                    DATE '2025-07-01', 1, now()
                FROM sites s JOIN boxes b USING (site_code) GROUP BY s.site_code""").update();
        jdbc.sql("""
                INSERT INTO appraisals (fonds_code, file_code, site_code, decision, appraised_on, last_sequence, updated_at)
                SELECT fonds_code, file_code, site_code,
                    (ARRAY['TRANSFER_TO_HISTORICAL', 'KEEP_AT_SUCCESSOR', 'DESTROY'])[1 + abs(hashtext(file_code)) % 3],
                    DATE '2025-07-15', 1, now()
                FROM files WHERE abs(hashtext(file_code)) % 10 < 6""").update();
        jdbc.sql("""
                INSERT INTO digital_objects (fonds_code, file_code, object_key, site_code, sha256, size_bytes, media_type,
                    page_count, last_sequence, updated_at)
                SELECT fonds_code, file_code, file_code || '.pdf', site_code, sha256(file_code::bytea), 100000,
                    'application/pdf', sheet_count, 1, now()
                FROM files WHERE access_regime = 'OPEN' AND abs(hashtext(file_code)) % 10 = 7""").update();
        jdbc.sql("""
                INSERT INTO handovers (handover_id, status, sender_site_code, receiver_kind, receiving_unit_code,
                    minutes_number, metres, handed_over_on, sent_sequence, updated_at)
                SELECT gen_random_uuid(), 'IN_TRANSIT', site_code,
                    CASE WHEN k % 2 = 0 THEN 'HISTORICAL_ARCHIVE' ELSE 'SUCCESSOR_UNIT' END, '96', 'BB-' || k, 1.50,
                    DATE '2025-07-20' + k, 1, now()
                FROM sites, generate_series(1, 4) AS k""").update();
        jdbc.sql("""
                INSERT INTO destructions (destruction_id, site_code, decision_ref, first_approver, second_approver,
                    minutes_number, metres, destroyed_on, status, sequence, recorded_at)
                SELECT gen_random_uuid(), site_code, 'QĐ 1', 'A', 'B', 'BB-HUY', 0.30, DATE '2025-08-01', 'APPLIED', 1, now()
                FROM sites""").update();
        jdbc.sql("""
                INSERT INTO progress_activity (site_code, day, measure, amount)
                SELECT site_code, :today - d, m, (abs(hashtext(site_code || d || m)) % 100) / 50.0
                FROM sites, generate_series(0, 29) AS d,
                    unnest(ARRAY['SEALED_METRES', 'TRANSFERRED_METRES', 'HANDED_OVER_METRES']) AS m""")
                .param("today", TODAY).update();
        // The search projection, as the indexer leaves it, with its index built after the load.
        jdbc.sql("DROP INDEX file_search_document").update();
        jdbc.sql("""
                INSERT INTO file_search (fonds_code, file_code, document)
                SELECT fonds_code, file_code, archive_fold(concat_ws(' ', title, array_to_string(keywords, ' ')))
                FROM files""").update();
        jdbc.sql("""
                CREATE INDEX file_search_document ON file_search USING gin (document gin_trgm_ops)
                    WITH (fastupdate = on, gin_pending_list_limit = 16384)""").update();
        jdbc.sql("INSERT INTO search_cursors (site_code, last_sequence) SELECT site_code, 1000000 FROM sites").update();
        jdbc.sql("""
                INSERT INTO campaigns (campaign_code, name, starts_on, created_at, updated_at)
                VALUES ('SAP-NHAP-2025', 'Sáp nhập 2025', DATE '2025-06-01', now(), now())""").update();
        jdbc.sql("""
                INSERT INTO campaign_milestones (campaign_code, kind, name, due_on) VALUES
                ('SAP-NHAP-2025', 'SEALED', 'Niêm phong', :today + 20),
                ('SAP-NHAP-2025', 'HANDED_OVER', 'Bàn giao', :today + 40),
                ('SAP-NHAP-2025', 'TRANSFERRED', 'Nộp lưu', :today + 60)""").param("today", TODAY).update();
        jdbc.sql("VACUUM ANALYZE").update();
    }

    private static void measure(ConfigurableApplicationContext hub, JdbcClient jdbc) {
        FileSearch search = hub.getBean(FileSearch.class);
        Lineage lineage = hub.getBean(Lineage.class);
        Progress progress = hub.getBean(Progress.class);
        List<String> places = jdbc.sql("""
                SELECT DISTINCT archive_fold(split_part(u.name, ' (', 1)) FROM units u JOIN sites s ON true
                WHERE u.level IN ('COMMUNE', 'WARD', 'TOWNSHIP') AND u.valid_from IS NULL""").query(String.class).list();
        List<String> fonds = jdbc.sql("SELECT fonds_code FROM fonds").query(String.class).list();
        List<String> newUnits = jdbc.sql("""
                SELECT unit_code FROM units WHERE valid_from = DATE '2025-07-01' AND level IN ('COMMUNE', 'WARD')""")
                .query(String.class).list();
        String[] matters = {"tranh chap dat dai", "phong chong lut bao", "nong thon moi", "quy hoach su dung dat",
            "ho tich", "ho ngheo", "truong hoc", "thi dua khen thuong"};
        Random random = new Random(42);

        Map<String, IntFunction<Object>> queries = new LinkedHashMap<>();
        queries.put("search: matter + commune (exact)", i -> search.search(text(matters[random.nextInt(matters.length)]
                + " xa " + places.get(random.nextInt(places.size()))), 0, 50));
        queries.put("search: commune name only (exact, ~6,000 hits)", i ->
                search.search(text(places.get(random.nextInt(places.size()))), 0, 50));
        queries.put("search: matter + commune with a typo (fuzzy)", i -> search.search(text(typo(
                matters[random.nextInt(matters.length)] + " " + places.get(random.nextInt(places.size())), random)), 0, 50));
        queries.put("search: text + fonds + retention + appraisal", i -> search.search(new FileSearch.Criteria(
                matters[random.nextInt(matters.length)], null, fonds.get(random.nextInt(fonds.size())), null, null, null,
                "FIXED_TERM", "DESTROY", null), 0, 50));
        queries.put("search: fonds + custody, page 3 (no text)", i -> search.search(new FileSearch.Criteria(null, null,
                fonds.get(random.nextInt(fonds.size())), null, null, null, null, null, "AT_SITE"), 3, 50));
        queries.put("search: new unit with predecessors + matter", i -> {
            String unit = newUnits.get(random.nextInt(newUnits.size()));
            return search.search(new FileSearch.Criteria(matters[random.nextInt(matters.length)], null, null,
                    lineage.forming(unit, TODAY, true), null, null, null, null, null), 0, 50);
        });
        queries.put("search: generic word 'ho so' (20% of files)", i -> search.search(text("ho so"), random.nextInt(3), 50));
        queries.put("search: date range + permanent (no text)", i -> search.search(new FileSearch.Criteria(null, null,
                null, null, LocalDate.of(2000 + random.nextInt(20), 1, 1), LocalDate.of(2000 + random.nextInt(20), 6, 30),
                "PERMANENT", null, null), 0, 50));
        queries.put("lineage: files of a new unit, page 0", i -> lineage.files(newUnits.get(random.nextInt(newUnits.size())),
                TODAY, 0, 50));
        Map<String, IntFunction<Object>> heavy = new LinkedHashMap<>();
        heavy.put("progress: per site (100 rows)", i -> progress.report("SAP-NHAP-2025", "SITE", false, 0, 50));
        heavy.put("progress: per former district", i -> progress.report("SAP-NHAP-2025", "DISTRICT", false, 0, 50));
        heavy.put("progress: per new unit", i -> progress.report("SAP-NHAP-2025", "UNIT", false, 0, 50));
        heavy.put("progress: site figures for the publisher", i -> progress.siteFigures());
        // The console's overview reads the three views from one reading of the catalogue; its charts page the history
        // of one measure and the metres by appraisal decision.
        heavy.put("console overview: district + unit + site views", i -> progress.reports("SAP-NHAP-2025",
                List.of("DISTRICT", "UNIT", "SITE"), 500));
        heavy.put("console charts: sealed metres per district per day", i -> progress.history("SEALED_METRES"));
        heavy.put("console charts: metres by appraisal decision", i -> progress.byDecision());

        System.out.printf(Locale.ROOT, "%-50s %6s %10s %10s %10s%n", "query", "runs", "p50 ms", "p99 ms", "max ms");
        queries.forEach((name, q) -> time(name, q, RUNS));
        heavy.forEach((name, q) -> time(name, q, Math.max(5, RUNS / 5)));
    }

    /** The plans of typical searches, with actual times and buffers (-Dbench.explain=true). */
    private static void explain(ConfigurableApplicationContext hub, JdbcClient jdbc) {
        FileSearch search = hub.getBean(FileSearch.class);
        String place = jdbc.sql("SELECT archive_fold(split_part(name, ' (', 1)) FROM units WHERE official_code = '32137'"
                + " AND valid_from IS NULL").query(String.class).single();
        String fonds = jdbc.sql("SELECT min(fonds_code) FROM fonds").query(String.class).single();
        Object[][] cases = {
            {"exact matter + commune", text("tranh chap dat dai xa " + place), false},
            {"exact commune", text(place), false},
            {"fuzzy typo", text("tranh chp dat dai xa " + place), true},
            {"exact text + fonds + retention + appraisal", new FileSearch.Criteria("tranh chap dat dai", null, fonds,
                    null, null, null, "FIXED_TERM", "DESTROY", null), false}};
        for (Object[] c : cases) {
            FileSearch.Query q = search.query((FileSearch.Criteria) c[1], (Boolean) c[2], 50, 0);
            jdbc.sql("SELECT set_config('pg_trgm.word_similarity_threshold', '0.7', false)").query(String.class).single();
            System.out.println("== " + c[0]);
            jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + q.sql()).params(q.params()).query(String.class).list()
                    .forEach(System.out::println);
        }
    }

    private static FileSearch.Criteria text(String text) {
        return new FileSearch.Criteria(text, null, null, null, null, null, null, null, null);
    }

    /** Drops one letter of a word of four letters or more. */
    private static String typo(String text, Random random) {
        String[] words = text.split(" ");
        for (int k = 0; k < 10; k++) {
            int w = random.nextInt(words.length);
            if (words[w].length() >= 4) {
                int at = 1 + random.nextInt(words[w].length() - 2);
                words[w] = words[w].substring(0, at) + words[w].substring(at + 1);
                break;
            }
        }
        return String.join(" ", words);
    }

    private static void time(String name, IntFunction<Object> query, int runs) {
        for (int i = 0; i < 3; i++) {
            query.apply(i);
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            query.apply(i);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-50s %6d %10.1f %10.1f %10.1f%n", name, runs, ms[runs / 2],
                ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.99) - 1)], ms[runs - 1]);
    }
}
