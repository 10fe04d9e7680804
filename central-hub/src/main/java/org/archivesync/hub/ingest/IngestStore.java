package org.archivesync.hub.ingest;

import org.archivesync.hub.database.BinaryCopy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.archivesync.hub.catalogue.LentConnection;
import org.archivesync.schemas.integrity.ChainPosition;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The SQL of ingest: cursors, the event log, parked events and quarantine. */
final class IngestStore {

    private static final String ENSURE_CURSORS = """
            INSERT INTO site_cursors (site_code, updated_at)
            SELECT s, :at FROM unnest(:sites::text[]) AS s ON CONFLICT (site_code) DO NOTHING""";

    // Locked in a fixed order so two consumers of overlapping sites cannot deadlock; the lock also serialises each
    // site's transactions, so a site's events commit in sequence order.
    private static final String LOCK_CURSORS = """
            SELECT site_code, last_sequence, last_hash, quarantined, waiting_since, waiting_alerted, parked_count, parked_bytes
            FROM site_cursors WHERE site_code = ANY(:sites::text[]) ORDER BY site_code FOR UPDATE""";

    // The first :limit parked events of each site after its cursor, in sequence order; within a sequence signed
    // events first, so that a window ending inside a sequence leaves out only unsigned rivals (which cannot win a
    // sequence by themselves). Starting after the cursor, the index skips what earlier windows deleted.
    // Known limit: more unsigned rivals at one sequence than a window holds can keep the office's own unsigned event
    // there out of every window until its signed successor arrives in a batch with it (the agent's repair does that).
    private static final String PARKED = """
            SELECT p.id, p.site_code, p.sequence, p.hash, p.previous_hash, p.schema_id, p.body, p.signature, p.key_id,
                p.withheld, p.origin, p.vouched
            FROM unnest(:sites::text[], :after::bigint[]) AS s(site_code, after)
            CROSS JOIN LATERAL (
                SELECT * FROM parked_events e WHERE e.site_code = s.site_code AND e.sequence > s.after
                ORDER BY e.sequence, e.signature IS NULL, e.id LIMIT :limit) p
            ORDER BY p.site_code, p.sequence, p.signature IS NULL, p.id""";

    private static final String LOWEST_PARKED = """
            SELECT site_code, min(sequence) FROM parked_events WHERE site_code = ANY(:sites::text[]) GROUP BY site_code""";

    private static final String STORED_HASHES = """
            SELECT sequence, hash FROM events WHERE site_code = :site AND sequence BETWEEN :from AND :to""";

    private static final String COPY_EVENTS = """
            COPY events (site_code, sequence, hash, type, subject, received_at, schema_id, body, signature, key_id,
                withheld) FROM STDIN (FORMAT binary)""";

    private static final String DELETE_EVENTS_FROM = """
            DELETE FROM events WHERE site_code = :site AND sequence >= :sequence""";

    private static final String PARK = """
            INSERT INTO parked_events (site_code, sequence, hash, previous_hash, schema_id, body, signature, key_id,
                withheld, origin, parked_at)
            SELECT u.site, u.sequence, u.hash, u.previous, u.schema, u.body, u.signature, u.key, u.withheld, u.origin, :at
            FROM unnest(:site::text[], :sequence::bigint[], :hash::bytea[], :previous::bytea[], :schema::int[],
                        :body::bytea[], :signature::bytea[], :key::text[], :withheld::text[], :origin::text[])
                AS u(site, sequence, hash, previous, schema, body, signature, key, withheld, origin)
            ON CONFLICT DO NOTHING""";

    // What leaves the parked events once the cursor passes it; those rows the event log does not hold were candidates
    // that lost their sequence to the site's signed event (some perhaps never loaded): returned, to be set aside.
    private static final String UNPARK_THROUGH = """
            WITH gone AS (
                DELETE FROM parked_events WHERE site_code = :site AND sequence > :after AND sequence <= :sequence
                RETURNING sequence, hash, origin)
            SELECT g.sequence, g.hash, g.origin FROM gone g
            WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.site_code = :site AND e.sequence = g.sequence
                                                      AND e.hash = g.hash)""";

    private static final String UNPARK_IDS = "DELETE FROM parked_events WHERE id = ANY(:ids::bigint[])";

    private static final String UNVOUCHED_SIGNED = """
            SELECT min(sequence), max(sequence) FROM parked_events
            WHERE site_code = :site AND signature IS NOT NULL AND NOT vouched""";

    // Read top down, fetched in slices, so that a pass over a long run holds only the links it still looks for.
    private static final String CHAIN_LINKS = """
            SELECT id, sequence, hash, previous_hash, signature, key_id, vouched FROM parked_events
            WHERE site_code = :site AND sequence <= :top ORDER BY sequence DESC""";

    private static final String VOUCH = "UPDATE parked_events SET vouched = true WHERE id = ANY(:ids::bigint[])";

    private static final String UPDATE_CURSORS = """
            UPDATE site_cursors c SET last_sequence = u.sequence, last_hash = u.hash, quarantined = u.quarantined,
                waiting_since = u.waiting_since::timestamptz, waiting_alerted = u.alerted, updated_at = :at
            FROM unnest(:site::text[], :sequence::bigint[], :hash::bytea[], :quarantined::boolean[],
                        :waitingSince::text[], :alerted::boolean[])
                AS u(site, sequence, hash, quarantined, waiting_since, alerted)
            WHERE c.site_code = u.site""";

    // Every site that sent anything over the link: received now. A site whose newest record reported no backlog keeps
    // the backlog it reported before, with its time.
    private static final String UPDATE_LINKS = """
            INSERT INTO site_links AS l (site_code, reported_backlog, backlog_reported_at, last_received_at,
                clock_skew_ms, clock_skew_at)
            SELECT u.site, u.backlog, u.reported_at::timestamptz, :at, u.skew, CASE WHEN u.skew IS NULL THEN NULL ELSE :at END
            FROM unnest(:site::text[], :backlog::bigint[], :reportedAt::text[], :skew::bigint[])
                AS u(site, backlog, reported_at, skew)
            ON CONFLICT (site_code) DO UPDATE SET
                reported_backlog = coalesce(EXCLUDED.reported_backlog, l.reported_backlog),
                backlog_reported_at = CASE WHEN EXCLUDED.reported_backlog IS NULL THEN l.backlog_reported_at
                                           ELSE EXCLUDED.backlog_reported_at END,
                last_received_at = greatest(l.last_received_at, EXCLUDED.last_received_at),
                clock_skew_ms = coalesce(EXCLUDED.clock_skew_ms, l.clock_skew_ms),
                clock_skew_at = coalesce(EXCLUDED.clock_skew_at, l.clock_skew_at)""";

    private static final String QUARANTINE = """
            INSERT INTO quarantine (site_code, kind, sequence, event_hash, event_signature, detail, origin, raised_at)
            VALUES (:site, :kind, :sequence, :hash, :signature, :detail, :origin, :at)""";

    private static final String RELEASE = """
            UPDATE quarantine SET released_at = :at, released_by = :by WHERE site_code = :site AND released_at IS NULL
            RETURNING sequence, event_hash, event_signature""";

    // The offending events a quarantine named, when the operator chose to drop them.
    private static final String DISCARD = """
            DELETE FROM parked_events WHERE site_code = :site AND sequence = :sequence AND hash = :hash
                AND signature IS NOT DISTINCT FROM :signature::bytea""";

    // After an office was re-based (deploy/README.md, "Forks"): the parked events that do not chain from the hub's
    // last applied event belong to the abandoned branch. Kept: every parked event reachable from the cursor's hash
    // through previous_hash links (the re-issued work, and anything waiting on it).
    private static final String DISCARD_FORKED = """
            WITH RECURSIVE kept AS (
                SELECT id, hash FROM parked_events
                WHERE site_code = :site AND sequence = :sequence + 1 AND previous_hash = :hash
                UNION
                SELECT p.id, p.hash FROM parked_events p JOIN kept k ON p.previous_hash = k.hash
                WHERE p.site_code = :site
            )
            DELETE FROM parked_events WHERE site_code = :site AND id NOT IN (SELECT id FROM kept)
            RETURNING sequence""";

    private static final String OPEN_QUARANTINE = """
            SELECT EXISTS (SELECT 1 FROM quarantine WHERE site_code = :site AND kind = :kind AND released_at IS NULL)""";

    private static final String OVERDUE = """
            UPDATE site_cursors SET waiting_alerted = true
            WHERE waiting_since <= :deadline AND NOT waiting_alerted AND NOT quarantined
            RETURNING site_code, last_sequence, waiting_since""";

    private static final String COUNTS = """
            SELECT (SELECT coalesce(sum(parked_count), 0) FROM site_cursors) AS parked,
                   (SELECT count(*) FROM site_cursors WHERE quarantined) AS quarantined,
                   (SELECT count(*) FROM site_cursors WHERE waiting_since IS NOT NULL) AS waiting""";

    private static final String POSITIONS = "SELECT site_code, last_sequence FROM site_cursors";

    // A rebuild holds every cursor, so no ingest transaction runs beside it (ingest locks its sites' cursors first).
    private static final String LOCK_ALL_CURSORS = "SELECT site_code FROM site_cursors ORDER BY site_code FOR UPDATE";

    // The whole log in apply order, through a cursor of the rebuild's transaction: one sort, rows fetched in slices.
    // Withheld events (state-secret content, kept by hash only) were never applied.
    private static final String OPEN_REPLAY = """
            DECLARE replay_events NO SCROLL CURSOR FOR
            SELECT site_code, sequence, received_at, schema_id, body, signature, key_id, applied_order FROM events
            WHERE body IS NOT NULL ORDER BY applied_order""";
    private static final String FETCH_REPLAY = "FETCH FORWARD %d FROM replay_events";
    private static final String CLOSE_REPLAY = "CLOSE replay_events";

    private final JdbcClient jdbc;
    private final JdbcOperations connection;
    private final DataSource dataSource;
    private final Executor copier;
    private final JdbcClient streaming;

    IngestStore(JdbcClient jdbc, JdbcOperations connection, DataSource dataSource) {
        JdbcTemplate slices = new JdbcTemplate(dataSource);
        // Within the caller's transaction the driver fetches in slices of this many rows instead of all at once.
        slices.setFetchSize(10_000);
        this.streaming = JdbcClient.create(slices);
        this.jdbc = jdbc;
        this.connection = connection;
        this.dataSource = dataSource;
        this.copier = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ingest-event-log");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A site's cursor row, locked.
     *
     * @param parkedCount how many events the site has parked
     * @param parkedBytes how many body bytes they hold
     */
    record Cursor(String siteCode, ChainPosition position, boolean quarantined, Instant waitingSince,
                  boolean waitingAlerted, long parkedCount, long parkedBytes) {
    }

    /** A parked row the cursor passed that the event log does not hold. */
    record Lost(long sequence, byte[] hash, String origin) {
    }

    /** A parked event as stored; body is null for a withheld one; vouched: covered by a signature (V14). */
    record Parked(long id, String siteCode, long sequence, byte[] hash, byte[] previousHash, Integer schemaId, byte[] body,
                  byte[] signature, String keyId, String withheld, String origin, boolean vouched) {
    }

    /** A parked event's place in the chain, without its body. */
    record Link(long id, long sequence, byte[] hash, byte[] previousHash, byte[] signature, String keyId,
                boolean vouched) {
    }

    /** An event row to store. */
    record EventRow(String siteCode, long sequence, byte[] hash, String type, String subject, Integer schemaId,
                    byte[] body, byte[] signature, String keyId, String withheld) {
    }

    /** A site's cursor as a batch leaves it. */
    record CursorUpdate(String siteCode, ChainPosition position, boolean quarantined, Instant waitingSince,
                        boolean waitingAlerted) {
    }

    /**
     * What a batch says about a site's link.
     *
     * @param reportedBacklog the agent's {@code as-backlog} on the site's newest record, or null (then kept as it was)
     * @param reportedAt when it was reported (the agent's {@code as-sent-at}, else receipt); null with no backlog
     */
    record LinkUpdate(String siteCode, Long reportedBacklog, Instant reportedAt, Long clockSkewMillis) {
    }

    /** A row to park. */
    record ParkRow(String siteCode, long sequence, byte[] hash, byte[] previousHash, Integer schemaId, byte[] body,
                   byte[] signature, String keyId, String withheld, String origin) {
    }

    /** A site overdue for a gap alert. */
    record Overdue(String siteCode, long lastSequence, Instant waitingSince) {
    }

    /** A stored event as the rebuild replays it. */
    record StoredEvent(String siteCode, long sequence, Instant receivedAt, int schemaId, byte[] body, byte[] signature,
                       String keyId, long appliedOrder) {
    }

    /** Parked events, quarantined and waiting sites. */
    record Counts(long parked, long quarantined, long waiting) {
    }

    Map<String, Cursor> lockCursors(Collection<String> sites, Instant at) {
        String[] codes = sites.toArray(String[]::new);
        jdbc.sql(ENSURE_CURSORS).param("sites", codes).param("at", utc(at)).update();
        Map<String, Cursor> cursors = new LinkedHashMap<>();
        jdbc.sql(LOCK_CURSORS).param("sites", codes).query(IngestStore::cursor).list()
                .forEach(c -> cursors.put(c.siteCode(), c));
        return cursors;
    }

    private static Cursor cursor(ResultSet rs, int n) throws SQLException {
        Timestamp waiting = rs.getTimestamp("waiting_since");
        return new Cursor(rs.getString("site_code"), new ChainPosition(rs.getLong("last_sequence"), rs.getBytes("last_hash")),
                rs.getBoolean("quarantined"), waiting == null ? null : waiting.toInstant(), rs.getBoolean("waiting_alerted"),
                rs.getLong("parked_count"), rs.getLong("parked_bytes"));
    }

    Map<String, Long> lowestParked(Collection<String> sites) {
        Map<String, Long> lowest = new HashMap<>();
        jdbc.sql(LOWEST_PARKED).param("sites", sites.toArray(String[]::new))
                .query((rs, n) -> lowest.put(rs.getString(1), rs.getLong(2))).list();
        return lowest;
    }

    /**
     * The first {@code limit} parked events of each site after the sequence given for it (see {@link #PARKED}); a site
     * with none is absent.
     */
    Map<String, List<Parked>> parked(Map<String, Long> after, int limit) {
        Map<String, List<Parked>> bySite = new HashMap<>();
        if (after.isEmpty()) {
            return bySite;
        }
        String[] sites = after.keySet().toArray(String[]::new);
        long[] from = new long[sites.length];
        for (int i = 0; i < sites.length; i++) {
            from[i] = after.get(sites[i]);
        }
        jdbc.sql(PARKED).param("sites", sites).param("after", from).param("limit", limit)
                .query((rs, n) -> new Parked(rs.getLong("id"), rs.getString("site_code"), rs.getLong("sequence"),
                        rs.getBytes("hash"), rs.getBytes("previous_hash"), (Integer) rs.getObject("schema_id"),
                        rs.getBytes("body"), rs.getBytes("signature"), rs.getString("key_id"), rs.getString("withheld"),
                        rs.getString("origin"), rs.getBoolean("vouched")))
                .list().forEach(p -> bySite.computeIfAbsent(p.siteCode(), s -> new ArrayList<>()).add(p));
        return bySite;
    }

    Map<Long, byte[]> storedHashes(String site, long from, long to) {
        Map<Long, byte[]> hashes = new HashMap<>();
        jdbc.sql(STORED_HASHES).param("site", site).param("from", from).param("to", to)
                .query((rs, n) -> hashes.put(rs.getLong(1), rs.getBytes(2))).list();
        return hashes;
    }

    /** Appends to the event log; the cursors locked by the caller guarantee no (site, sequence) is there yet. */
    void insertEvents(List<EventRow> rows, Instant at) {
        if (rows.isEmpty()) {
            return;
        }
        BinaryCopy copy = encode(rows, at);
        connection.execute((ConnectionCallback<Long>) c -> copy.copyIn(c, COPY_EVENTS));
    }

    /**
     * Starts appending to the event log on the caller's transaction connection from another thread, so the server
     * inserts while the caller goes on with work that does not touch the database: the handshake of
     * {@link LentConnection}. Same guarantee as {@link #insertEvents}.
     */
    EventsCopy insertEventsAsync(List<EventRow> rows, Instant at) {
        if (rows.isEmpty()) {
            return new EventsCopy(CompletableFuture.completedFuture(null));
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            insertEvents(rows, at);
            return new EventsCopy(CompletableFuture.completedFuture(null));
        }
        // The transaction's own connection (it stays bound to the transaction); the helper borrows it until await().
        Connection transactional = DataSourceUtils.getConnection(dataSource);
        DataSourceUtils.releaseConnection(transactional, dataSource);
        return new EventsCopy(CompletableFuture.runAsync(() -> {
            try {
                encode(rows, at).copyIn(transactional, COPY_EVENTS);
            } catch (SQLException e) {
                throw new UncategorizedSQLException("append to the event log", COPY_EVENTS, e);
            }
        }, copier));
    }

    /** An append to the event log under way on the transaction's connection, lent to another thread. */
    static final class EventsCopy implements LentConnection {
        private final CompletableFuture<Void> copy;

        private EventsCopy(CompletableFuture<Void> copy) {
            this.copy = copy;
        }

        /** Waits until the rows are in; rethrows the failure of the COPY. Idempotent. */
        @Override
        public void awaitReturn() {
            try {
                copy.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw e;
            }
        }

        /** Waits without rethrowing, when the caller is failing anyway and must only get its connection back. */
        void awaitQuietly() {
            try {
                copy.join();
            } catch (RuntimeException ignored) {
                // The caller's own failure is the one reported; the transaction rolls back either way.
            }
        }
    }

    /** Removes a site's stored events from {@code sequence} on (an event the catalogue refused, and what followed). */
    void deleteEventsFrom(String site, long sequence) {
        jdbc.sql(DELETE_EVENTS_FROM).param("site", site).param("sequence", sequence).update();
    }

    private static BinaryCopy encode(List<EventRow> rows, Instant at) {
        BinaryCopy copy = new BinaryCopy(rows.size() * 400);
        for (EventRow r : rows) {
            copy.row(11).text(r.siteCode()).int8(r.sequence()).bytes(r.hash()).text(r.type()).text(r.subject())
                    .timestamptz(at).int4(r.schemaId()).bytes(r.body()).bytes(r.signature()).text(r.keyId())
                    .text(r.withheld());
        }
        return copy;
    }

    void park(List<ParkRow> rows, Instant at) {
        int n = rows.size();
        if (n == 0) {
            return;
        }
        String[] site = new String[n], key = new String[n], withheld = new String[n], origin = new String[n];
        long[] sequence = new long[n];
        byte[][] hash = new byte[n][], previous = new byte[n][], body = new byte[n][], signature = new byte[n][];
        Integer[] schema = new Integer[n];
        for (int i = 0; i < n; i++) {
            ParkRow r = rows.get(i);
            site[i] = r.siteCode();
            sequence[i] = r.sequence();
            hash[i] = r.hash();
            previous[i] = r.previousHash();
            schema[i] = r.schemaId();
            body[i] = r.body();
            signature[i] = r.signature();
            key[i] = r.keyId();
            withheld[i] = r.withheld();
            origin[i] = r.origin();
        }
        jdbc.sql(PARK).param("site", site).param("sequence", sequence).param("hash", hash).param("previous", previous)
                .param("schema", schema).param("body", body).param("signature", signature).param("key", key)
                .param("withheld", withheld).param("origin", origin).param("at", utc(at)).update();
    }

    /**
     * Drops a site's parked events after {@code after} (its cursor before) through {@code sequence}; returns those the
     * event log does not hold.
     */
    List<Lost> unparkThrough(String site, long after, long sequence) {
        return jdbc.sql(UNPARK_THROUGH).param("site", site).param("after", after).param("sequence", sequence)
                .query((rs, n) -> new Lost(rs.getLong(1), rs.getBytes(2), rs.getString(3))).list();
    }

    /** The lowest and highest sequence of the site's parked signed events not vouched for yet; null when none. */
    long[] unvouchedSigned(String site) {
        return jdbc.sql(UNVOUCHED_SIGNED).param("site", site)
                .query((rs, n) -> rs.getObject(1) == null ? null : new long[] {rs.getLong(1), rs.getLong(2)})
                .optional().orElse(null);
    }

    /**
     * A site's parked events at or below {@code top} without their bodies, highest sequence first, fetched in slices
     * (within the caller's transaction). The caller closes the stream, and may stop early.
     */
    Stream<Link> chainLinks(String site, long top) {
        return streaming.sql(CHAIN_LINKS).param("site", site).param("top", top)
                .query((rs, n) -> new Link(rs.getLong(1), rs.getLong(2), rs.getBytes(3), rs.getBytes(4), rs.getBytes(5),
                        rs.getString(6), rs.getBoolean(7)))
                .stream();
    }

    /** Marks parked events as vouched for. */
    void vouch(long[] ids) {
        if (ids.length > 0) {
            jdbc.sql(VOUCH).param("ids", ids).update();
        }
    }

    /** Drops parked events by id (set aside once loaded). */
    void unpark(Collection<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql(UNPARK_IDS).param("ids", ids.stream().mapToLong(Long::longValue).toArray()).update();
        }
    }

    /** Writes sites' cursors, one statement for all of them. */
    void updateCursors(List<CursorUpdate> updates, Instant at) {
        int n = updates.size();
        if (n == 0) {
            return;
        }
        String[] site = new String[n];
        String[] waitingSince = new String[n];
        long[] sequence = new long[n];
        byte[][] hash = new byte[n][];
        Boolean[] quarantined = new Boolean[n];
        Boolean[] alerted = new Boolean[n];
        for (int i = 0; i < n; i++) {
            CursorUpdate u = updates.get(i);
            site[i] = u.siteCode();
            sequence[i] = u.position().sequence();
            hash[i] = u.position().hash();
            quarantined[i] = u.quarantined();
            waitingSince[i] = u.waitingSince() == null ? null : utc(u.waitingSince()).toString();
            alerted[i] = u.waitingAlerted();
        }
        jdbc.sql(UPDATE_CURSORS).param("site", site).param("sequence", sequence).param("hash", hash)
                .param("quarantined", quarantined).param("waitingSince", waitingSince).param("alerted", alerted)
                .param("at", utc(at)).update();
    }

    /** Records that the sites' links delivered at {@code at}, one statement for all of them. */
    void updateLinks(List<LinkUpdate> updates, Instant at) {
        int n = updates.size();
        if (n == 0) {
            return;
        }
        String[] site = new String[n];
        Long[] backlog = new Long[n];
        String[] reportedAt = new String[n];
        Long[] skew = new Long[n];
        // In site order, as the cursors are locked.
        List<LinkUpdate> sorted = updates.stream().sorted(Comparator.comparing(LinkUpdate::siteCode)).toList();
        for (int i = 0; i < n; i++) {
            LinkUpdate u = sorted.get(i);
            site[i] = u.siteCode();
            backlog[i] = u.reportedBacklog();
            reportedAt[i] = u.reportedAt() == null ? null : u.reportedAt().toString();
            skew[i] = u.clockSkewMillis();
        }
        jdbc.sql(UPDATE_LINKS).param("site", site).param("backlog", backlog).param("reportedAt", reportedAt)
                .param("skew", skew).param("at", utc(at)).update();
    }

    void quarantine(String site, QuarantineReason reason, Long sequence, byte[] eventHash, byte[] eventSignature,
                    String detail, String origin, Instant at) {
        jdbc.sql(QUARANTINE).param("site", site).param("kind", reason.name()).param("sequence", sequence)
                .param("hash", eventHash).param("signature", eventSignature).param("detail", detail).param("origin", origin).param("at", utc(at))
                .update();
    }

    /** Closes a site's open quarantine rows; with {@code discard}, drops the parked events they named. */
    int release(String site, boolean discard, String by, Instant at) {
        List<Object[]> named = jdbc.sql(RELEASE).param("site", site).param("by", by).param("at", utc(at))
                .query((rs, n) -> new Object[] {rs.getObject(1), rs.getBytes(2), rs.getBytes(3)}).list();
        int discarded = 0;
        if (discard) {
            for (Object[] q : named) {
                if (q[0] != null && q[1] != null) {
                    discarded += jdbc.sql(DISCARD).param("site", site).param("sequence", q[0]).param("hash", q[1])
                            .param("signature", q[2]).update();
                }
            }
        }
        return discarded;
    }

    /** The parked events of a forked branch dropped by {@link #discardForked}: how many, lowest and highest sequence. */
    record Discarded(int count, Long from, Long to) {
    }

    /** Drops the site's parked events that do not chain from {@code cursor}; see {@code DISCARD_FORKED}. */
    Discarded discardForked(String site, ChainPosition cursor) {
        List<Long> dropped = jdbc.sql(DISCARD_FORKED).param("site", site).param("sequence", cursor.sequence())
                .param("hash", cursor.hash()).query(Long.class).list();
        return new Discarded(dropped.size(), dropped.stream().min(Long::compare).orElse(null),
                dropped.stream().max(Long::compare).orElse(null));
    }

    boolean hasOpenQuarantine(String site, QuarantineReason reason) {
        return jdbc.sql(OPEN_QUARANTINE).param("site", site).param("kind", reason.name()).query(Boolean.class).single();
    }

    List<Overdue> overdue(Instant deadline) {
        return jdbc.sql(OVERDUE).param("deadline", utc(deadline))
                .query((rs, n) -> new Overdue(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant())).list();
    }

    Counts counts() {
        return jdbc.sql(COUNTS).query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3))).single();
    }

    Map<String, Long> positions() {
        Map<String, Long> positions = new HashMap<>();
        jdbc.sql(POSITIONS).query((rs, n) -> positions.put(rs.getString(1), rs.getLong(2))).list();
        return positions;
    }

    /** Locks every site's cursor (in the caller's transaction); returns how many sites there are. */
    int lockAllCursors() {
        return jdbc.sql(LOCK_ALL_CURSORS).query(String.class).list().size();
    }

    /** Opens the replay cursor over the event log, in apply order, in the caller's transaction. */
    void openReplay() {
        jdbc.sql(OPEN_REPLAY).update();
    }

    /** The next {@code limit} events of the replay cursor; empty at the end. */
    List<StoredEvent> fetchReplay(int limit) {
        return jdbc.sql(FETCH_REPLAY.formatted(limit))
                .query((rs, n) -> new StoredEvent(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getInt(4), rs.getBytes(5), rs.getBytes(6), rs.getString(7), rs.getLong(8)))
                .list();
    }

    void closeReplay() {
        jdbc.sql(CLOSE_REPLAY).update();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
