package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.StateTables.date;
import static org.archivesync.agent.recording.StateTables.integer;
import static org.archivesync.agent.recording.StateTables.setDate;
import static org.archivesync.agent.recording.StateTables.setInteger;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;

/**
 * The files of the office (hồ sơ), their digital objects and appraisals, inside one recording transaction, on the
 * statements of its {@link StateTables}. A file's status is a {@link FileStatus}, stored as its name.
 */
final class FileTables {

    private static final String FILE = """
            SELECT box_code, retention, access_regime, status,
                   title IS NOT NULL OR keywords IS NOT NULL OR notes IS NOT NULL OR physical_condition IS NOT NULL
            FROM files WHERE fonds_code = ? AND file_code = ?""";
    private static final String DESCRIBED_FILE = """
            SELECT box_code, title, start_date, end_date, sheet_count, page_count, retention, retention_years,
                   access_regime, secret_level, language, keywords, physical_condition, notes, status,
                   file_number, reference, list_number, series, place_unit_code, start_precision, end_precision
            FROM files WHERE fonds_code = ? AND file_code = ?""";
    private static final String OBJECTS_BY_SHA256 =
            "SELECT fonds_code, file_code, object_key FROM digital_objects WHERE sha256 = ? ORDER BY 1, 2, 3";
    private static final String UPSERT_FILE = """
            INSERT INTO files (fonds_code, file_code, box_code, title, start_date, end_date, sheet_count, page_count,
                retention, retention_years, access_regime, secret_level, language, keywords, physical_condition, notes,
                status, last_sequence, file_number, reference, list_number, series, place_unit_code, start_precision,
                end_precision)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (fonds_code, file_code) DO UPDATE SET box_code = excluded.box_code, title = excluded.title,
                file_number = excluded.file_number, reference = excluded.reference,
                list_number = excluded.list_number, series = excluded.series,
                place_unit_code = excluded.place_unit_code, start_precision = excluded.start_precision,
                end_precision = excluded.end_precision,
                start_date = excluded.start_date, end_date = excluded.end_date, sheet_count = excluded.sheet_count,
                page_count = excluded.page_count, retention = excluded.retention,
                retention_years = excluded.retention_years, access_regime = excluded.access_regime,
                secret_level = excluded.secret_level, language = excluded.language, keywords = excluded.keywords,
                physical_condition = excluded.physical_condition, notes = excluded.notes, status = 'ACTIVE',
                last_sequence = excluded.last_sequence""";
    private static final String FILE_STATUS = """
            UPDATE files SET status = ?, destruction_id = ?, last_sequence = ? WHERE fonds_code = ? AND file_code = ?""";
    private static final String FILES_IN_BOX_HANDED_OVER = """
            UPDATE files SET status = 'HANDED_OVER', last_sequence = ?
            WHERE fonds_code = ? AND box_code = ? AND status = 'ACTIVE'""";
    // A file become a state secret: the free text kept about it here goes with its description (the hub's marker).
    private static final String FORGET_BASIS = "UPDATE appraisals SET basis = NULL WHERE fonds_code = ? AND file_code = ?";
    private static final String FORGET_DISCREPANCIES = """
            UPDATE handovers SET discrepancies = '[state secret: withheld]'
            WHERE discrepancies IS NOT NULL AND discrepancies <> '[state secret: withheld]'
              AND EXISTS (SELECT 1 FROM handover_items i WHERE i.handover_id = handovers.handover_id
                          AND i.direction = handovers.direction AND i.item_kind = 'FILE'
                          AND i.fonds_code = ? AND i.file_code = ?)""";
    private static final String DELETE_OBJECTS = "DELETE FROM digital_objects WHERE fonds_code = ? AND file_code = ?";
    private static final String UPSERT_OBJECT = """
            INSERT INTO digital_objects (fonds_code, file_code, object_key, sha256, size_bytes, media_type, page_count,
                resolution_dpi, last_sequence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (fonds_code, file_code, object_key) DO UPDATE SET sha256 = excluded.sha256,
                size_bytes = excluded.size_bytes, media_type = excluded.media_type, page_count = excluded.page_count,
                resolution_dpi = excluded.resolution_dpi, last_sequence = excluded.last_sequence""";
    private static final String APPRAISAL = "SELECT decision FROM appraisals WHERE fonds_code = ? AND file_code = ?";
    private static final String UPSERT_APPRAISAL = """
            INSERT INTO appraisals (fonds_code, file_code, decision, basis, council_decision_ref, appraised_on, last_sequence)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (fonds_code, file_code) DO UPDATE SET decision = excluded.decision, basis = excluded.basis,
                council_decision_ref = excluded.council_decision_ref, appraised_on = excluded.appraised_on,
                last_sequence = excluded.last_sequence""";

    record FileRow(String boxCode, RetentionKind retention, AccessRegime accessRegime, FileStatus status,
                   boolean described) {
    }

    /** A file's row with its full description, as the {@link RecordFile} that would write exactly this row. */
    record DescribedFile(FileRow row, RecordFile description) {
    }

    private final StateTables tables;

    FileTables(StateTables tables) {
        this.tables = tables;
    }

    Optional<FileRow> file(String fondsCode, String fileCode) throws SQLException {
        PreparedStatement p = tables.statement(FILE);
        p.setString(1, fondsCode);
        p.setString(2, fileCode);
        try (ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new FileRow(rs.getString(1), RetentionKind.valueOf(rs.getString(2)),
                    AccessRegime.valueOf(rs.getString(3)), FileStatus.valueOf(rs.getString(4)), rs.getInt(5) != 0));
        }
    }
    /** What {@link #file} reads, and the description with it, in one query. */
    Optional<DescribedFile> describedFile(String fondsCode, String fileCode) throws SQLException {
        PreparedStatement p = tables.statement(DESCRIBED_FILE);
        p.setString(1, fondsCode);
        p.setString(2, fileCode);
        try (ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            String keywords = rs.getString(12);
            String level = rs.getString(10);
            String title = rs.getString(2);
            String condition = rs.getString(13);
            String notes = rs.getString(14);
            RetentionKind retention = RetentionKind.valueOf(rs.getString(7));
            AccessRegime regime = AccessRegime.valueOf(rs.getString(9));
            RecordFile description = new RecordFile(fondsCode, fileCode, rs.getString(16), rs.getString(17),
                    rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(1), title, date(rs, 3),
                    DatePrecision.valueOf(rs.getString(21)), date(rs, 4), DatePrecision.valueOf(rs.getString(22)),
                    integer(rs, 5), integer(rs, 6), retention, integer(rs, 8), regime,
                    level == null ? null : SecretLevel.valueOf(level), rs.getString(11),
                    keywords == null ? List.of() : List.of(keywords.split("\n")), condition, notes);
            boolean described = title != null || keywords != null || notes != null || condition != null;
            return Optional.of(new DescribedFile(new FileRow(description.boxCode(), retention, regime,
                    FileStatus.valueOf(rs.getString(15)), described), description));
        }
    }
    List<FileSummary.StoredObject> objectsWithSha256(byte[] sha256) throws SQLException {
        PreparedStatement p = tables.statement(OBJECTS_BY_SHA256);
        p.setBytes(1, sha256);
        List<FileSummary.StoredObject> out = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new FileSummary.StoredObject(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }
    void upsertFile(RecordFile f, long sequence) throws SQLException {
        PreparedStatement p = tables.statement(UPSERT_FILE);
        p.setString(1, f.fondsCode());
        p.setString(2, f.fileCode());
        p.setString(3, f.boxCode());
        p.setString(4, f.title());
        setDate(p, 5, f.startDate());
        setDate(p, 6, f.endDate());
        setInteger(p, 7, f.sheetCount());
        setInteger(p, 8, f.pageCount());
        p.setString(9, f.retention().name());
        setInteger(p, 10, f.retentionYears());
        p.setString(11, f.accessRegime().name());
        p.setString(12, f.secretLevel() == null ? null : f.secretLevel().name());
        p.setString(13, f.language());
        p.setString(14, f.keywords() == null || f.keywords().isEmpty() ? null : String.join("\n", f.keywords()));
        p.setString(15, f.physicalCondition());
        p.setString(16, f.notes());
        p.setLong(17, sequence);
        p.setString(18, f.fileNumber());
        p.setString(19, f.reference());
        p.setString(20, f.listNumber());
        p.setString(21, f.series());
        p.setString(22, f.placeUnitCode());
        p.setString(23, f.startPrecision().name());
        p.setString(24, f.endPrecision().name());
        p.executeUpdate();
    }
    void setFileStatus(String fondsCode, String fileCode, FileStatus status, String destructionId, long sequence)
            throws SQLException {
        PreparedStatement p = tables.statement(FILE_STATUS);
        p.setString(1, status.name());
        p.setString(2, destructionId);
        p.setLong(3, sequence);
        p.setString(4, fondsCode);
        p.setString(5, fileCode);
        p.executeUpdate();
    }
    void filesInBoxHandedOver(BoxKey box, long sequence) throws SQLException {
        PreparedStatement p = tables.statement(FILES_IN_BOX_HANDED_OVER);
        p.setLong(1, sequence);
        p.setString(2, box.fondsCode());
        p.setString(3, box.boxCode());
        p.executeUpdate();
    }
    /** Forgets the free text kept about a file that became a state secret: its appraisal basis, receipts' discrepancies. */
    void forgetSecretText(String fondsCode, String fileCode) throws SQLException {
        for (String sql : new String[] {FORGET_BASIS, FORGET_DISCREPANCIES}) {
            PreparedStatement p = tables.statement(sql);
            p.setString(1, fondsCode);
            p.setString(2, fileCode);
            p.executeUpdate();
        }
    }
    void deleteDigitalObjects(String fondsCode, String fileCode) throws SQLException {
        PreparedStatement p = tables.statement(DELETE_OBJECTS);
        p.setString(1, fondsCode);
        p.setString(2, fileCode);
        p.executeUpdate();
    }
    void upsertDigitalObject(String fondsCode, String fileCode, DigitizeFile.ScanObject o, byte[] sha256, long sequence)
            throws SQLException {
        PreparedStatement p = tables.statement(UPSERT_OBJECT);
        p.setString(1, fondsCode);
        p.setString(2, fileCode);
        p.setString(3, o.objectKey());
        p.setBytes(4, sha256);
        p.setLong(5, o.sizeBytes());
        p.setString(6, o.mediaType());
        setInteger(p, 7, o.pageCount());
        setInteger(p, 8, o.resolutionDpi());
        p.setLong(9, sequence);
        p.executeUpdate();
    }
    Optional<AppraisalDecision> appraisal(String fondsCode, String fileCode) throws SQLException {
        PreparedStatement p = tables.statement(APPRAISAL);
        p.setString(1, fondsCode);
        p.setString(2, fileCode);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(AppraisalDecision.valueOf(rs.getString(1))) : Optional.empty();
        }
    }
    void upsertAppraisal(AppraiseFile a, long sequence) throws SQLException {
        PreparedStatement p = tables.statement(UPSERT_APPRAISAL);
        p.setString(1, a.fondsCode());
        p.setString(2, a.fileCode());
        p.setString(3, a.decision().name());
        p.setString(4, a.basis());
        p.setString(5, a.councilDecisionRef());
        setDate(p, 6, a.appraisedOn());
        p.setLong(7, sequence);
        p.executeUpdate();
    }
}
