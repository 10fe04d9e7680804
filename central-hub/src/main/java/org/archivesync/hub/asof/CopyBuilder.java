package org.archivesync.hub.asof;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.archivesync.hub.catalogue.AcceptedEvent;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.catalogue.ReplayBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Builds a day's copy of the catalogue in a schema of its own ({@code as_of_yyyyMMdd}), in one transaction: every
 * table the replay writes is created there like its live table, the operators' reassignments made before the end of
 * the day are copied beside them, and the events {@link DayPrefix} takes are replayed through
 * {@link Catalogue#replay} with the copy first on the {@code search_path}, so the catalogue's own statements write the
 * copy. Before it commits it checks that the transaction wrote no row of a live table; a failure rolls everything
 * back, the copy of before included.
 *
 * <p>Nothing live is locked beyond reading: the log is read through a cursor on a snapshot while ingest goes on.
 */
final class CopyBuilder {

    private static final Logger log = LoggerFactory.getLogger(CopyBuilder.class);
    private static final DateTimeFormatter SCHEMA_DAY = DateTimeFormatter.BASIC_ISO_DATE;
    static final String SCHEMA_PREFIX = "as_of_";
    private static final int FETCH = 5_000;
    /** A progress line every this many events read. */
    private static final long LOG_EVERY = 50_000;

    /**
     * What the replay writes, each created empty in the copy: every table {@code Catalogue.clearProjections} empties,
     * and the search projection ({@code file_search}, {@code search_cursors}), which the search package writes on the
     * catalogue's events in the same transaction. A table missing here would be written (and read) live:
     * {@code CatalogueAtTest.everyTableTheReplayEmptiesIsInTheCopy} fails then, and so does the build's own check.
     */
    static final List<String> PROJECTIONS = List.of("fonds", "storage_locations", "extents", "boxes", "files",
            "appraisals", "digital_objects", "handovers", "handover_items", "destructions", "tombstones", "file_search",
            "fonds_holders", "refused_events", "search_cursors");

    /**
     * Live tables the copy holds as of the day, so the same queries read them as of the day: the operators'
     * reassignments made before its end (the replay reads them), the cursors at the last event taken, and the daily
     * activity up to the day.
     */
    static final List<String> AS_OF_THE_DAY = List.of("fonds_reassignments", "site_cursors", "progress_activity");

    // An operator's decision counts from the instant it was made: one made after the day is not in the day's state.
    private static final String REASSIGNMENTS = """
            INSERT INTO %s.fonds_reassignments OVERRIDING SYSTEM VALUE
            SELECT * FROM public.fonds_reassignments WHERE reassigned_at < :cutoff""";
    private static final String CURSORS = """
            INSERT INTO %s.site_cursors SELECT * FROM public.site_cursors WHERE site_code = ANY(:sites::text[])""";
    // Where each office stood at the end of the day; quarantine and parking stay as they are (ingest's state now).
    private static final String CURSORS_AT = """
            UPDATE %s.site_cursors c SET last_sequence = u.sequence, last_hash = u.hash, updated_at = u.at::timestamptz
            FROM unnest(:sites::text[], :sequences::bigint[], :hashes::bytea[], :ats::text[])
                AS u(site, sequence, hash, at)
            WHERE c.site_code = u.site""";
    private static final String ACTIVITY = """
            INSERT INTO %s.progress_activity SELECT * FROM public.progress_activity WHERE day <= :day""";
    // Rows inserted, updated or deleted in live tables by this connection: its counts not yet sent to the statistics
    // collector, which include earlier transactions of the connection but are not sent during a transaction, so the
    // build compares them at its start and its end.
    private static final String LIVE_WRITES = """
            SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables
            WHERE schemaname = 'public'""";

    /** Told of a build's progress. */
    interface Listener {
        /** A build of {@code day}'s copy begins. */
        default void started(LocalDate day) {
        }

        /** After each replayed chunk: how many events of the log were read so far, and how many were taken. */
        void replayed(long read, long taken);
    }

    /**
     * The advisory lock of {@code day}'s copy: a build or a drop holds it exclusively, a read shares it, so a reader
     * never finds its copy half built or gone, whichever process built or dropped it.
     */
    static long lockKey(LocalDate day) {
        return 0x41534F46L << 32 | Long.parseLong(day.format(SCHEMA_DAY));
    }

    private final JdbcClient jdbc;
    private final EventLog events;
    private final Catalogue catalogue;
    private final TransactionOperations transactions;

    CopyBuilder(JdbcClient jdbc, EventLog events, Catalogue catalogue, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.events = events;
        this.catalogue = catalogue;
        this.transactions = transactions;
    }

    /** The schema of {@code day}'s copy: {@code as_of_yyyyMMdd}, digits only after the prefix. */
    static String schema(LocalDate day) {
        return SCHEMA_PREFIX + day.format(SCHEMA_DAY);
    }

    /** Builds (or builds again) {@code day}'s copy; what it knows of the log. */
    CopyState build(LocalDate day, Listener listener) {
        String schema = schema(day);
        long started = System.nanoTime();
        log.info("as-of copy build started day={} schema={}", day, schema);
        listener.started(day);
        CopyState state = transactions.execute(tx -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", lockKey(day)).query((rs, n) -> 1).list();
            Map<String, Long> liveWrites = liveWrites();
            createTables(schema);
            Instant cutoff = DayPrefix.cutoff(day);
            jdbc.sql(REASSIGNMENTS.formatted(schema)).param("cutoff", cutoff.atOffset(ZoneOffset.UTC)).update();
            jdbc.sql("SET LOCAL search_path TO " + schema + ", public").update();
            // Read before the log: a redaction committed in between is newer than this and makes the copy stale.
            Instant redactedThrough = events.newestRedaction();
            DayPrefix prefix = new DayPrefix(day);
            Map<String, EventLog.Stored> lastTaken = new LinkedHashMap<>();
            long taken = replay(prefix, lastTaken, listener);
            cursorsAt(schema, lastTaken);
            jdbc.sql(ACTIVITY.formatted(schema)).param("day", day).update();
            Map<String, Long> after = liveWrites();
            List<String> written = after.keySet().stream()
                    .filter(t -> after.get(t) > liveWrites.getOrDefault(t, 0L)).sorted().toList();
            if (!written.isEmpty()) {
                throw new IllegalStateException("the as-of copy of " + day + " wrote live tables " + written
                        + "; rolled back");
            }
            for (String table : tables()) {
                jdbc.sql("ANALYZE " + schema + "." + table).update();
            }
            return prefix.state(redactedThrough, taken);
        });
        log.info("as-of copy build done day={} events={} millis={}", day, state.events(),
                (System.nanoTime() - started) / 1_000_000);
        return state;
    }

    private Map<String, Long> liveWrites() {
        Map<String, Long> writes = new java.util.HashMap<>();
        jdbc.sql(LIVE_WRITES).query(rs -> {
            writes.put(rs.getString(1), rs.getLong(2));
        });
        return writes;
    }

    /** Creates the copy's schema, again if it exists, with an empty table like each live one it holds. */
    void createTables(String schema) {
        jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
        jdbc.sql("CREATE SCHEMA " + schema).update();
        for (String table : tables()) {
            // Defaults, constraints and indexes come along; foreign keys do not (they would point at live tables).
            jdbc.sql("CREATE TABLE " + schema + "." + table + " (LIKE public." + table + " INCLUDING ALL)").update();
        }
    }

    private static List<String> tables() {
        List<String> all = new ArrayList<>(PROJECTIONS);
        all.addAll(AS_OF_THE_DAY);
        return all;
    }

    /** Replays the events the day takes, as the rebuild does: in apply order, one apply call per instant. */
    private long replay(DayPrefix prefix, Map<String, EventLog.Stored> lastTaken, Listener listener) {
        ReplayBatches batches = new ReplayBatches(catalogue.separateReplay());
        events.open();
        long read = 0;
        long logged = 0;
        List<EventLog.Stored> rows;
        while (!(rows = events.fetch(FETCH)).isEmpty()) {
            for (EventLog.Stored e : rows) {
                read++;
                if (e.body() == null || prefix.cut(e.siteCode())) {
                    prefix.takes(e.siteCode(), e.sequence(), null);
                    continue;
                }
                var event = events.decode(e.schemaId(), e.body());
                if (!prefix.takes(e.siteCode(), e.sequence(), event.getOccurredAt())) {
                    continue;
                }
                batches.add(new AcceptedEvent(e.siteCode(), e.sequence(), event), e.appliedOrder(), e.receivedAt());
                lastTaken.put(e.siteCode(), e);
            }
            listener.replayed(read, batches.replayed());
            if (read - logged >= LOG_EVERY) {
                logged = read;
                log.info("as-of copy build progress events-read={} events-taken={}", read, batches.replayed());
            }
        }
        long taken = batches.finish();
        events.close();
        return taken;
    }

    /** The copy's cursors: each office that has events in it, at the last one taken. */
    private void cursorsAt(String schema, Map<String, EventLog.Stored> lastTaken) {
        if (lastTaken.isEmpty()) {
            return;
        }
        String[] sites = lastTaken.keySet().toArray(String[]::new);
        jdbc.sql(CURSORS.formatted(schema)).param("sites", sites).update();
        jdbc.sql(CURSORS_AT.formatted(schema)).param("sites", sites)
                .param("sequences", lastTaken.values().stream().mapToLong(EventLog.Stored::sequence).toArray())
                .param("hashes", lastTaken.values().stream().map(EventLog.Stored::hash).toArray(byte[][]::new))
                .param("ats", lastTaken.values().stream().map(e -> e.receivedAt().atOffset(ZoneOffset.UTC).toString())
                        .toArray(String[]::new))
                .update();
    }
}
