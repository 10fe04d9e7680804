package org.archivesync.hub.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.archivesync.hub.database.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The search query plans on a large generated catalogue (200,000 files with Vietnamese titles, analysed): text goes
 * through the trigram index of file_search, never a scan of it.
 */
class SearchPlanTest {

    private static JdbcClient jdbc;

    @BeforeAll
    static void largeCatalogue() {
        SingleConnectionDataSource ds = new SingleConnectionDataSource(TestDatabase.newDatabase(), "postgres", "", true);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(ds);
        // Titles: a kind, a matter, and a place name of three syllables out of 40 (64,000 names), so a place is as
        // rare as in the field and trigrams are varied; the matters repeat, as they do.
        jdbc.sql("""
                WITH syl AS (SELECT ARRAY['an', 'bình', 'cường', 'đông', 'giang', 'hòa', 'hưng', 'khánh', 'lâm', 'lộc',
                        'minh', 'mỹ', 'nam', 'ngọc', 'phong', 'phú', 'quới', 'sơn', 'tân', 'thạnh', 'thành', 'thới',
                        'thuận', 'tiến', 'trung', 'tây', 'vĩnh', 'việt', 'xuân', 'yên', 'điền', 'hải', 'hội', 'lợi',
                        'long', 'phước', 'thịnh', 'trạch', 'văn', 'đức'] AS w)
                INSERT INTO files (fonds_code, file_code, site_code, holder_site_code, title, retention, retention_years,
                    access_regime, recorded_sequence, last_sequence, updated_at)
                SELECT 'P' || (i % 400), 'HS-' || i, 'CM.S' || (i % 100), 'CM.S' || (i % 100),
                    (ARRAY['Hồ sơ', 'Báo cáo', 'Tập văn bản', 'Kế hoạch', 'Sổ'])[1 + i % 5] || ' ' ||
                    (ARRAY['giải quyết tranh chấp đất đai', 'phòng chống lụt bão', 'xây dựng nông thôn mới',
                           'quy hoạch sử dụng đất', 'cấp giấy chứng nhận', 'tổng kết công tác', 'thi đua khen thưởng',
                           'giải phóng mặt bằng'])[1 + (i / 5) % 8] || ' ấp ' ||
                    initcap(w[1 + (i * 7) % 40]) || ' ' || w[1 + (i * 13 / 40) % 40] || ' ' || w[1 + (i * 31 / 1600) % 40]
                    || ' năm ' || (1990 + i % 35),
                    'FIXED_TERM', 10, 'OPEN', i, i, now()
                FROM generate_series(1, 200000) AS i, syl""").update();
        // Built once after the load, as a bulk load would (maintaining it row by row costs several times more).
        jdbc.sql("DROP INDEX file_search_document").update();
        jdbc.sql("""
                INSERT INTO file_search (fonds_code, file_code, document)
                SELECT fonds_code, file_code, archive_fold(title) FROM files""").update();
        jdbc.sql("""
                CREATE INDEX file_search_document ON file_search USING gin (document gin_trgm_ops)
                    WITH (fastupdate = on, gin_pending_list_limit = 16384)""").update();
        jdbc.sql("ANALYZE files").update();
        jdbc.sql("ANALYZE file_search").update();
    }

    @Test
    void textSearchUsesTheTrigramIndex() {
        FileSearch search = new FileSearch(jdbc, null, 0.7, 500);
        String rare = jdbc.sql("SELECT archive_fold(substring(title from 'ấp (.*) năm')) FROM files WHERE file_code = 'HS-12345'")
                .query(String.class).single();
        String typo = rare.substring(0, rare.length() - 2) + rare.charAt(rare.length() - 1);
        assertThat(jdbc.sql("SELECT count(*) FROM file_search WHERE document LIKE '%' || :r || '%'").param("r", rare)
                .query(Long.class).single()).isLessThan(200);
        for (String text : List.of(rare, "ap " + typo, rare.toUpperCase())) {
            FileSearch.Query q = search.query(new FileSearch.Criteria(text, null, null, null, null, null, null, null,
                    null), text.contains(typo), 50, 0);
            String plan = explain(q);
            assertThat(plan).as(text).contains("Bitmap Index Scan on file_search_document")
                    .doesNotContain("Seq Scan on file_search");
        }
    }

    @Test
    void textWithFiltersStillStartsFromTheIndex() {
        FileSearch search = new FileSearch(jdbc, null, 0.7, 500);
        String rare = jdbc.sql("SELECT archive_fold(substring(title from 'ấp (.*) năm')) FROM files WHERE file_code = 'HS-777'")
                .query(String.class).single();
        FileSearch.Query q = search.count(new FileSearch.Criteria(rare, null, null, null, null, null,
                "FIXED_TERM", "NONE", null), false);
        assertThat(explain(q)).contains("Bitmap Index Scan on file_search_document").doesNotContain("Seq Scan on file_search");
    }

    private static String explain(FileSearch.Query q) {
        jdbc.sql("SELECT set_config('pg_trgm.word_similarity_threshold', '0.7', false)").query(String.class).single();
        return jdbc.sql("EXPLAIN " + q.sql()).params(q.params()).query(String.class).list().stream()
                .collect(Collectors.joining("\n"));
    }
}
