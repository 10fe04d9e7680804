package org.archivesync.agent.recording;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.archivesync.agent.AgentVersion;
import org.archivesync.agent.identity.KeyRotation;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.outbox.ChainFork;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.wire.AvroCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-base (tái lập chuỗi) of an office whose chain forked from the hub's: keeps what the hub has and re-issues the
 * office's later local work under new sequences after the hub's last, under the same site code.
 *
 * <p>In one SQLite transaction: the divergent outbox rows (from {@code reissueFrom} to the end) move to
 * {@code forked_events}, kept for audit and never deleted; each one's payload, with its original date and clerk, is
 * recorded again as a new event (new event id) chained after the hub's cursor and the last one signed with the current
 * key; the state tables' {@code last_sequence} follow the new numbers; and {@code rebases} records who, when, which
 * case, the hub's position and both ranges. The hub's position becomes the chain's base, so the next recording and
 * the publisher continue from it. Nothing is lost: a crash leaves the store as it was.
 *
 * <p>Which rows are divergent cannot be told from the hub's last hash alone. By default they are the rows the broker
 * never acknowledged (recorded after the backup was taken) and, for {@link ChainFork.Kind#BESIDE}, every row from the
 * hub's last sequence on; an operator who knows better (deploy/README.md, "Forks") names the first one.
 */
public final class ChainRebase {

    private static final Logger log = LoggerFactory.getLogger(ChainRebase.class);
    private static final byte[] WRITER_FINGERPRINT = SchemaFingerprint.of(SiteEvent.getClassSchema());

    private static final String FIRST_UNPUBLISHED = "SELECT min(sequence) FROM outbox WHERE published_at IS NULL";
    private static final String DIVERGENT = """
            SELECT sequence, type, body, recorded_at, redacted_at FROM outbox WHERE sequence >= ? ORDER BY sequence""";
    private static final String INSERT_REBASE = """
            INSERT INTO rebases (rebased_at, rebased_by, fork_kind, hub_sequence, hub_hash, local_sequence,
                                 set_aside_from, set_aside_to, set_aside_count, reissued_from, reissued_to)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)""";
    private static final String SET_ASIDE = """
            INSERT INTO forked_events (rebase_id, sequence, event_id, type, body, hash, signature, key_id, recorded_at,
                                       published_at, redacted_at)
            SELECT ?, sequence, event_id, type, body, hash, signature, key_id, recorded_at, published_at, redacted_at
            FROM outbox WHERE sequence >= ?""";
    private static final String DELETE_DIVERGENT = "DELETE FROM outbox WHERE sequence >= ?";
    private static final String REISSUED_AS = """
            UPDATE forked_events SET reissued_as = ? WHERE rebase_id = ? AND sequence = ?""";
    private static final String FINISH_REBASE = "UPDATE rebases SET reissued_from = ?, reissued_to = ? WHERE id = ?";
    // Every state table keeps the sequence that last changed a row; found by column so a new table is not missed.
    private static final String SEQUENCED_TABLES = """
            SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
            WHERE m.type = 'table' AND c.name = 'last_sequence' ORDER BY m.name""";

    /**
     * What a re-base did (or, on a dry run, would do).
     *
     * @param fork the fork found (never null)
     * @param setAside the divergent rows moved aside, in order: their old sequence and type (never null)
     * @param reissuedFrom the first new sequence, or null when nothing was re-issued
     * @param reissuedTo the last new sequence, or null
     * @param skipped rows set aside but not re-issued (a state secret's emptied text)
     * @param rebaseId the row in {@code rebases}; 0 on a dry run
     */
    public record Result(ChainFork fork, boolean dryRun, List<SetAside> setAside, Long reissuedFrom, Long reissuedTo,
                         int skipped, long rebaseId) {
        public Result {
            setAside = List.copyOf(setAside);
        }
    }

    /** A divergent row: its sequence in the forked chain, its event type and when it was recorded (epoch ms). */
    public record SetAside(long sequence, String type, long recordedAt) {
    }

    private final AgentStore store;
    private final Supplier<Optional<SiteIdentity>> identity;
    private final Clock clock;

    /**
     * @param identity the enrolled site (never null; empty until enrolled, when a re-base is refused)
     * @param clock the PC's clock, for the audit row and the signing key's switch (never null)
     */
    public ChainRebase(AgentStore store, Supplier<Optional<SiteIdentity>> identity, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Re-bases this store onto the hub's last cursor (as the publisher saved it).
     *
     * @param operator who runs it, for the audit (never blank)
     * @param reissueFrom the first divergent sequence; null for the default (see the class comment)
     * @param dryRun tell what would be done, write nothing
     * @throws RebaseRefusedException when not enrolled, no fork is seen, {@code reissueFrom} is out of range, or the
     *                                divergent rows hold a key rotation (re-base that office by hand)
     */
    public Result rebase(String operator, Long reissueFrom, boolean dryRun) {
        if (operator == null || operator.isBlank()) {
            throw new RebaseRefusedException("rebase.operator-required");
        }
        SiteIdentity site = identity.get().orElseThrow(() -> new RebaseRefusedException("rebase.not-enrolled"));
        AgentStore.Work<Result> work = c -> {
            ChainFork fork = Outbox.fork(c);
            ChainPosition hub = Outbox.hubCursor(c);
            if (fork == null || hub == null) {
                throw new RebaseRefusedException("rebase.no-fork");
            }
            long local = Outbox.head(c).sequence();
            long from = reissueFrom != null ? reissueFrom : defaultFrom(c, fork, local);
            if (from < 1 || from > local + 1) {
                throw new RebaseRefusedException("rebase.reissue-from", from, local + 1);
            }
            List<Divergent> rows = divergent(c, from);
            List<SetAside> aside = rows.stream().map(r -> new SetAside(r.sequence, r.type, r.recordedAt)).toList();
            for (Divergent r : rows) {
                if (r.type.equals(SiteEventTypes.KEY_ROTATED)) {
                    throw new RebaseRefusedException("rebase.key-rotation", r.sequence);
                }
            }
            if (dryRun) {
                return new Result(fork, true, aside, null, null, 0, 0);
            }
            long rebaseId = insertRebase(c, operator, fork, hub, local, rows);
            update(c, SET_ASIDE, rebaseId, from);
            update(c, DELETE_DIVERGENT, from);
            return reissue(c, site, fork, hub, rows, aside, rebaseId);
        };
        Result result = dryRun ? store.inRolledBackTransaction(work) : store.inTransaction(work);
        log.warn("chain {} siteCode={} operator={} fork={} hubSequence={} localSequence={} setAside={} reissuedFrom={}"
                        + " reissuedTo={} skipped={} rebaseId={}", dryRun ? "re-base checked (dry run)" : "re-based",
                site.siteCode(), operator, result.fork().kind(), result.fork().hubSequence(),
                result.fork().localSequence(), result.setAside().size(), result.reissuedFrom(), result.reissuedTo(),
                result.skipped(), result.rebaseId());
        return result;
    }

    private static long defaultFrom(Connection c, ChainFork fork, long local) throws SQLException {
        long from = local + 1;
        try (PreparedStatement p = c.prepareStatement(FIRST_UNPUBLISHED); ResultSet rs = p.executeQuery()) {
            if (rs.next()) {
                long first = rs.getLong(1);
                if (!rs.wasNull()) {
                    from = first;
                }
            }
        }
        return switch (fork.kind()) {
            case BEHIND -> from;
            // The hub's last sequence itself has another hash here: it and all after it are this office's alone.
            case BESIDE -> Math.min(from, fork.hubSequence());
        };
    }

    private record Divergent(long sequence, String type, byte[] body, long recordedAt, boolean redacted) {
    }

    private static List<Divergent> divergent(Connection c, long from) throws SQLException {
        List<Divergent> rows = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(DIVERGENT)) {
            p.setLong(1, from);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    rs.getLong(5);
                    boolean redacted = !rs.wasNull();
                    rows.add(new Divergent(rs.getLong(1), rs.getString(2), rs.getBytes(3), rs.getLong(4), redacted));
                }
            }
        }
        return rows;
    }

    private long insertRebase(Connection c, String operator, ChainFork fork, ChainPosition hub, long local,
                              List<Divergent> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(INSERT_REBASE, java.sql.Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, clock.millis());
            p.setString(2, operator);
            p.setString(3, fork.kind().name());
            p.setLong(4, hub.sequence());
            p.setBytes(5, hub.hash());
            p.setLong(6, local);
            if (rows.isEmpty()) {
                p.setNull(7, java.sql.Types.INTEGER);
                p.setNull(8, java.sql.Types.INTEGER);
            } else {
                p.setLong(7, rows.get(0).sequence);
                p.setLong(8, rows.get(rows.size() - 1).sequence);
            }
            p.setInt(9, rows.size());
            p.executeUpdate();
            try (ResultSet keys = p.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Records the divergent payloads again after the hub's position; the last one signed. */
    private Result reissue(Connection c, SiteIdentity site, ChainFork fork, ChainPosition hub, List<Divergent> rows,
                           List<SetAside> aside, long rebaseId) throws SQLException {
        SiteIdentity signer = KeyRotation.signingIdentity(c, site, null, clock);
        String version = AgentVersion.current();
        long sequence = hub.sequence();
        byte[] previous = hub.hash();
        int skipped = 0;
        List<long[]> renumbered = new ArrayList<>();
        try (Outbox.Appender outbox = Outbox.appender(c)) {
            Pending pending = null;
            for (Divergent r : rows) {
                if (r.redacted || r.body.length == 0) {
                    // A state secret's earlier text, emptied once the hub held it: nothing left to re-issue.
                    skipped++;
                    continue;
                }
                SiteEvent old = AvroCodec.decode(ByteBuffer.wrap(r.body), SiteEvent.getClassSchema(),
                        SiteEvent.getClassSchema());
                sequence++;
                SiteEvent event = SiteEvent.newBuilder(old)
                        .setEventId(UUID.randomUUID())
                        .setSequence(sequence)
                        .setPreviousHash(new Sha256(previous))
                        .setAgentVersion(version)
                        .build();
                byte[] body = AvroCodec.encode(event);
                previous = ChainHash.next(previous, WRITER_FINGERPRINT, body);
                if (pending != null) {
                    pending.append(outbox, null, null);
                }
                pending = new Pending(sequence, event.getEventId(), r.type, body, previous, r.recordedAt);
                update(c, REISSUED_AS, sequence, rebaseId, r.sequence);
                renumbered.add(new long[] {r.sequence, sequence});
            }
            if (pending != null) {
                pending.append(outbox, SiteKeys.sign(signer.privateKey(), previous), signer.keyId());
            }
        }
        renumberState(c, renumbered);
        Long first = renumbered.isEmpty() ? null : hub.sequence() + 1;
        Long last = renumbered.isEmpty() ? null : sequence;
        try (PreparedStatement p = c.prepareStatement(FINISH_REBASE)) {
            setLongOrNull(p, 1, first);
            setLongOrNull(p, 2, last);
            p.setLong(3, rebaseId);
            p.executeUpdate();
        }
        return new Result(fork, false, aside, first, last, skipped, rebaseId);
    }

    private record Pending(long sequence, UUID eventId, String type, byte[] body, byte[] hash, long recordedAt) {
        void append(Outbox.Appender outbox, byte[] signature, String keyId) throws SQLException {
            outbox.append(sequence, eventId, type, body, hash, signature, keyId, recordedAt);
        }
    }

    /**
     * The state rows a divergent event last changed now name its new sequence. New numbers are never below old ones,
     * so renumbering from the highest down never maps a row twice.
     */
    private static void renumberState(Connection c, List<long[]> renumbered) throws SQLException {
        if (renumbered.isEmpty()) {
            return;
        }
        List<String> tables = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(SEQUENCED_TABLES); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String table : tables) {
            // The table name comes from sqlite_master, not from input.
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE \"" + table + "\" SET last_sequence = ? WHERE last_sequence = ?")) {
                for (int i = renumbered.size() - 1; i >= 0; i--) {
                    p.setLong(1, renumbered.get(i)[1]);
                    p.setLong(2, renumbered.get(i)[0]);
                    p.addBatch();
                }
                p.executeBatch();
            }
        }
    }

    private static void update(Connection c, String sql, long... args) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setLong(i + 1, args[i]);
            }
            p.executeUpdate();
        }
    }

    private static void setLongOrNull(PreparedStatement p, int index, Long value) throws SQLException {
        if (value == null) {
            p.setNull(index, java.sql.Types.INTEGER);
        } else {
            p.setLong(index, value);
        }
    }

    /** Event type names as the outbox's {@code type} column holds them. */
    private static final class SiteEventTypes {
        static final String KEY_ROTATED = org.archivesync.avro.SiteKeyRotated.getClassSchema().getName();
    }
}
