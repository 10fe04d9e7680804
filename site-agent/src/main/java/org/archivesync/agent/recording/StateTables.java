package org.archivesync.agent.recording;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.archivesync.avro.BoxState;

/**
 * The office's state tables, read and written inside one recording transaction: fonds, storage locations, extents and
 * boxes here, files in {@link #files()}, handovers and destructions in {@link #custody()}. Statements are prepared once
 * per transaction, so a 100,000-row import does not prepare 100,000 times.
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
    private static final String BOX_KEYS = "SELECT fonds_code, box_code FROM boxes";

    record BoxRow(String boxCode, String fondsCode, String locationCode, BigDecimal metres, BoxState state,
                  String sealNumber, BoxCustody custody) {

        BoxKey key() {
            return new BoxKey(fondsCode, boxCode);
        }
    }

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private FileTables files;
    private CustodyTables custody;

    StateTables(Connection connection) {
        this.connection = connection;
    }

    /** The transaction's connection, for the features whose tables a command also writes (key rotations). */
    Connection connection() {
        return connection;
    }

    /** The files, their scans and appraisals, on this transaction's statements. */
    FileTables files() {
        if (files == null) {
            files = new FileTables(this);
        }
        return files;
    }

    /** Handovers and destructions, on this transaction's statements. */
    CustodyTables custody() {
        if (custody == null) {
            custody = new CustodyTables(this);
        }
        return custody;
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

    boolean exists(String sql, String... keys) throws SQLException {
        PreparedStatement p = statement(sql);
        for (int i = 0; i < keys.length; i++) {
            p.setString(i + 1, keys[i]);
        }
        try (ResultSet rs = p.executeQuery()) {
            return rs.next();
        }
    }

    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement p = statements.get(sql);
        if (p == null) {
            p = connection.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    static LocalDate date(ResultSet rs, int column) throws SQLException {
        String v = rs.getString(column);
        return v == null ? null : LocalDate.parse(v);
    }

    static Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    static void setDate(PreparedStatement p, int index, LocalDate date) throws SQLException {
        p.setString(index, date == null ? null : date.toString());
    }

    static void setDecimal(PreparedStatement p, int index, BigDecimal value) throws SQLException {
        p.setString(index, value == null ? null : value.toPlainString());
    }

    static void setInteger(PreparedStatement p, int index, Integer value) throws SQLException {
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
