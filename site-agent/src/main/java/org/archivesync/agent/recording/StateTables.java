package org.archivesync.agent.recording;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.BoxState;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;

/**
 * The office's state tables, read and written inside one recording transaction. Statements are prepared once per
 * transaction, so a 100,000-row import does not prepare 100,000 times.
 */
final class StateTables implements AutoCloseable {

    private static final String FONDS_EXISTS = "SELECT 1 FROM fonds WHERE fonds_code = ?";
    private static final String UPSERT_FONDS = """
            INSERT INTO fonds (fonds_code, name, creating_body, creating_unit_code, start_date, end_date, closed, last_sequence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (fonds_code) DO UPDATE SET name = excluded.name, creating_body = excluded.creating_body,
                creating_unit_code = excluded.creating_unit_code, start_date = excluded.start_date,
                end_date = excluded.end_date, closed = excluded.closed, last_sequence = excluded.last_sequence""";
    private static final String LOCATION_EXISTS = "SELECT 1 FROM storage_locations WHERE location_code = ?";
    private static final String UPSERT_LOCATION = """
            INSERT INTO storage_locations (location_code, name, parent_location_code, address, area_square_metres,
                shelf_count, capacity_metres, last_sequence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (location_code) DO UPDATE SET name = excluded.name,
                parent_location_code = excluded.parent_location_code, address = excluded.address,
                area_square_metres = excluded.area_square_metres, shelf_count = excluded.shelf_count,
                capacity_metres = excluded.capacity_metres, last_sequence = excluded.last_sequence""";
    // The latest report for (fonds, location) replaces the earlier one; a NULL location is the fonds as a whole, and
    // "IS" matches NULL with NULL (V7: two unique indexes stand for the key, as SQLite keys NULLs apart).
    private static final String DELETE_EXTENTS = "DELETE FROM extents WHERE fonds_code = ? AND location_code IS ?";
    private static final String INSERT_EXTENTS = """
            INSERT INTO extents (fonds_code, location_code, sorted_metres, packed_metres, sealed_metres, packed_boxes,
                sealed_boxes, unsorted_metres, ready_to_digitize_metres, as_of, last_sequence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String BOX = """
            SELECT box_code, fonds_code, location_code, metres, state, seal_number, custody FROM boxes
            WHERE fonds_code = ? AND box_code = ?""";
    // A box never changes fonds: (fonds_code, box_code) is its name.
    private static final String UPSERT_BOX = """
            INSERT INTO boxes (box_code, fonds_code, location_code, metres, state, seal_number, custody, last_sequence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (fonds_code, box_code) DO UPDATE SET location_code = excluded.location_code,
                metres = excluded.metres, state = excluded.state, seal_number = excluded.seal_number,
                custody = excluded.custody, last_sequence = excluded.last_sequence""";
    private static final String FILE = """
            SELECT box_code, retention, access_regime, status,
                   title IS NOT NULL OR keywords IS NOT NULL OR notes IS NOT NULL OR physical_condition IS NOT NULL
            FROM files WHERE fonds_code = ? AND file_code = ?""";
    private static final String DESCRIBED_FILE = """
            SELECT box_code, title, start_date, end_date, sheet_count, page_count, retention, retention_years,
                   access_regime, secret_level, language, keywords, physical_condition, notes, status,
                   file_number, reference, list_number, series, place_unit_code, start_precision, end_precision
            FROM files WHERE fonds_code = ? AND file_code = ?""";
    private static final String BOX_KEYS = "SELECT fonds_code, box_code FROM boxes";
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
    private static final String HANDOVER_EXISTS = "SELECT 1 FROM handovers WHERE handover_id = ? AND direction = ?";
    private static final String INSERT_HANDOVER = """
            INSERT INTO handovers (handover_id, direction, receiver_kind, receiving_unit_code, receiving_site_code,
                sender_site_code, minutes_number, metres, handed_over_on, discrepancies, last_sequence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String INSERT_HANDOVER_ITEM = """
            INSERT INTO handover_items (handover_id, direction, item_kind, box_code, fonds_code, file_code)
            VALUES (?, ?, ?, ?, ?, ?)""";
    private static final String DESTRUCTION_EXISTS = "SELECT 1 FROM destructions WHERE destruction_id = ?";
    private static final String INSERT_DESTRUCTION = """
            INSERT INTO destructions (destruction_id, decision_ref, first_approver, second_approver, minutes_number,
                metres, destroyed_on, last_sequence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";

    record BoxRow(String boxCode, String fondsCode, String locationCode, BigDecimal metres, BoxState state,
                  String sealNumber, BoxCustody custody) {

        BoxKey key() {
            return new BoxKey(fondsCode, boxCode);
        }
    }

    record FileRow(String boxCode, RetentionKind retention, AccessRegime accessRegime, FileStatus status,
                   boolean described) {
    }

    /** A file's row with its full description, as the {@link RecordFile} that would write exactly this row. */
    record DescribedFile(FileRow row, RecordFile description) {
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    StateTables(Connection connection) {
        this.connection = connection;
    }

    /** The transaction's connection, for the features whose tables a command also writes (key rotations). */
    Connection connection() {
        return connection;
    }

    boolean fondsExists(String fondsCode) throws SQLException {
        return exists(FONDS_EXISTS, fondsCode);
    }

    void upsertFonds(RegisterFonds f, long sequence) throws SQLException {
        PreparedStatement p = statement(UPSERT_FONDS);
        p.setString(1, f.fondsCode());
        p.setString(2, f.name());
        p.setString(3, f.creatingBody());
        p.setString(4, f.creatingUnitCode());
        setDate(p, 5, f.startDate());
        setDate(p, 6, f.endDate());
        p.setInt(7, Boolean.TRUE.equals(f.closed()) ? 1 : 0);
        p.setLong(8, sequence);
        p.executeUpdate();
    }

    boolean locationExists(String locationCode) throws SQLException {
        return exists(LOCATION_EXISTS, locationCode);
    }

    void upsertLocation(RegisterStorageLocation l, long sequence) throws SQLException {
        PreparedStatement p = statement(UPSERT_LOCATION);
        p.setString(1, l.locationCode());
        p.setString(2, l.name());
        p.setString(3, l.parentLocationCode());
        p.setString(4, l.address());
        setDecimal(p, 5, l.areaSquareMetres());
        setInteger(p, 6, l.shelfCount());
        setDecimal(p, 7, l.capacityMetres());
        p.setLong(8, sequence);
        p.executeUpdate();
    }

    void replaceExtents(ReportExtents e, long sequence) throws SQLException {
        PreparedStatement d = statement(DELETE_EXTENTS);
        d.setString(1, e.fondsCode());
        d.setString(2, e.locationCode());
        d.executeUpdate();
        PreparedStatement p = statement(INSERT_EXTENTS);
        p.setString(1, e.fondsCode());
        p.setString(2, e.locationCode());
        setDecimal(p, 3, e.sortedMetres());
        setDecimal(p, 4, e.packedMetres());
        setDecimal(p, 5, e.sealedMetres());
        setInteger(p, 6, e.packedBoxes());
        setInteger(p, 7, e.sealedBoxes());
        setDecimal(p, 8, e.unsortedMetres());
        setDecimal(p, 9, e.readyToDigitizeMetres());
        setDate(p, 10, e.asOf());
        p.setLong(11, sequence);
        p.executeUpdate();
    }

    Optional<BoxRow> box(BoxKey key) throws SQLException {
        PreparedStatement p = statement(BOX);
        p.setString(1, key.fondsCode());
        p.setString(2, key.boxCode());
        try (ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new BoxRow(rs.getString(1), rs.getString(2), rs.getString(3), new BigDecimal(rs.getString(4)),
                    BoxState.valueOf(rs.getString(5)), rs.getString(6), BoxCustody.valueOf(rs.getString(7))));
        }
    }

    void upsertBox(BoxRow b, long sequence) throws SQLException {
        PreparedStatement p = statement(UPSERT_BOX);
        p.setString(1, b.boxCode());
        p.setString(2, b.fondsCode());
        p.setString(3, b.locationCode());
        setDecimal(p, 4, b.metres());
        p.setString(5, b.state().name());
        p.setString(6, b.sealNumber());
        p.setString(7, b.custody().name());
        p.setLong(8, sequence);
        p.executeUpdate();
    }

    Optional<FileRow> file(String fondsCode, String fileCode) throws SQLException {
        PreparedStatement p = statement(FILE);
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
        PreparedStatement p = statement(DESCRIBED_FILE);
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

    /** Every box of the office as (fonds, box number). */
    Set<BoxKey> boxKeys() throws SQLException {
        Set<BoxKey> keys = new HashSet<>();
        try (ResultSet rs = statement(BOX_KEYS).executeQuery()) {
            while (rs.next()) {
                keys.add(new BoxKey(rs.getString(1), rs.getString(2)));
            }
        }
        return keys;
    }

    List<FileSummary.StoredObject> objectsWithSha256(byte[] sha256) throws SQLException {
        PreparedStatement p = statement(OBJECTS_BY_SHA256);
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
        PreparedStatement p = statement(UPSERT_FILE);
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
        PreparedStatement p = statement(FILE_STATUS);
        p.setString(1, status.name());
        p.setString(2, destructionId);
        p.setLong(3, sequence);
        p.setString(4, fondsCode);
        p.setString(5, fileCode);
        p.executeUpdate();
    }

    void filesInBoxHandedOver(BoxKey box, long sequence) throws SQLException {
        PreparedStatement p = statement(FILES_IN_BOX_HANDED_OVER);
        p.setLong(1, sequence);
        p.setString(2, box.fondsCode());
        p.setString(3, box.boxCode());
        p.executeUpdate();
    }

    /** Forgets the free text kept about a file that became a state secret: its appraisal basis, receipts' discrepancies. */
    void forgetSecretText(String fondsCode, String fileCode) throws SQLException {
        for (String sql : new String[] {FORGET_BASIS, FORGET_DISCREPANCIES}) {
            PreparedStatement p = statement(sql);
            p.setString(1, fondsCode);
            p.setString(2, fileCode);
            p.executeUpdate();
        }
    }

    void deleteDigitalObjects(String fondsCode, String fileCode) throws SQLException {
        PreparedStatement p = statement(DELETE_OBJECTS);
        p.setString(1, fondsCode);
        p.setString(2, fileCode);
        p.executeUpdate();
    }

    void upsertDigitalObject(String fondsCode, String fileCode, DigitizeFile.ScanObject o, byte[] sha256, long sequence)
            throws SQLException {
        PreparedStatement p = statement(UPSERT_OBJECT);
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
        PreparedStatement p = statement(APPRAISAL);
        p.setString(1, fondsCode);
        p.setString(2, fileCode);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(AppraisalDecision.valueOf(rs.getString(1))) : Optional.empty();
        }
    }

    void upsertAppraisal(AppraiseFile a, long sequence) throws SQLException {
        PreparedStatement p = statement(UPSERT_APPRAISAL);
        p.setString(1, a.fondsCode());
        p.setString(2, a.fileCode());
        p.setString(3, a.decision().name());
        p.setString(4, a.basis());
        p.setString(5, a.councilDecisionRef());
        setDate(p, 6, a.appraisedOn());
        p.setLong(7, sequence);
        p.executeUpdate();
    }

    boolean handoverExists(String handoverId, String direction) throws SQLException {
        return exists(HANDOVER_EXISTS, handoverId, direction);
    }

    void insertSentHandover(SendHandover h, long sequence) throws SQLException {
        insertHandover(h.handoverId().toString(), "SENT", h.receiverKind().name(), h.receivingUnitCode(),
                h.receivingSiteCode(), null, h.minutesNumber(), h.metres(), h.handedOverOn(), null, sequence);
        insertItems(h.handoverId().toString(), "SENT", h.boxes(), h.files());
    }

    void insertReceivedHandover(ConfirmHandoverReceived h, long sequence) throws SQLException {
        insertHandover(h.handoverId().toString(), "RECEIVED", null, null, null, h.senderSiteCode(), h.minutesNumber(),
                h.receivedMetres(), h.receivedOn(), h.discrepancies(), sequence);
        insertItems(h.handoverId().toString(), "RECEIVED", h.receivedBoxes(), h.receivedFiles());
    }

    boolean destructionExists(String destructionId) throws SQLException {
        return exists(DESTRUCTION_EXISTS, destructionId);
    }

    void insertDestruction(RecordDestruction d, long sequence) throws SQLException {
        PreparedStatement p = statement(INSERT_DESTRUCTION);
        p.setString(1, d.destructionId().toString());
        p.setString(2, d.decisionRef());
        p.setString(3, d.firstApprover());
        p.setString(4, d.secondApprover());
        p.setString(5, d.minutesNumber());
        setDecimal(p, 6, d.metres());
        setDate(p, 7, d.destroyedOn());
        p.setLong(8, sequence);
        p.executeUpdate();
    }

    private void insertHandover(String id, String direction, String receiverKind, String unit, String site,
                                String sender, String minutes, BigDecimal metres, LocalDate on, String discrepancies,
                                long sequence) throws SQLException {
        PreparedStatement p = statement(INSERT_HANDOVER);
        p.setString(1, id);
        p.setString(2, direction);
        p.setString(3, receiverKind);
        p.setString(4, unit);
        p.setString(5, site);
        p.setString(6, sender);
        p.setString(7, minutes);
        setDecimal(p, 8, metres);
        setDate(p, 9, on);
        p.setString(10, discrepancies);
        p.setLong(11, sequence);
        p.executeUpdate();
    }

    private void insertItems(String id, String direction, List<BoxKey> boxes, List<FileKey> files) throws SQLException {
        PreparedStatement p = statement(INSERT_HANDOVER_ITEM);
        for (BoxKey box : boxes) {
            p.setString(1, id);
            p.setString(2, direction);
            p.setString(3, "BOX");
            p.setString(4, box.boxCode());
            p.setString(5, box.fondsCode());
            p.setNull(6, Types.VARCHAR);
            p.executeUpdate();
        }
        for (FileKey f : files) {
            p.setString(1, id);
            p.setString(2, direction);
            p.setString(3, "FILE");
            p.setNull(4, Types.VARCHAR);
            p.setString(5, f.fondsCode());
            p.setString(6, f.fileCode());
            p.executeUpdate();
        }
    }

    private boolean exists(String sql, String... keys) throws SQLException {
        PreparedStatement p = statement(sql);
        for (int i = 0; i < keys.length; i++) {
            p.setString(i + 1, keys[i]);
        }
        try (ResultSet rs = p.executeQuery()) {
            return rs.next();
        }
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = connection.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    private static LocalDate date(ResultSet rs, int column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? null : LocalDate.parse(v);
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void setDate(PreparedStatement p, int index, LocalDate date) throws SQLException {
        p.setString(index, date == null ? null : date.toString());
    }

    private static void setDecimal(PreparedStatement p, int index, BigDecimal value) throws SQLException {
        p.setString(index, value == null ? null : value.toPlainString());
    }

    private static void setInteger(PreparedStatement p, int index, Integer value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.INTEGER);
        } else {
            p.setInt(index, value);
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement p : statements.values()) {
            try {
                p.close();
            } catch (SQLException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
