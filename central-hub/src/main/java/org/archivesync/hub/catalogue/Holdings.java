package org.archivesync.hub.catalogue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.archivesync.avro.FileRef;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of who holds what (migration V15): fonds holders, the holder of each file, refused events and the operators'
 * reassignments of fonds. The decisions themselves are {@link OwnershipRules}'.
 */
final class Holdings {

    private static final String FONDS_HOLDERS = """
            SELECT fonds_code, site_code, handed_over FROM fonds_holders WHERE fonds_code = ANY(:codes)""";

    // First claim wins; a concurrent claim of the same code keeps the earlier one.
    private static final String CLAIM = """
            INSERT INTO fonds_holders (fonds_code, site_code, updated_at)
            SELECT f, s, :at FROM unnest(:fonds::text[], :sites::text[]) AS u(f, s)
            ON CONFLICT (fonds_code) DO NOTHING""";

    private static final String FILE_HOLDINGS = """
            SELECT f.fonds_code || '/' || f.file_code, f.holder_site_code, f.custody_state, f.handover_id
            FROM unnest(:fonds::text[], :file::text[]) AS u(fonds_code, file_code)
            JOIN files f ON f.fonds_code = u.fonds_code AND f.file_code = u.file_code""";

    private static final String BOX_HOLDING = """
            SELECT custody_state, handover_id FROM boxes WHERE fonds_code = :fonds AND box_code = :box""";

    private static final String HANDOVER = """
            SELECT sender_site_code, receiving_site_code, receiving_unit_code, receiver_site_code, received_sequence
            FROM handovers WHERE handover_id = :id""";

    // A receipt recorded before the sender's side by an office the sender did not name: that side is cleared.
    private static final String CLEAR_RECEIPT = """
            UPDATE handovers SET receiver_site_code = NULL, received_minutes_number = NULL, received_metres = NULL,
                received_on = NULL, discrepancies = NULL, received_sequence = NULL, updated_at = :at
            WHERE handover_id = :id""";
    private static final String CLEAR_RECEIVED_ITEMS = """
            UPDATE handover_items SET received = false WHERE handover_id = :id""";
    private static final String DROP_EMPTY_ITEMS = """
            DELETE FROM handover_items WHERE handover_id = :id AND NOT sent AND NOT received""";

    private static final String MARK_HANDED_OVER = """
            UPDATE fonds_holders SET handed_over = true, updated_at = :at
            WHERE NOT handed_over AND fonds_code = ANY(:fonds)""";

    private static final String REFUSE = """
            INSERT INTO refused_events (site_code, sequence, reason, record, holder_site_code, detail, refused_at)
            VALUES (:site, :sequence, :reason, :record, :holder, :detail, :at)
            ON CONFLICT (site_code, sequence) DO NOTHING""";

    private static final String REASSIGNMENTS_AFTER = """
            SELECT id, fonds_code, from_site_code, to_site_code, reassigned_at FROM fonds_reassignments
            WHERE id > :after AND after_applied_order < :before ORDER BY id""";
    private static final String BOUNDARIES = """
            SELECT DISTINCT after_applied_order FROM fonds_reassignments ORDER BY 1""";

    private static final String INSERT_REASSIGNMENT = """
            INSERT INTO fonds_reassignments (fonds_code, from_site_code, to_site_code, reason, reassigned_by,
                reassigned_at, after_applied_order)
            VALUES (:fonds, :from, :to, :reason, :by, :at,
                    (SELECT coalesce(max(applied_order), 0) FROM events)) RETURNING id""";

    private static final String MOVE_FONDS = """
            UPDATE fonds_holders SET site_code = :to, updated_at = :at WHERE fonds_code = :fonds""";
    private static final String MOVE_FONDS_ROW = """
            UPDATE fonds SET site_code = :to, updated_at = :at WHERE fonds_code = :fonds""";
    // The files the former holder held go with the fonds; files it handed over stay with their receivers.
    private static final String MOVE_FILES = """
            UPDATE files SET holder_site_code = :to, updated_at = :at
            WHERE fonds_code = :fonds AND holder_site_code = :from
            RETURNING fonds_code || '/' || file_code""";

    private static final String REFUSAL_SUMMARIES = """
            SELECT DISTINCT ON (site_code) site_code, count(*) OVER (PARTITION BY site_code), sequence, reason, record,
                holder_site_code, detail
            FROM refused_events ORDER BY site_code, sequence DESC""";

    private static final String REFUSALS_OF_SITE = """
            SELECT site_code, sequence, reason, record, holder_site_code, detail, refused_at FROM refused_events
            WHERE site_code = :site ORDER BY sequence DESC LIMIT :limit""";

    private final JdbcClient jdbc;

    Holdings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Who holds a fonds, and whether a handover ever listed any of its records. */
    record FondsHolder(String siteCode, boolean handedOver) {
    }

    /** Who holds a file and where it is in its custody. */
    record FileHolding(String holderSiteCode, String custodyState, String handoverId) {
    }

    /** A box's custody (a box is its fonds and its number). */
    record BoxHolding(String custodyState, String handoverId) {
    }

    /** Both sides of a handover as recorded so far. */
    record HandoverSides(String senderSiteCode, String receivingSiteCode, String receivingUnitCode,
                         String receiverSiteCode, Long receivedSequence) {
    }

    Optional<HandoverSides> handover(UUID id) {
        return jdbc.sql(HANDOVER).param("id", id)
                .query((rs, n) -> new HandoverSides(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Long) rs.getObject(5)))
                .optional();
    }

    /** Forgets the receiver's side of a handover (a receipt by an office the sender did not name). */
    void clearReceipt(UUID id, Instant at) {
        jdbc.sql(CLEAR_RECEIPT).param("id", id).param("at", at.atOffset(ZoneOffset.UTC)).update();
        jdbc.sql(CLEAR_RECEIVED_ITEMS).param("id", id).update();
        jdbc.sql(DROP_EMPTY_ITEMS).param("id", id).update();
    }

    Map<String, FondsHolder> fondsHolders(Collection<String> codes) {
        Map<String, FondsHolder> holders = new HashMap<>();
        if (codes.isEmpty()) {
            return holders;
        }
        jdbc.sql(FONDS_HOLDERS).param("codes", codes.toArray(String[]::new))
                .query(rs -> {
                    holders.put(rs.getString(1), new FondsHolder(rs.getString(2), rs.getBoolean(3)));
                });
        return holders;
    }

    /** Claims unheld fonds: {@code claims} maps fonds code to the claiming site. */
    void claim(Map<String, String> claims, Instant at) {
        if (claims.isEmpty()) {
            return;
        }
        jdbc.sql(CLAIM).param("fonds", claims.keySet().toArray(String[]::new))
                .param("sites", claims.values().toArray(String[]::new)).param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    /** The holdings of the files the catalogue knows among {@code keys} ({@code fondsCode/fileCode}). */
    Map<String, FileHolding> files(Collection<FileRef> refs) {
        Map<String, FileHolding> held = new HashMap<>();
        if (refs.isEmpty()) {
            return held;
        }
        jdbc.sql(FILE_HOLDINGS).param("fonds", refs.stream().map(FileRef::getFondsCode).toArray(String[]::new))
                .param("file", refs.stream().map(FileRef::getFileCode).toArray(String[]::new))
                .query(rs -> {
                    held.put(rs.getString(1), new FileHolding(rs.getString(2), rs.getString(3), rs.getString(4)));
                });
        return held;
    }

    /** The custody of box {@code box} of fonds {@code fonds}, if the catalogue knows it. */
    Optional<BoxHolding> box(String fonds, String box) {
        return jdbc.sql(BOX_HOLDING).param("fonds", fonds).param("box", box)
                .query((rs, n) -> new BoxHolding(rs.getString(1), rs.getString(2))).optional();
    }

    /** Notes that a handover listed records (files or boxes) of these fonds. */
    void markHandedOver(Collection<String> fonds, Instant at) {
        jdbc.sql(MARK_HANDED_OVER).param("fonds", fonds.toArray(String[]::new))
                .param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    void refuse(Refusal r, Instant at) {
        jdbc.sql(REFUSE).param("site", r.siteCode()).param("sequence", r.sequence()).param("reason", r.reason().name())
                .param("record", r.record()).param("holder", r.holderSiteCode()).param("detail", r.detail())
                .param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    /** Per site with refused events, how many and the newest. */
    Map<String, Catalogue.RefusalSummary> refusalSummaries() {
        Map<String, Catalogue.RefusalSummary> summaries = new HashMap<>();
        jdbc.sql(REFUSAL_SUMMARIES).query(rs -> {
            summaries.put(rs.getString(1), new Catalogue.RefusalSummary(rs.getLong(2), new Refusal(rs.getString(1),
                    rs.getLong(3), Refusal.Reason.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6),
                    rs.getString(7))));
        });
        return summaries;
    }

    List<Refusal> refusals(String site, int limit) {
        return jdbc.sql(REFUSALS_OF_SITE).param("site", site).param("limit", limit)
                .query((rs, n) -> new Refusal(rs.getString(1), rs.getLong(2), Refusal.Reason.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6)))
                .list();
    }

    /** Records an operator's reassignment and applies it; returns the keys of the files that moved. */
    List<String> reassign(String fonds, String from, String to, String reason, String operator, Instant at) {
        jdbc.sql(INSERT_REASSIGNMENT).param("fonds", fonds).param("from", from).param("to", to).param("reason", reason)
                .param("by", operator).param("at", at.atOffset(ZoneOffset.UTC)).query(Long.class).single();
        return move(fonds, from, to, at);
    }

    /**
     * Applies again, in a rebuild, the reassignments after {@code afterId} made before the event of apply order
     * {@code before} was first applied, each at its own time; returns the id of the last one applied ({@code afterId}
     * when none).
     */
    long replayReassignments(long afterId, long before) {
        record Reassignment(long id, String fonds, String from, String to, Instant at) {
        }
        List<Reassignment> due = jdbc.sql(REASSIGNMENTS_AFTER).param("after", afterId).param("before", before)
                .query((rs, n) -> new Reassignment(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant()))
                .list();
        long last = afterId;
        for (Reassignment r : due) {
            move(r.fonds(), r.from(), r.to(), r.at());
            last = r.id();
        }
        return last;
    }

    List<Long> reassignmentBoundaries() {
        return jdbc.sql(BOUNDARIES).query(Long.class).list();
    }

    private List<String> move(String fonds, String from, String to, Instant at) {
        jdbc.sql(MOVE_FONDS).param("to", to).param("fonds", fonds).param("at", at.atOffset(ZoneOffset.UTC)).update();
        jdbc.sql(MOVE_FONDS_ROW).param("to", to).param("fonds", fonds).param("at", at.atOffset(ZoneOffset.UTC)).update();
        return jdbc.sql(MOVE_FILES).param("to", to).param("from", from).param("fonds", fonds)
                .param("at", at.atOffset(ZoneOffset.UTC)).query(String.class).list();
    }
}
