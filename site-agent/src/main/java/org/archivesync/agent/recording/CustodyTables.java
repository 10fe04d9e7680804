package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.StateTables.setDate;
import static org.archivesync.agent.recording.StateTables.setDecimal;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.List;

/**
 * Handovers (sent and received, with their items) and destructions, inside one recording transaction, on the
 * statements of its {@link StateTables}.
 */
final class CustodyTables {

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

    private final StateTables tables;

    CustodyTables(StateTables tables) {
        this.tables = tables;
    }

    boolean handoverExists(String handoverId, String direction) throws SQLException {
        return tables.exists(HANDOVER_EXISTS, handoverId, direction);
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
        return tables.exists(DESTRUCTION_EXISTS, destructionId);
    }
    void insertDestruction(RecordDestruction d, long sequence) throws SQLException {
        PreparedStatement p = tables.statement(INSERT_DESTRUCTION);
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
        PreparedStatement p = tables.statement(INSERT_HANDOVER);
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
        PreparedStatement p = tables.statement(INSERT_HANDOVER_ITEM);
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
}
