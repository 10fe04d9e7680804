package org.archivesync.hub.destruction;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.archivesync.hub.api.NotFoundException;
import org.archivesync.hub.api.Page;
import org.archivesync.hub.api.Paging;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The destruction register (sổ đăng ký hủy tài liệu): applied destructions with their decision, minutes, the two
 * signatories of the destruction record and date, the files they destroyed (from the tombstones), and, separately, the destructions the catalogue refused (a
 * file not appraised DESTROY, kept permanently, unknown or gone; ingest raised an alert for each). Reads only.
 * Arguments are never null unless said; results are never null. A state-secret file never shows a title.
 */
public final class DestructionRegister {

    private static final String COLUMNS = """
            d.destruction_id, d.site_code, d.decision_ref, d.first_approver, d.second_approver, d.minutes_number,
            d.metres, d.destroyed_on, d.status, d.refusal, d.recorded_at,
            (SELECT count(*) FROM tombstones t WHERE t.destruction_id = d.destruction_id) AS files
            """;
    private static final String FILTER = """
            WHERE d.status = :status AND (:site::text IS NULL OR d.site_code = :site)
              AND (:from::date IS NULL OR d.destroyed_on >= :from) AND (:to::date IS NULL OR d.destroyed_on <= :to)
            """;
    private static final String LIST = "SELECT " + COLUMNS + " FROM destructions d " + FILTER
            + " ORDER BY d.destroyed_on DESC, d.destruction_id LIMIT :limit OFFSET :offset";
    private static final String COUNT = "SELECT count(*) FROM destructions d " + FILTER;
    private static final String ONE = "SELECT " + COLUMNS + " FROM destructions d WHERE d.destruction_id = :id";

    private static final String FILES_OF = """
            SELECT t.fonds_code, t.file_code, CASE WHEN f.access_regime = 'STATE_SECRET' THEN NULL ELSE f.title END AS title,
                f.access_regime, f.secret_level, f.box_code, f.start_date, f.end_date, f.sheet_count, f.retention,
                f.retention_years, a.decision, a.council_decision_ref, f.start_precision, f.end_precision
            FROM tombstones t JOIN files f USING (fonds_code, file_code)
            LEFT JOIN appraisals a USING (fonds_code, file_code)
            WHERE t.destruction_id = :id ORDER BY t.fonds_code, t.file_code""";

    private static final String DESTROYED_FILTER = """
            WHERE (:site::text IS NULL OR t.site_code = :site) AND (:fonds::text IS NULL OR t.fonds_code = :fonds)
              AND (:from::date IS NULL OR t.destroyed_on >= :from) AND (:to::date IS NULL OR t.destroyed_on <= :to)
            """;
    private static final String DESTROYED = """
            SELECT t.fonds_code, t.file_code, CASE WHEN f.access_regime = 'STATE_SECRET' THEN NULL ELSE f.title END AS title,
                f.sheet_count, f.retention_years, t.destroyed_on, t.decision_ref, t.minutes_number, d.first_approver,
                d.second_approver, t.destruction_id, t.site_code
            FROM tombstones t JOIN destructions d USING (destruction_id) JOIN files f USING (fonds_code, file_code)
            """ + DESTROYED_FILTER + " ORDER BY t.destroyed_on DESC, t.fonds_code, t.file_code LIMIT :limit OFFSET :offset";
    private static final String COUNT_DESTROYED = "SELECT count(*) FROM tombstones t " + DESTROYED_FILTER;

    private final JdbcClient jdbc;

    DestructionRegister(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A destruction as recorded by a site.
     *
     * @param firstApprover the representative of the side handing the records over for destruction (đại diện bên giao
     *                      tài liệu để hủy); the contract's name for the field stays
     * @param secondApprover the representative of the side destroying them (đại diện bên hủy tài liệu)
     * @param status APPLIED or REFUSED
     * @param refusal why it was refused (null when applied)
     * @param files files destroyed (0 for a refused one: nothing was destroyed)
     */
    public record Destruction(UUID destructionId, String siteCode, String decisionRef, String firstApprover,
                              String secondApprover, String minutesNumber, BigDecimal metres, LocalDate destroyedOn,
                              String status, String refusal, long files) {
    }

    /** A file a destruction destroyed; title is null for a state-secret file. */
    public record DestroyedFile(String fondsCode, String fileCode, String title, Integer sheetCount,
                                Integer retentionYears, LocalDate destroyedOn, String decisionRef, String minutesNumber,
                                String firstApprover, String secondApprover, UUID destructionId, String siteCode) {
    }

    /**
     * A file listed in a destruction record; title null for a state-secret file (secretLevel says which). Dates are
     * the first day of the period their precision (DAY, MONTH, YEAR) names.
     */
    public record FileLine(String fondsCode, String fileCode, String title, String accessRegime, String secretLevel,
                           String boxCode, LocalDate startDate, LocalDate endDate, Integer sheetCount, String retention,
                           Integer retentionYears, String decision, String councilDecisionRef, String startPrecision,
                           String endPrecision) {
    }

    /** A destruction with its files. */
    public record DestructionDetail(Destruction destruction, List<FileLine> files) {
    }

    /**
     * Destructions, newest first.
     *
     * @param refused false for the register (applied ones), true for the refused ones
     * @param siteCode null for all; from, to: null for no bound
     */
    public Page<Destruction> destructions(boolean refused, String siteCode, LocalDate from, LocalDate to, int page, int size) {
        String status = refused ? "REFUSED" : "APPLIED";
        long total = jdbc.sql(COUNT).param("status", status).param("site", siteCode).param("from", from).param("to", to)
                .query(Long.class).single();
        List<Destruction> items = jdbc.sql(LIST).param("status", status).param("site", siteCode).param("from", from)
                .param("to", to).param("limit", size).param("offset", Paging.offset(page, size))
                .query(DestructionRegister::destruction).list();
        return Page.of(items, page, size, total);
    }

    /**
     * One destruction with its files.
     *
     * @throws NotFoundException when there is no such destruction
     */
    public DestructionDetail destruction(UUID id) {
        Destruction d = jdbc.sql(ONE).param("id", id).query(DestructionRegister::destruction).optional()
                .orElseThrow(() -> new NotFoundException("destruction", id.toString()));
        List<FileLine> files = jdbc.sql(FILES_OF).param("id", id).query((rs, n) -> new FileLine(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getObject(7, LocalDate.class), rs.getObject(8, LocalDate.class), (Integer) rs.getObject(9),
                rs.getString(10), (Integer) rs.getObject(11), rs.getString(12), rs.getString(13), rs.getString(14),
                rs.getString(15))).list();
        return new DestructionDetail(d, files);
    }

    /** Destroyed files, newest first; every filter may be null. */
    public Page<DestroyedFile> destroyedFiles(String siteCode, String fondsCode, LocalDate from, LocalDate to, int page,
                                              int size) {
        long total = jdbc.sql(COUNT_DESTROYED).param("site", siteCode).param("fonds", fondsCode).param("from", from)
                .param("to", to).query(Long.class).single();
        List<DestroyedFile> items = jdbc.sql(DESTROYED).param("site", siteCode).param("fonds", fondsCode)
                .param("from", from).param("to", to).param("limit", size).param("offset", Paging.offset(page, size))
                .query((rs, n) -> new DestroyedFile(rs.getString(1), rs.getString(2), rs.getString(3),
                        (Integer) rs.getObject(4), (Integer) rs.getObject(5), rs.getObject(6, LocalDate.class),
                        rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                        rs.getObject(11, UUID.class), rs.getString(12))).list();
        return Page.of(items, page, size, total);
    }

    private static Destruction destruction(ResultSet rs, int n) throws SQLException {
        return new Destruction(rs.getObject("destruction_id", UUID.class), rs.getString("site_code"),
                rs.getString("decision_ref"), rs.getString("first_approver"), rs.getString("second_approver"),
                rs.getString("minutes_number"), rs.getBigDecimal("metres"), rs.getObject("destroyed_on", LocalDate.class),
                rs.getString("status"), rs.getString("refusal"), rs.getLong("files"));
    }
}
