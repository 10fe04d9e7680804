package org.archivesync.hub.asof;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The catalogue as of a past day from copies kept in schemas of their own (see {@link CopyBuilder}), at most
 * {@code max-copies} of them. A read makes sure its day's copy is current (see {@link CopyState} for when it is not),
 * builds it when not, then runs the work in a read-only transaction of its own with the copy first on the
 * {@code search_path}.
 *
 * <p>Readers of a day share its copy; a build waits for them and they for it, so a copy is never read half built and
 * concurrent readers of a stale day build it once. One build runs at a time (each replays the log). Copies are known
 * to this process only: one hub serves a database.
 */
final class AsOfCopies implements CatalogueAt {

    private static final Logger log = LoggerFactory.getLogger(AsOfCopies.class);
    /** The events of one office looked at in one statement when deciding whether a copy is current. */
    private static final int LOOK_AT = 100;
    private static final String COPIES = """
            SELECT nspname FROM pg_namespace WHERE nspname ~ '^as_of_[0-9]{8}$' ORDER BY nspname""";
    private static final String EXISTS = "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = :schema)";

    private final JdbcClient jdbc;
    private final EventLog events;
    private final CopyBuilder builder;
    private final TransactionOperations reads;
    private final TransactionOperations writes;
    private final Clock clock;
    private final int maxCopies;
    private final CopyBuilder.Listener listener;
    private final Map<LocalDate, Copy> copies = new ConcurrentHashMap<>();
    private final ReentrantLock building = new ReentrantLock();
    private final AtomicLong readCount = new AtomicLong();

    /** One day's copy: its lock, what it knows of the log (null until built) and when it was last read. */
    private static final class Copy {
        final LocalDate day;
        final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
        volatile CopyState state;
        volatile boolean dropped;
        volatile long lastRead;

        Copy(LocalDate day) {
            this.day = day;
        }
    }

    /**
     * @param reads read-only transactions of their own ({@code REQUIRES_NEW}): the work's statements join them
     * @param writes transactions for dropping copies
     * @param listener told of each build's progress (tests pause a build there)
     */
    AsOfCopies(JdbcClient jdbc, EventLog events, CopyBuilder builder, TransactionOperations reads,
               TransactionOperations writes, Clock clock, int maxCopies, CopyBuilder.Listener listener) {
        this.jdbc = jdbc;
        this.events = events;
        this.builder = builder;
        this.reads = reads;
        this.writes = writes;
        this.clock = clock;
        this.maxCopies = maxCopies;
        this.listener = listener;
    }

    @Override
    public <T> T read(LocalDate day, Supplier<T> work) {
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(work, "work");
        if (!day.isBefore(clock.instant().atZone(DayPrefix.VIETNAM).toLocalDate())) {
            return work.get();
        }
        while (true) {
            Copy copy = copies.computeIfAbsent(day, Copy::new);
            copy.lock.readLock().lock();
            try {
                if (copy.dropped) {
                    continue;
                }
                if (copy.state != null && current(copy)) {
                    return inCopy(copy, work);
                }
            } catch (CopyGone e) {
                copy.state = null;
                continue;
            } finally {
                copy.lock.readLock().unlock();
            }
            copy.lock.writeLock().lock();
            try {
                if (copy.dropped) {
                    continue;
                }
                if (copy.state == null || !current(copy)) {
                    build(copy);
                }
                // Keeps the copy as built for this read: a reader may come in, another build may not.
                copy.lock.readLock().lock();
            } finally {
                copy.lock.writeLock().unlock();
            }
            try {
                dropBeyondLimit(copy.day);
                return inCopy(copy, work);
            } catch (CopyGone e) {
                copy.state = null;
            } finally {
                copy.lock.readLock().unlock();
            }
        }
    }

    /** The copy's schema was dropped by another process: without it, the search_path would fall back to live tables. */
    private static final class CopyGone extends RuntimeException {
        CopyGone() {
            super(null, null, false, false);
        }
    }

    private <T> T inCopy(Copy copy, Supplier<T> work) {
        copy.lastRead = readCount.incrementAndGet();
        String schema = CopyBuilder.schema(copy.day);
        return reads.execute(tx -> {
            jdbc.sql("SELECT pg_advisory_xact_lock_shared(:key)").param("key", CopyBuilder.lockKey(copy.day))
                    .query((rs, n) -> 1).list();
            if (!jdbc.sql(EXISTS).param("schema", schema).query(Boolean.class).single()) {
                throw new CopyGone();
            }
            jdbc.sql("SET LOCAL search_path TO " + schema + ", public").update();
            return work.get();
        });
    }

    private void build(Copy copy) {
        building.lock();
        try {
            copy.state = null;
            copy.state = builder.build(copy.day, listener);
        } finally {
            building.unlock();
        }
    }

    /**
     * Whether the copy still shows the day as the log now tells it; learns, on the way, which quiet offices have
     * since passed the day.
     */
    private boolean current(Copy copy) {
        synchronized (copy) {
            CopyState state = copy.state;
            if (state.redactedSince(events.newestRedaction())) {
                log.info("as-of copy stale day={} reason=redaction", copy.day);
                return false;
            }
            Map<String, Long> cursors = events.cursors();
            for (String site : state.toLookAt(cursors)) {
                CopyState.Look look;
                do {
                    List<CopyState.Next> next = events.next(site, state.seen().getOrDefault(site, 0L), LOOK_AT);
                    look = state.look(site, next);
                    if (look.stale()) {
                        log.info("as-of copy stale day={} reason=late-event siteCode={}", copy.day, site);
                        return false;
                    }
                    state = look.state();
                } while (!state.cut().contains(site) && state.seen().getOrDefault(site, 0L) < cursors.get(site));
            }
            copy.state = state;
            return true;
        }
    }

    /** Drops the least recently read copies beyond the limit; a copy being read now is left for another time. */
    private void dropBeyondLimit(LocalDate keep) {
        List<String> schemas = jdbc.sql(COPIES).query(String.class).list();
        int excess = schemas.size() - maxCopies;
        if (excess <= 0) {
            return;
        }
        String kept = CopyBuilder.schema(keep);
        List<Copy> known = new ArrayList<>(copies.values());
        List<String> unknown = new ArrayList<>(schemas);
        known.forEach(c -> unknown.remove(CopyBuilder.schema(c.day)));
        // Left by an earlier run of the hub first, then the least recently read.
        for (String schema : unknown) {
            if (excess > 0 && !schema.equals(kept)) {
                drop(schema);
                excess--;
            }
        }
        known.sort(Comparator.comparingLong(c -> c.lastRead));
        for (Copy c : known) {
            if (excess <= 0) {
                return;
            }
            if (c.day.equals(keep) || !schemas.contains(CopyBuilder.schema(c.day)) || !c.lock.writeLock().tryLock()) {
                continue;
            }
            try {
                drop(CopyBuilder.schema(c.day));
                c.dropped = true;
                copies.remove(c.day, c);
                excess--;
            } finally {
                c.lock.writeLock().unlock();
            }
        }
    }

    private void drop(String schema) {
        LocalDate day = LocalDate.parse(schema.substring(CopyBuilder.SCHEMA_PREFIX.length()),
                java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
        writes.executeWithoutResult(tx -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", CopyBuilder.lockKey(day)).query((rs, n) -> 1)
                    .list();
            jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
        });
        log.info("as-of copy dropped schema={} max-copies={}", schema, maxCopies);
    }
}
