package org.archivesync.hub.search;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.archivesync.hub.api.Page;
import org.archivesync.hub.api.Paging;
import org.archivesync.hub.catalogue.CatalogueReader;
import org.archivesync.hub.catalogue.RecordDate;
import org.archivesync.hub.lineage.Lineage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Finds files by title and keywords (ignoring case and Vietnamese diacritics, tolerant of typos), code, fonds, unit
 * (with its predecessors), date range, retention, appraisal and custody state.
 *
 * <p>Text goes through the trigram index of the {@code file_search} projection ({@code archive_fold} of title and
 * keywords): a file matches when the folded text occurs in it ({@code LIKE}); only when no file does, files with a
 * similar enough word sequence ({@code <%}, word similarity at least {@code archive-sync.hub.search.word-similarity})
 * are shown instead. Files recorded since the search indexer last ran are matched on the fly, so they are found at
 * once. Exact matches come in code order (they all contain the text, and code order lets a broad search stop at its
 * page); fuzzy ones best first. Destroyed and withdrawn files are left out unless a custody state asks for them. A
 * state-secret file has no title or keywords: text never finds it, and other filters list it without a title.
 *
 * <p>The SQL is built from fixed fragments for the criteria given (values are always bound), so each combination of
 * criteria gets its own plan, never one generic plan with {@code :x IS NULL OR ...} that would hide the index.
 */
public final class FileSearch {

    /**
     * What to look for; every field may be null (then it does not filter).
     *
     * @param text words of the title or keywords
     * @param fileCode the file code, or its beginning (case ignored)
     * @param fondsCode the fonds code, exactly
     * @param unit files of the unit as {@link Lineage#forming} sees it (with predecessors or not)
     * @param from files whose dates reach this day or later; a date stated as a year or a month reaches the end of
     *             that period (a file of "2003" matches from 2003-06-01)
     * @param to files whose dates begin this day or earlier (a year or month begins on its first day)
     * @param retention PERMANENT, FIXED_TERM, LEGACY_LONG_TERM or LEGACY_TEMPORARY
     * @param appraisal TRANSFER_TO_HISTORICAL, KEEP_AT_SUCCESSOR, DESTROY, or NONE (not appraised)
     * @param custody AT_SITE, IN_TRANSIT, RECEIVED, RECEIVED_WITH_DISCREPANCIES, DESTROYED or WITHDRAWN
     * @param needsReappraisal only files whose retention is a legacy value awaiting re-appraisal (false: no filter)
     */
    public record Criteria(String text, String fileCode, String fondsCode, Lineage.Forming unit, LocalDate from,
                           LocalDate to, String retention, String appraisal, String custody, boolean needsReappraisal) {

        /** Without the re-appraisal filter. */
        public Criteria(String text, String fileCode, String fondsCode, Lineage.Forming unit, LocalDate from,
                        LocalDate to, String retention, String appraisal, String custody) {
            this(text, fileCode, fondsCode, unit, from, to, retention, appraisal, custody, false);
        }
    }

    /**
     * A file found; title is null for a state-secret file; score is the word similarity (1 for no text). Dates are as
     * the list stated them, ISO 8601 to their precision ("2003", "2003-06" or "2003-06-12"; null when unknown), with
     * the precision (DAY, MONTH, YEAR) beside. retentionNeedsReappraisal: the retention is a legacy value ("Lâu dài",
     * "Tạm thời") kept as written until the file is re-appraised. fileNumber (hồ sơ số), reference (số, ký hiệu hồ
     * sơ), listNumber (mục lục số), series and placeUnitCode as the office wrote them, null when absent.
     */
    public record Hit(String fondsCode, String fileCode, String fileNumber, String reference, String title,
                      String siteCode, String boxCode, String startDate, String startPrecision, String endDate,
                      String endPrecision, Integer sheetCount, String retention, Integer retentionYears,
                      boolean retentionNeedsReappraisal, String accessRegime, String appraisal, String custodyState,
                      String holdingUnitCode, BigDecimal score, String listNumber, String series,
                      String placeUnitCode) {

        /** The start date with its precision, or null. */
        public RecordDate start() {
            return RecordDate.ofIso(startDate);
        }

        /** The end date with its precision, or null. */
        public RecordDate end() {
            return RecordDate.ofIso(endDate);
        }
    }

    /** The SQL of a search and its parameters. */
    record Query(String sql, Map<String, Object> params) {
    }

    // Text matches in two ways, never OR-ed in one statement (the planner cannot estimate the OR and scans the table):
    // EXACT, the folded text occurs in the document (LIKE, through the trigram index); when nothing matches exactly,
    // FUZZY, a word sequence of the document is similar (pg_trgm word similarity, <%, also through the index). Short
    // Vietnamese syllables share many trigrams, so a fuzzy match over everything would drown exact hits: it is the
    // fallback for typos, ranked by similarity.
    //
    // The folded text is written out in each predicate, not taken from a CTE: archive_fold is immutable, so with the
    // value bound the planner folds it to a constant and can use the index (from a CTE it cannot: SearchPlanTest).
    // Files recorded since the indexer last ran are folded on the fly (a few, materialized once); the indexed rows
    // of those files are stale and left out, so the two branches never overlap and need no de-duplication: the page
    // can stream from the first rows found.
    private static final String MATCHED = """
            WITH pending AS MATERIALIZED (
                SELECT f.fonds_code, f.file_code,
                    archive_fold(concat_ws(' ', f.title, array_to_string(f.keywords, ' '))) AS document
                FROM search_cursors c
                JOIN events e ON e.site_code = c.site_code AND e.sequence > c.last_sequence AND e.type = 'FileRecorded'
                JOIN files f ON f.fonds_code = split_part(e.subject, '/', 1)
                            AND f.file_code = substr(e.subject, strpos(e.subject, '/') + 1)),
            matched AS (
                SELECT * FROM (SELECT s.fonds_code, s.file_code, s.document FROM file_search s
                               WHERE $match(s.document) $fonds
                                 AND (s.fonds_code, s.file_code) NOT IN (SELECT fonds_code, file_code FROM pending)
                               $rank) indexed
                UNION ALL
                SELECT DISTINCT p.fonds_code, p.file_code, p.document FROM pending p WHERE $match(p.document))
            """;
    private static final String EXACT = "%s LIKE '%%' || archive_fold(:text) || '%%'";
    private static final String FUZZY = "archive_fold(:text) <%% %s";
    private static final String MATCHED_ALL = """
            WITH matched AS (SELECT f.fonds_code, f.file_code, NULL::text AS document FROM files f)
            """;
    private static final String SELECT = """
            SELECT f.fonds_code, f.file_code, CASE WHEN f.access_regime = 'STATE_SECRET' THEN NULL ELSE f.title END,
                f.site_code, f.box_code, f.start_date, f.end_date, f.sheet_count, f.retention, f.retention_years,
                f.access_regime, a.decision, f.custody_state, f.holding_unit_code, f.start_precision, f.end_precision,
                f.file_number, f.reference,
                coalesce(word_similarity(archive_fold(:text), m.document), 1)::numeric(4, 3) AS score,
                f.list_number, f.series, f.place_unit_code
            FROM matched m JOIN files f USING (fonds_code, file_code)
            LEFT JOIN appraisals a USING (fonds_code, file_code)
            WHERE true
            """;


    /** Retention as older lists wrote it, kept until the file is re-appraised. */
    public static final java.util.Set<String> LEGACY_RETENTION = CatalogueReader.LEGACY_RETENTION;

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final double wordSimilarity;
    private final int fuzzyCandidates;

    FileSearch(JdbcClient jdbc, TransactionOperations transactions, double wordSimilarity, int fuzzyCandidates) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.wordSimilarity = wordSimilarity;
        this.fuzzyCandidates = fuzzyCandidates;
    }

    /**
     * A page of files found.
     *
     * @param match EXACT when the text occurs in the files found, FUZZY when nothing matched exactly and similar
     *              files are shown instead (typo tolerance; at most {@code fuzzy-candidates} of them, so the total
     *              is bounded by that), ALL when no text was given
     */
    public record Result(List<Hit> items, int page, int size, long totalElements, int totalPages, boolean totalCapped,
                         String match) {
    }

    /** Files matching every given criterion: exact text matches by code, fuzzy ones by similarity then code. */
    public Result search(Criteria c, int page, int size) {
        return transactions.execute(tx -> {
            // The threshold of <% for this transaction only.
            jdbc.sql("SELECT set_config('pg_trgm.word_similarity_threshold', :t, true)")
                    .param("t", Double.toString(wordSimilarity)).query(String.class).single();
            boolean fuzzy = false;
            if (c.text() != null) {
                Query probe = query(c, false, 1, 0);
                fuzzy = jdbc.sql(probe.sql()).params(probe.params()).query((rs, n) -> 1).list().isEmpty();
            }
            Query query = query(c, fuzzy, size, Paging.offset(page, size));
            List<Hit> hits = jdbc.sql(query.sql()).params(query.params()).query((rs, n) -> {
                RecordDate start = RecordDate.of(rs.getObject(6, LocalDate.class), rs.getString(15));
                RecordDate end = RecordDate.of(rs.getObject(7, LocalDate.class), rs.getString(16));
                String retention = rs.getString(9);
                return new Hit(rs.getString(1), rs.getString(2), rs.getString(17), rs.getString(18), rs.getString(3),
                        rs.getString(4), rs.getString(5), start == null ? null : start.iso(), rs.getString(15),
                        end == null ? null : end.iso(), rs.getString(16), (Integer) rs.getObject(8), retention,
                        (Integer) rs.getObject(10), LEGACY_RETENTION.contains(retention), rs.getString(11),
                        rs.getString(12), rs.getString(13), rs.getString(14), rs.getBigDecimal(19),
                        rs.getString(20), rs.getString(21), rs.getString(22));
            }).list();
            Query count = count(c, fuzzy);
            long total = page == 0 && hits.size() < size ? hits.size()
                    : jdbc.sql(count.sql()).params(count.params()).query(Long.class).single();
            Page<Hit> p = Page.of(hits, page, size, total);
            return new Result(p.items(), p.page(), p.size(), p.totalElements(), p.totalPages(), p.totalCapped(),
                    c.text() == null ? "ALL" : fuzzy ? "FUZZY" : "EXACT");
        });
    }

    /** The page query: matched files, filtered, grouped (a file may match indexed and pending), ordered. */
    Query query(Criteria c, boolean fuzzy, int limit, long offset) {
        Map<String, Object> params = new LinkedHashMap<>();
        StringBuilder sql = new StringBuilder(c.text() == null ? MATCHED_ALL : matched(fuzzy, c.fondsCode() != null))
                .append(SELECT);
        filters(c, sql, params);
        // Exact matches all contain the text: by code, which lets a broad search stop at the page (PK order). Fuzzy
        // ones by similarity, best first.
        sql.append(fuzzy ? " ORDER BY score DESC, f.fonds_code, f.file_code" : " ORDER BY f.fonds_code, f.file_code")
                .append(" LIMIT :limit OFFSET :offset");
        params.put("limit", limit);
        params.put("offset", offset);
        return new Query(sql.toString(), params);
    }

    /** Counts up to one more than the cap: a broad search answers "more than 10,000" without counting everything. */
    Query count(Criteria c, boolean fuzzy) {
        Query q = query(c, fuzzy, (int) Paging.COUNT_CAP + 1, 0);
        String inner = q.sql().substring(0, q.sql().lastIndexOf(" ORDER BY"));
        Map<String, Object> params = new LinkedHashMap<>(q.params());
        params.remove("offset");
        return new Query("SELECT count(*) FROM (" + inner + " LIMIT :limit) counted", params);
    }

    private String matched(boolean fuzzy, boolean byFonds) {
        String predicate = fuzzy ? FUZZY : EXACT;
        // Similar files are a suggestion list: the best fuzzy-candidates of them, ranked before anything is joined.
        String rank = fuzzy ? "ORDER BY word_similarity(archive_fold(:text), s.document) DESC LIMIT " + fuzzyCandidates
                : "";
        return MATCHED.replace("$match(s.document)", String.format(predicate, "s.document"))
                .replace("$match(p.document)", String.format(predicate, "p.document")).replace("$rank", rank)
                // Said here as well as on files, so the planner can start from the fonds' key range.
                .replace("$fonds", byFonds ? "AND s.fonds_code = :fonds" : "");
    }

    private static void filters(Criteria c, StringBuilder sql, Map<String, Object> params) {
        params.put("text", c.text() == null ? "" : c.text());
        if (c.fileCode() != null) {
            sql.append(" AND upper(f.file_code) LIKE upper(:code) || '%'");
            params.put("code", c.fileCode().replace("%", "\\%").replace("_", "\\_"));
        }
        if (c.fondsCode() != null) {
            sql.append(" AND f.fonds_code = :fonds");
            params.put("fonds", c.fondsCode());
        }
        if (c.unit() != null) {
            sql.append(" AND (f.fonds_code = ANY (:unitFonds) OR f.site_code = ANY (:unitSites)"
                    + " OR f.holding_unit_code = ANY (:unitHolders))");
            params.put("unitFonds", c.unit().fondsCodes().toArray(String[]::new));
            params.put("unitSites", c.unit().siteCodes().toArray(String[]::new));
            params.put("unitHolders", c.unit().holdingUnitCodes().toArray(String[]::new));
        }
        if (c.from() != null) {
            // A year or month reaches the last day of its period.
            sql.append(" AND coalesce(archive_period_end(f.end_date, f.end_precision),"
                    + " archive_period_end(f.start_date, f.start_precision)) >= :from");
            params.put("from", c.from());
        }
        if (c.to() != null) {
            sql.append(" AND coalesce(f.start_date, f.end_date) <= :to");
            params.put("to", c.to());
        }
        if (c.retention() != null) {
            sql.append(" AND f.retention = :retention");
            params.put("retention", c.retention());
        }
        if (c.needsReappraisal()) {
            sql.append(" AND f.retention IN ('LEGACY_LONG_TERM', 'LEGACY_TEMPORARY')");
        }
        if ("NONE".equals(c.appraisal())) {
            sql.append(" AND a.decision IS NULL");
        } else if (c.appraisal() != null) {
            sql.append(" AND a.decision = :appraisal");
            params.put("appraisal", c.appraisal());
        }
        if (c.custody() != null) {
            sql.append(" AND f.custody_state = :custody");
            params.put("custody", c.custody());
        } else {
            sql.append(" AND f.custody_state NOT IN ('DESTROYED', 'WITHDRAWN')");
        }
    }
}
