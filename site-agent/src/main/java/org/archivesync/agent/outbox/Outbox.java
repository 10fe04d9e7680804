package org.archivesync.agent.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.ChainPosition;

/**
 * The outbox: every recorded event in sequence order, the bytes never changing after the recording transaction, except
 * that a state secret's earlier text is emptied once the hub holds it ({@link OutboxRedaction}; hash and signature stay).
 * Recording appends through an {@link Appender} inside its own transaction; publishing reads unpublished rows and marks
 * them published on acknowledgement; cursor repair clears the mark of a range the hub never got.
 */
public final class Outbox {

    private static final String HEAD = "SELECT sequence, hash FROM outbox ORDER BY sequence DESC LIMIT 1";
    // The newest re-base: the hub's position the chain continues from when the outbox holds nothing later.
    private static final String BASE = "SELECT hub_sequence, hub_hash FROM rebases ORDER BY id DESC LIMIT 1";
    private static final String HUB_CURSOR = "SELECT hub_cursor_sequence, hub_cursor_hash FROM delivery_state WHERE id = 1";
    private static final String INSERT = """
            INSERT INTO outbox (sequence, event_id, type, body, hash, signature, key_id, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String COLUMNS =
            "sequence, event_id, type, body, hash, signature, key_id, recorded_at, published_at";
    private static final String UNPUBLISHED =
            "SELECT " + COLUMNS + " FROM outbox WHERE published_at IS NULL ORDER BY sequence LIMIT ?";
    // Over the partial index outbox_unpublished; read in the same snapshot as the rows.
    private static final String BACKLOG = "SELECT count(*) FROM outbox WHERE published_at IS NULL";
    private static final String RANGE =
            "SELECT " + COLUMNS + " FROM outbox WHERE sequence BETWEEN ? AND ? ORDER BY sequence";
    // Only rows still unpublished: a repair that raced an acknowledgement must not be undone by it, and vice versa.
    private static final String MARK_PUBLISHED = """
            UPDATE outbox SET published_at = ? WHERE sequence BETWEEN ? AND ? AND published_at IS NULL""";
    private static final String REPUBLISH_AFTER = """
            UPDATE outbox SET published_at = NULL WHERE sequence > ? AND published_at IS NOT NULL""";
    private static final String PUBLISHED_AT = "SELECT published_at FROM outbox WHERE sequence = ?";
    private static final String HASH_AT = "SELECT hash FROM outbox WHERE sequence = ?";
    private static final String LAST_REDACTED = """
            SELECT max(sequence) FROM outbox WHERE sequence BETWEEN ? AND ? AND redacted_at IS NOT NULL""";
    // After a re-base the hub's position counts as recorded and delivered here: the chain continues from it.
    private static final String STATUS = """
            SELECT max((SELECT coalesce(max(sequence), 0) FROM outbox),
                       (SELECT coalesce(max(hub_sequence), 0) FROM rebases)),
                   max((SELECT coalesce(max(sequence), 0) FROM outbox WHERE published_at IS NOT NULL),
                       (SELECT coalesce(max(hub_sequence), 0) FROM rebases)),
                   (SELECT count(*) FROM outbox WHERE published_at IS NULL),
                   (SELECT min(recorded_at) FROM outbox WHERE published_at IS NULL)""";
    private static final String DELIVERY = """
            SELECT hub_cursor_sequence, hub_cursor_hash, hub_quarantined, hub_cursor_seen_at, broker_reachable,
                   broker_checked_at, last_error FROM delivery_state WHERE id = 1""";
    private static final String SAVE_CURSOR = """
            UPDATE delivery_state SET hub_cursor_sequence = ?, hub_cursor_hash = ?, hub_quarantined = ?,
                   hub_cursor_seen_at = ? WHERE id = 1""";
    private static final String SAVE_REFUSAL = """
            INSERT INTO hub_refusals (sequence, reason, record, holder_site_code, detail, seen_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sequence) DO NOTHING""";
    private static final String REFUSALS = """
            SELECT sequence, reason, record, holder_site_code, detail, seen_at FROM hub_refusals
            ORDER BY sequence DESC LIMIT ?""";
    private static final String REFUSAL_COUNT = "SELECT count(*) FROM hub_refusals";
    private static final String SAVE_BROKER = """
            UPDATE delivery_state SET broker_reachable = ?, broker_checked_at = ?, last_error = ? WHERE id = 1""";

    private final AgentStore store;

    public Outbox(AgentStore store) {
        this.store = store;
    }

    /** The store this outbox lives in. */
    public AgentStore store() {
        return store;
    }

    /**
     * The last sequence and its hash, read inside the caller's transaction: the last outbox row, or the hub's position
     * of the newest re-base when that is later; {@link ChainPosition#start()} when both are missing.
     */
    public static ChainPosition head(Connection tx) throws SQLException {
        ChainPosition row;
        try (PreparedStatement p = tx.prepareStatement(HEAD); ResultSet rs = p.executeQuery()) {
            row = rs.next() ? new ChainPosition(rs.getLong(1), rs.getBytes(2)) : ChainPosition.start();
        }
        ChainPosition base = base(tx);
        return base != null && base.sequence() > row.sequence() ? base : row;
    }

    /** The hub's position at the newest re-base, or null when the office was never re-based. */
    static ChainPosition base(Connection tx) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement(BASE); ResultSet rs = p.executeQuery()) {
            return rs.next() ? new ChainPosition(rs.getLong(1), rs.getBytes(2)) : null;
        }
    }

    /**
     * Whether this chain parts from the hub's last cursor for the site (as the publisher last saw it), read inside the
     * caller's transaction; null when it does not, or when no cursor was seen yet.
     */
    public static ChainFork fork(Connection tx) throws SQLException {
        Long hubSequence;
        byte[] hubHash;
        try (PreparedStatement p = tx.prepareStatement(HUB_CURSOR); ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            long seq = rs.getLong(1);
            hubSequence = rs.wasNull() ? null : seq;
            hubHash = rs.getBytes(2);
        }
        ChainPosition head = head(tx);
        byte[] ours = hubSequence == null || hubSequence > head.sequence() ? null : hashAt(tx, hubSequence);
        return ForkCheck.decide(hubSequence, hubHash, head.sequence(), ours);
    }

    /** The hub's cursor for this site as the publisher last saved it, inside the caller's transaction; null when none. */
    public static ChainPosition hubCursor(Connection tx) throws SQLException {
        try (PreparedStatement p = tx.prepareStatement(HUB_CURSOR); ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            long seq = rs.getLong(1);
            return rs.wasNull() || rs.getBytes(2) == null ? null : new ChainPosition(seq, rs.getBytes(2));
        }
    }

    /** As {@link #fork(Connection)}, in a read of its own. */
    public ChainFork fork() {
        return store.read(Outbox::fork);
    }

    /** Appends rows inside the caller's transaction, in batches. Not thread-safe; close it before committing. */
    public static Appender appender(Connection tx) throws SQLException {
        return new Appender(tx.prepareStatement(INSERT));
    }

    /** Batched inserts of outbox rows. */
    public static final class Appender implements AutoCloseable {
        private static final int FLUSH_EVERY = 1_000;
        private final PreparedStatement insert;
        private int pending;

        private Appender(PreparedStatement insert) {
            this.insert = insert;
        }

        /**
         * Adds a row.
         *
         * @param signature null except for the last event of the transaction
         * @param keyId null exactly when {@code signature} is
         */
        public void append(long sequence, UUID eventId, String type, byte[] body, byte[] hash, byte[] signature,
                           String keyId, long recordedAt) throws SQLException {
            insert.setLong(1, sequence);
            insert.setString(2, eventId.toString());
            insert.setString(3, type);
            insert.setBytes(4, body);
            insert.setBytes(5, hash);
            if (signature == null) {
                insert.setNull(6, Types.BLOB);
                insert.setNull(7, Types.VARCHAR);
            } else {
                insert.setBytes(6, signature);
                insert.setString(7, keyId);
            }
            insert.setLong(8, recordedAt);
            insert.addBatch();
            if (++pending >= FLUSH_EVERY) {
                flush();
            }
        }

        /** Writes the batched rows; the caller's transaction is still open. */
        public void flush() throws SQLException {
            if (pending > 0) {
                insert.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                flush();
            } finally {
                insert.close();
            }
        }
    }

    /** Up to {@code limit} unpublished rows, lowest sequence first. */
    public List<OutboxEntry> unpublished(int limit) {
        return store.read(c -> unpublished(c, limit));
    }

    /**
     * Up to {@code limit} unpublished rows, lowest sequence first, and how many rows are unpublished in all, read in
     * one snapshot. The count is only queried when the rows fill the limit: otherwise they are the whole backlog.
     */
    public Pending pending(int limit) {
        return store.read(c -> {
            List<OutboxEntry> rows = unpublished(c, limit);
            if (rows.size() < limit) {
                return new Pending(rows, rows.size());
            }
            try (PreparedStatement p = c.prepareStatement(BACKLOG); ResultSet rs = p.executeQuery()) {
                rs.next();
                return new Pending(rows, Math.max(rows.size(), rs.getLong(1)));
            }
        });
    }

    /**
     * Rows to publish and the backlog they start.
     *
     * @param rows unpublished rows, lowest sequence first (never null, may be empty)
     * @param backlog rows unpublished when {@code rows} were read, {@code rows} included; at least {@code rows.size()}
     */
    public record Pending(List<OutboxEntry> rows, long backlog) {
    }

    private static List<OutboxEntry> unpublished(Connection c, int limit) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(UNPUBLISHED)) {
            p.setInt(1, limit);
            List<OutboxEntry> rows = new ArrayList<>(Math.min(limit, 4096));
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rows.add(entry(rs));
                }
            }
            return rows;
        }
    }

    /** Streams the rows {@code from..to} (inclusive) in sequence order inside one read snapshot. */
    public void forEach(long from, long to, Consumer<OutboxEntry> sink) {
        store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(RANGE)) {
                p.setLong(1, from);
                p.setLong(2, to);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        sink.accept(entry(rs));
                    }
                }
            }
            return null;
        });
    }

    /**
     * The highest row in {@code from..to} whose body was emptied because it held a state secret's earlier text
     * ({@link OutboxRedaction}); null when none was.
     */
    public Long lastRedacted(long from, long to) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(LAST_REDACTED)) {
                p.setLong(1, from);
                p.setLong(2, to);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    long last = rs.getLong(1);
                    return rs.wasNull() ? null : last;
                }
            }
        });
    }

    /** All rows {@code from..to} (inclusive); for tests and small ranges. */
    public List<OutboxEntry> range(long from, long to) {
        List<OutboxEntry> rows = new ArrayList<>();
        forEach(from, to, rows::add);
        return rows;
    }

    /** Marks {@code from..to} published at {@code at} (epoch ms); rows already marked keep their time. */
    public int markPublished(long from, long to, long at) {
        return store.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(MARK_PUBLISHED)) {
                p.setLong(1, at);
                p.setLong(2, from);
                p.setLong(3, to);
                return p.executeUpdate();
            }
        });
    }

    /** Clears the published mark of every row after {@code sequence}, so they are sent again; returns how many. */
    public int republishAfter(long sequence) {
        return store.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(REPUBLISH_AFTER)) {
                p.setLong(1, sequence);
                return p.executeUpdate();
            }
        });
    }

    /** When row {@code sequence} was published: null when unpublished or absent. */
    public Long publishedAt(long sequence) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(PUBLISHED_AT)) {
                p.setLong(1, sequence);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : v;
                }
            }
        });
    }

    /** The chain hash of row {@code sequence}; genesis for 0; the hub's hash at a re-base's sequence; null when absent. */
    public byte[] hashAt(long sequence) {
        return store.read(c -> hashAt(c, sequence));
    }

    private static byte[] hashAt(Connection c, long sequence) throws SQLException {
        if (sequence == 0) {
            return ChainHash.genesis();
        }
        try (PreparedStatement p = c.prepareStatement(HASH_AT)) {
            p.setLong(1, sequence);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    return rs.getBytes(1);
                }
            }
        }
        ChainPosition base = base(c);
        return base != null && base.sequence() == sequence ? base.hash() : null;
    }

    public OutboxStatus status() {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(STATUS); ResultSet rs = p.executeQuery()) {
                rs.next();
                Long oldest = longOrNull(rs, 4);
                return new OutboxStatus(rs.getLong(1), rs.getLong(2), rs.getLong(3), oldest);
            }
        });
    }

    public DeliveryState delivery() {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(DELIVERY); ResultSet rs = p.executeQuery()) {
                rs.next();
                return new DeliveryState(longOrNull(rs, 1), rs.getBytes(2), boolOrNull(rs, 3), longOrNull(rs, 4),
                        boolOrNull(rs, 5), longOrNull(rs, 6), rs.getString(7));
            }
        });
    }

    /** Remembers the hub's cursor for this site. */
    public void saveHubCursor(long sequence, byte[] hash, boolean quarantined, long seenAt) {
        store.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(SAVE_CURSOR)) {
                p.setLong(1, sequence);
                p.setBytes(2, hash);
                p.setInt(3, quarantined ? 1 : 0);
                p.setLong(4, seenAt);
                return p.executeUpdate();
            }
        });
    }

    /** Remembers the refusals a hub cursor reported (each once, by sequence). */
    public void saveHubRefusals(List<HubRefusal> refusals) {
        if (refusals.isEmpty()) {
            return;
        }
        store.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(SAVE_REFUSAL)) {
                for (HubRefusal r : refusals) {
                    p.setLong(1, r.sequence());
                    p.setString(2, r.reason());
                    p.setString(3, r.record());
                    p.setString(4, r.holderSiteCode());
                    p.setString(5, r.detail());
                    p.setLong(6, r.seenAt());
                    p.addBatch();
                }
                return p.executeBatch().length;
            }
        });
    }

    /** The newest refusals the hub reported, newest first, at most {@code limit}. */
    public List<HubRefusal> hubRefusals(int limit) {
        return store.read(c -> {
            List<HubRefusal> refusals = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(REFUSALS)) {
                p.setInt(1, limit);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        refusals.add(new HubRefusal(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getLong(6)));
                    }
                }
            }
            return refusals;
        });
    }

    /** How many refusals the hub reported in all. */
    public long hubRefusalCount() {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(REFUSAL_COUNT); ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** Remembers whether the broker answered; {@code error} is an English sentence without payload, or null. */
    public void saveBrokerState(boolean reachable, long checkedAt, String error) {
        store.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(SAVE_BROKER)) {
                p.setInt(1, reachable ? 1 : 0);
                p.setLong(2, checkedAt);
                p.setString(3, error);
                return p.executeUpdate();
            }
        });
    }

    private static OutboxEntry entry(ResultSet rs) throws SQLException {
        long published = rs.getLong(9);
        Long publishedAt = rs.wasNull() ? null : published;
        return new OutboxEntry(rs.getLong(1), UUID.fromString(rs.getString(2)), rs.getString(3), rs.getBytes(4),
                rs.getBytes(5), rs.getBytes(6), rs.getString(7), rs.getLong(8), publishedAt);
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Boolean boolOrNull(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v != 0;
    }
}
