package org.archivesync.agent.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.FileRef;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.avro.HandoverReceived;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.wire.AvroCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a state secret's earlier text from the office's own outbox (Law 29/2018/QH14, Art. 5: no state secret on a
 * networked computer). When a described file is re-classified as a state secret, every earlier event about it (its
 * {@code FileRecorded}, {@code FileAppraised}, {@code FileWithdrawn}, {@code FileDigitized}, and a
 * {@code HandoverReceived} listing it) has its body emptied once the hub holds it — at or below the hub's cursor, so
 * nothing is lost: the hub's event log has the event, and the hub redacts it there too. Rows the hub does not have yet
 * must still travel as recorded (their hash covers their bytes) and are emptied by a later call, after the cursor
 * passes them. An emptied row is never exported to a bundle ({@code Bundles} refuses the range) and, published again
 * after a repair, would reach the hub as undecodable bytes, set aside there: the text never leaves again.
 *
 * <p>Runs in the caller's write transaction (the recorder's); work per call is bounded by the rows between what was
 * done and the hub's cursor.
 */
public final class OutboxRedaction {

    private static final Logger log = LoggerFactory.getLogger(OutboxRedaction.class);

    private static final String SCHEDULE = """
            INSERT INTO secret_redactions (fonds_code, file_code, through_sequence) VALUES (?, ?, ?)
            ON CONFLICT (fonds_code, file_code) DO UPDATE SET through_sequence = max(through_sequence,
                excluded.through_sequence)""";
    private static final String PENDING = """
            SELECT r.fonds_code, r.file_code, r.through_sequence, r.done_through, d.hub_cursor_sequence
            FROM secret_redactions r, delivery_state d
            WHERE d.id = 1 AND d.hub_cursor_sequence IS NOT NULL AND r.done_through < r.through_sequence
              AND r.done_through < d.hub_cursor_sequence""";
    private static final String ROWS = """
            SELECT sequence, body FROM outbox WHERE sequence > ? AND sequence <= ? AND redacted_at IS NULL
            ORDER BY sequence""";
    private static final String EMPTY = "UPDATE outbox SET body = X'', redacted_at = ? WHERE sequence = ?";
    private static final String DONE = """
            UPDATE secret_redactions SET done_through = ? WHERE fonds_code = ? AND file_code = ?""";
    private static final String FINISHED = "DELETE FROM secret_redactions WHERE done_through >= through_sequence";

    private OutboxRedaction() {
    }

    /**
     * Notes that a file's events up to {@code throughSequence} may hold text that is now a state secret; the caller
     * then runs {@link #redactApplied} in the same transaction.
     */
    public static void schedule(Connection c, String fondsCode, String fileCode, long throughSequence)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement(SCHEDULE)) {
            p.setString(1, fondsCode);
            p.setString(2, fileCode);
            p.setLong(3, throughSequence);
            p.executeUpdate();
        }
    }

    /**
     * Empties the scheduled files' events the hub already holds.
     *
     * @param atMillis the time to record as {@code redacted_at}
     * @return how many rows were emptied
     */
    public static int redactApplied(Connection c, long atMillis) throws SQLException {
        record Pending(String fonds, String file, long through, long done, long cursor) {
        }
        List<Pending> pending = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(PENDING); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                pending.add(new Pending(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
            }
        }
        int emptied = 0;
        for (Pending r : pending) {
            long upTo = Math.min(r.through(), r.cursor());
            List<Long> about = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(ROWS)) {
                p.setLong(1, r.done());
                p.setLong(2, upTo);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        if (concerns(rs.getBytes(2), r.fonds(), r.file())) {
                            about.add(rs.getLong(1));
                        }
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement(EMPTY)) {
                for (long sequence : about) {
                    p.setLong(1, atMillis);
                    p.setLong(2, sequence);
                    p.addBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = c.prepareStatement(DONE)) {
                p.setLong(1, upTo);
                p.setString(2, r.fonds());
                p.setString(3, r.file());
                p.executeUpdate();
            }
            emptied += about.size();
            if (!about.isEmpty()) {
                log.info("state secret's earlier text removed from the outbox fondsCode={} fileCode={} events={} "
                        + "throughSequence={}", r.fonds(), r.file(), about.size(), upTo);
            }
        }
        if (!pending.isEmpty()) {
            try (PreparedStatement p = c.prepareStatement(FINISHED)) {
                p.executeUpdate();
            }
        }
        return emptied;
    }

    /** Whether an event's body is about the file (its subject, or a receipt listing it). */
    private static boolean concerns(byte[] body, String fonds, String file) {
        if (body == null || body.length == 0) {
            return false;
        }
        Object payload = ((SiteEvent) AvroCodec.decode(body, SiteEvent.getClassSchema())).getPayload();
        FileRef ref = payload instanceof FileRecorded f ? new FileRef(f.getFondsCode(), f.getFileCode())
                : payload instanceof FileAppraised a ? a.getFile()
                : payload instanceof FileWithdrawn w ? w.getFile()
                : payload instanceof FileDigitized d ? d.getFile() : null;
        if (ref != null) {
            return same(ref, fonds, file);
        }
        return payload instanceof HandoverReceived h && h.getReceivedFiles().stream().anyMatch(r -> same(r, fonds, file));
    }

    private static boolean same(FileRef ref, String fonds, String file) {
        return fonds.equals(ref.getFondsCode().toString()) && file.equals(ref.getFileCode().toString());
    }
}
