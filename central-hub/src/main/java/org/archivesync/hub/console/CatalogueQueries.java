package org.archivesync.hub.console;

import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.archivesync.hub.search.FileSearch;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the file page shows that no feature's entry answers in one piece: the file's description with its fonds, box,
 * location, appraisal and digital objects. Read-only; a state-secret file is a stub in the catalogue, so there is no
 * title to show.
 */
class CatalogueQueries {

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

    /**
     * A file as the page shows it; title, keywords, notes and condition are null or empty for a secret file. Dates are
     * the first day of the period their precision names; placeName is null when the place is not in the reference
     * units (the code is kept and flagged).
     */
    record FileDetail(String fondsCode, String fileCode, String siteCode, String siteName, String siteUnitCode,
                      String fondsName, String creatingBody, String boxCode, String boxState, String sealNumber,
                      String locationCode, String locationName, String title, LocalDate startDate, LocalDate endDate,
                      Integer sheetCount, Integer pageCount, String retention, Integer retentionYears,
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
            return FileSearch.LEGACY_RETENTION.contains(retention);
        }

        /** A place is given whose code the reference units do not know. */
        public boolean placeUnknown() {
            return placeUnitCode != null && placeName == null;
        }
    }

    /** A scan of the file, with its SHA-256 in hex. */
    record DigitalObject(String objectKey, String sha256, long sizeBytes, String mediaType, Integer pageCount,
                         Integer resolutionDpi) {
    }

    private final JdbcClient jdbc;

    CatalogueQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<FileDetail> file(String fondsCode, String fileCode) {
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

}
