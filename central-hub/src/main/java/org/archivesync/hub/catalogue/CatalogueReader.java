package org.archivesync.hub.catalogue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.archivesync.hub.sites.Site;
import org.archivesync.hub.sites.SiteDirectory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The catalogue's read model for other packages: what they need of its projections, so that only the catalogue names
 * its tables in SQL ({@code PackageBoundariesTest} in the tests holds every package to that, and lists the few that
 * still read a table of another with their reason). Read-only, in the caller's transaction when there is one.
 * Statements name the tables unqualified, so a read inside {@code CatalogueAt#read} sees the copy as of that day.
 *
 * <p>Arguments are never null; results are never null.
 */
public final class CatalogueReader {

    /** Retention as older lists wrote it ("Lâu dài", "Tạm thời"), kept until the file is re-appraised. */
    public static final Set<String> LEGACY_RETENTION = Set.of("LEGACY_LONG_TERM", "LEGACY_TEMPORARY");

    private static final String FILE = """
            SELECT f.fonds_code, f.file_code, f.site_code, s.name AS site_name, s.unit_code, fo.name AS fonds_name,
                   fo.creating_body, f.box_code, b.state AS box_state, b.seal_number, l.location_code, l.name AS location_name,
                   f.title, f.start_date, f.end_date, f.sheet_count, f.page_count, f.retention, f.retention_years,
                   f.access_regime, f.secret_level, f.language, f.keywords, f.physical_condition, f.notes,
                   f.custody_state, f.holding_unit_code, f.withdrawn_reason,
                   a.decision, a.basis, a.council_decision_ref, a.appraised_on, f.holder_site_code,
                   fh.site_code AS fonds_holder, f.file_number, f.reference, f.list_number, f.series,
                   f.place_unit_code, pu.name AS place_name, f.start_precision, f.end_precision
            FROM files f
            JOIN sites s ON s.site_code = f.site_code
            LEFT JOIN fonds fo ON fo.fonds_code = f.fonds_code
            LEFT JOIN fonds_holders fh ON fh.fonds_code = f.fonds_code
            LEFT JOIN boxes b ON b.fonds_code = f.fonds_code AND b.box_code = f.box_code
            LEFT JOIN storage_locations l ON l.site_code = b.site_code AND l.location_code = b.location_code
            LEFT JOIN appraisals a ON a.fonds_code = f.fonds_code AND a.file_code = f.file_code
            -- The place is an official code of the units before the merger (an old commune), else of a later one.
            LEFT JOIN LATERAL (SELECT u.name FROM units u WHERE u.official_code = f.place_unit_code
                               ORDER BY u.valid_from NULLS FIRST LIMIT 1) pu ON true
            WHERE f.fonds_code = :fonds AND f.file_code = :file""";
    private static final String OBJECTS = """
            SELECT object_key, sha256, size_bytes, media_type, page_count, resolution_dpi FROM digital_objects
            WHERE fonds_code = :fonds AND file_code = :file ORDER BY object_key""";
    private static final String STATES = """
            SELECT f.fonds_code, f.file_code, f.site_code, f.holding_unit_code, f.box_code, f.title, f.start_date,
                f.end_date, f.start_precision, f.end_precision, f.file_number, f.reference, f.list_number, f.series,
                f.place_unit_code, f.sheet_count, f.retention, f.retention_years, f.access_regime, f.secret_level,
                a.decision, f.custody_state, f.last_sequence, f.updated_at,
                (SELECT count(*) FROM digital_objects d
                 WHERE d.fonds_code = f.fonds_code AND d.file_code = f.file_code)::int AS objects
            FROM unnest(:fonds::text[], :file::text[]) AS u(fonds_code, file_code)
            JOIN files f ON f.fonds_code = u.fonds_code AND f.file_code = u.file_code
            LEFT JOIN appraisals a ON a.fonds_code = f.fonds_code AND a.file_code = f.file_code""";

    // The newest of each office, newest first.
    private static final String NEWEST_REFUSALS = """
            SELECT site_code, sequence, reason, record, holder_site_code, detail FROM (
                SELECT r.*, row_number() OVER (PARTITION BY site_code ORDER BY refused_at DESC, sequence DESC) AS n
                FROM refused_events r) t
            WHERE n <= :limit ORDER BY site_code, n""";

    private static final String BOXES_PER_SITE = """
            SELECT b.site_code, count(*) FROM boxes b GROUP BY b.site_code""";

    /**
     * A file as the page shows it; title, keywords, notes and condition are null or empty for a secret file. Dates are
     * the first day of the period their precision names; placeName is null when the place is not in the reference
     * units (the code is kept and flagged).
     */
    public record FileDetail(String fondsCode, String fileCode, String siteCode, String siteName, String siteUnitCode,
                            String fondsName, String creatingBody, String boxCode, String boxState, String sealNumber,
                            String locationCode, String locationName, String title, LocalDate startDate,
                            LocalDate endDate, Integer sheetCount, Integer pageCount, String retention,
                            Integer retentionYears,
                            String accessRegime, String secretLevel, String language, List<String> keywords,
                            String physicalCondition, String notes, String custodyState, String holdingUnitCode,
                            String withdrawnReason, String decision, String basis, String councilDecisionRef,
                            LocalDate appraisedOn, List<DigitalObject> objects, String holderSiteCode,
                            String fondsHolderSiteCode, String fileNumber, String reference, String listNumber,
                            String series, String placeUnitCode, String placeName, String startPrecision,
                            String endPrecision) {

        public boolean secret() {
            return "STATE_SECRET".equals(accessRegime);
        }

        /** The retention is a legacy value ("Lâu dài", "Tạm thời") awaiting re-appraisal. */
        public boolean needsReappraisal() {
            return LEGACY_RETENTION.contains(retention);
        }

        /** A place is given whose code the reference units do not know. */
        public boolean placeUnknown() {
            return placeUnitCode != null && placeName == null;
        }
    }

    /** A scan of the file, with its SHA-256 in hex. */
    public record DigitalObject(String objectKey, String sha256, long sizeBytes, String mediaType, Integer pageCount,
                                Integer resolutionDpi) {
    }

    /**
     * A file's consolidated state, as {@code archive.catalogue.files} publishes it. Enumerated values are the names
     * of the Avro enums (custody state, retention, access regime, secret level, appraisal decision, date precision).
     *
     * @param key {@code fondsCode/fileCode}
     * @param holdingUnitCode the unit holding the file: the receiver's after a handover, else its office's unit (null
     *                        when the office has none)
     * @param appraisal the appraisal decision, or null when not appraised
     * @param secretLevel null unless a state secret
     */
    public record FileState(String key, String fondsCode, String fileCode, String siteCode, String holdingUnitCode,
                            String fileNumber, String reference, String listNumber, String series,
                            String placeUnitCode, String boxCode, String title, LocalDate startDate,
                            String startPrecision, LocalDate endDate, String endPrecision, Integer sheetCount,
                            String retention, Integer retentionYears, String accessRegime, String secretLevel,
                            String appraisal, String custodyState, int digitalObjectCount, long lastSequence,
                            Instant updatedAt) {
    }

    private final JdbcClient jdbc;
    private final SiteDirectory sites;

    CatalogueReader(JdbcClient jdbc, SiteDirectory sites) {
        this.jdbc = jdbc;
        this.sites = sites;
    }

    /**
     * A file as the console's file page shows it, with its fonds, office, box, location, appraisal and scans; empty
     * when the catalogue does not know it.
     */
    public Optional<FileDetail> file(String fondsCode, String fileCode) {
        List<DigitalObject> objects = jdbc.sql(OBJECTS).param("fonds", fondsCode).param("file", fileCode)
                .query((rs, n) -> new DigitalObject(rs.getString(1), HexFormat.of().formatHex(rs.getBytes(2)),
                        rs.getLong(3), rs.getString(4), (Integer) rs.getObject(5), (Integer) rs.getObject(6)))
                .list();
        return jdbc.sql(FILE).param("fonds", fondsCode).param("file", fileCode).query((rs, n) -> new FileDetail(
                rs.getString("fonds_code"), rs.getString("file_code"), rs.getString("site_code"),
                rs.getString("site_name"), rs.getString("unit_code"), rs.getString("fonds_name"),
                rs.getString("creating_body"), rs.getString("box_code"), rs.getString("box_state"),
                rs.getString("seal_number"), rs.getString("location_code"), rs.getString("location_name"),
                rs.getString("title"), rs.getObject("start_date", LocalDate.class),
                rs.getObject("end_date", LocalDate.class), (Integer) rs.getObject("sheet_count"),
                (Integer) rs.getObject("page_count"), rs.getString("retention"),
                (Integer) rs.getObject("retention_years"), rs.getString("access_regime"), rs.getString("secret_level"),
                rs.getString("language"), List.of((String[]) rs.getArray("keywords").getArray()),
                rs.getString("physical_condition"), rs.getString("notes"), rs.getString("custody_state"),
                rs.getString("holding_unit_code"), rs.getString("withdrawn_reason"), rs.getString("decision"),
                rs.getString("basis"), rs.getString("council_decision_ref"),
                rs.getObject("appraised_on", LocalDate.class), objects, rs.getString("holder_site_code"),
                rs.getString("fonds_holder"), rs.getString("file_number"), rs.getString("reference"),
                rs.getString("list_number"), rs.getString("series"), rs.getString("place_unit_code"),
                rs.getString("place_name"), rs.getString("start_precision"), rs.getString("end_precision")))
                .optional();
    }

    /**
     * The current state of files, destroyed and withdrawn ones included. Keys of files the catalogue does not know are
     * left out.
     *
     * @param keys {@code fondsCode/fileCode}
     */
    public List<FileState> files(Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        List<String> fonds = new ArrayList<>(keys.size());
        List<String> files = new ArrayList<>(keys.size());
        for (String key : keys) {
            int slash = key.indexOf('/');
            fonds.add(key.substring(0, Math.max(0, slash)));
            files.add(key.substring(slash + 1));
        }
        Map<String, Optional<String>> unitOfSite = new HashMap<>();
        return jdbc.sql(STATES).param("fonds", fonds.toArray(String[]::new)).param("file", files.toArray(String[]::new))
                .query((rs, n) -> state(rs, unitOfSite)).list();
    }

    /**
     * Each office's newest refused events, at most {@code perSite} of them, newest first; offices without refusals
     * are left out.
     */
    public Map<String, List<Refusal>> newestRefusals(int perSite) {
        Map<String, List<Refusal>> refusals = new HashMap<>();
        jdbc.sql(NEWEST_REFUSALS).param("limit", perSite).query(rs -> {
            refusals.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Refusal(rs.getString(1),
                    rs.getLong(2), Refusal.Reason.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5),
                    rs.getString(6)));
        });
        return refusals;
    }

    /** How many boxes each office holds in the catalogue; offices without boxes are left out. */
    public Map<String, Long> boxesPerSite() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql(BOXES_PER_SITE).query(rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
    }

    private FileState state(ResultSet rs, Map<String, Optional<String>> unitOfSite) throws SQLException {
        String site = rs.getString("site_code");
        String holding = rs.getString("holding_unit_code");
        if (holding == null) {
            holding = unitOfSite.computeIfAbsent(site, s -> sites.site(s).map(Site::unitCode)).orElse(null);
        }
        java.sql.Date start = rs.getDate("start_date");
        java.sql.Date end = rs.getDate("end_date");
        return new FileState(rs.getString("fonds_code") + "/" + rs.getString("file_code"), rs.getString("fonds_code"),
                rs.getString("file_code"), site, holding, rs.getString("file_number"), rs.getString("reference"),
                rs.getString("list_number"), rs.getString("series"), rs.getString("place_unit_code"),
                rs.getString("box_code"), rs.getString("title"), start == null ? null : start.toLocalDate(),
                rs.getString("start_precision"), end == null ? null : end.toLocalDate(), rs.getString("end_precision"),
                (Integer) rs.getObject("sheet_count"), rs.getString("retention"),
                (Integer) rs.getObject("retention_years"), rs.getString("access_regime"), rs.getString("secret_level"),
                rs.getString("decision"), rs.getString("custody_state"), rs.getInt("objects"),
                rs.getLong("last_sequence"), rs.getTimestamp("updated_at").toInstant());
    }
}
