package org.archivesync.hub.leader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One active hub per catalogue database: the hub that holds a session-level PostgreSQL advisory lock is the leader
 * (người dẫn) and runs the {@link LeaderWork writers}; any other hub on the same database is a hot standby (dự phòng
 * nóng) that serves the console and the REST API from the shared database and tries the lock again every
 * {@code archive-sync.hub.leader.retry}. When the leader's lock connection closes (the hub stops or dies, or the
 * database ends the session) PostgreSQL releases the lock and a standby takes it at its next try and starts its
 * writers.
 *
 * <p>The lock lives on a connection of its own, opened outside the pool and kept open: a pooled connection goes back
 * to the pool after each transaction and a session lock on it would be held by whoever borrows it next. Every
 * {@code retry} the leader checks that connection; when it is gone, leadership is lost at once: the writers are
 * stopped (fail fast: from then on another hub may hold the lock) and the hub goes back to standby. Between the
 * session ending on the server and that check, both hubs may write for at most about one {@code retry}; ingest's
 * sequence guard and stored positions make a batch applied twice a no-op, and the outbox publisher sends under its
 * own transaction lock.
 *
 * <p>Ingest's consumer joins the hub's group with one static {@code group.instance.id} for the leader's role, the
 * same on every hub of the catalogue ({@code archive-sync.hub.ingest.instance-id}): a hub that takes over, or
 * restarts, takes the previous leader's place in the group at once instead of waiting for its session to expire, and
 * that previous leader's consumer, if it still runs (a paused process waking up), is fenced by Kafka. Ingest reports
 * that ({@link #fenced}); the hub then steps down as when its lock is lost, and waits longer before trying the lock
 * again.
 *
 * <p>With {@code archive-sync.hub.leader.enabled=false} the writers start with the context and no lock is taken.
 */
public final class HubLeadership implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HubLeadership.class);

    /** Advisory lock key: "hubldr" in ASCII. Outbound's transaction lock uses "outbox", another key. */
    static final long LOCK = 0x6875626c6472L;
    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?)";
    private static final int VALID_TIMEOUT_SECONDS = 2;

    /** Where this hub stands. */
    public enum Role {
        /** Holds the lock (or the lock is disabled): the writers run. */
        LEADER,
        /** Another hub holds the lock: the writers are stopped, the lock is tried again every {@code retry}. */
        STANDBY
    }

    private final LeaderProperties properties;
    private final Supplier<Connection> connections;
    private final Supplier<List<LeaderWork>> work;
    private final Clock clock;
    private Connection connection;
    private volatile Role role = Role.STANDBY;
    private volatile Instant since;
    private volatile Thread thread;
    private List<LeaderWork> started = List.of();
    /** Set by {@link #fenced} (on a consumer thread), handled by the loop. */
    private volatile String fenced;
    private volatile String lastLoss;

    /**
     * @param connections opens a connection to the catalogue database outside the pool (see the class comment)
     * @param work        the writers, looked up when this starts
     */
    HubLeadership(LeaderProperties properties, Supplier<Connection> connections, Supplier<List<LeaderWork>> work,
                  Clock clock) {
        this.properties = properties;
        this.connections = connections;
        this.work = work;
        this.clock = clock;
        this.since = clock.instant();
    }

    /** This hub's role now; never null. */
    public Role role() {
        return role;
    }

    /** Whether this hub's writers run now. */
    public boolean leading() {
        return role == Role.LEADER;
    }

    /** When this hub took its current role. */
    public Instant since() {
        return since;
    }

    /** Why this hub last stopped leading while it ran (lock lost, consumer fenced), or null if it never did. */
    public String lastLoss() {
        return lastLoss;
    }

    /**
     * Ingest's consumer was fenced: another consumer joined the hub's group with this hub's static
     * {@code group.instance.id} and took its partitions (a hub that took over while this one was paused or cut off,
     * or, misconfigured, a hub on another database with the same group). Returns at once, on the consumer's thread;
     * with the lock, the leadership loop stops the writers and releases the lock at its next turn (within
     * {@code retry}) and tries the lock again only after ten times {@code retry}, so two hubs fencing each other do not
     * alternate every second. Without the lock nothing else stops: the ingest container stopped itself and readiness says so.
     *
     * @param reason what happened, for the log and health; never null
     */
    public void fenced(String reason) {
        if (properties.enabled() && role == Role.LEADER) {
            fenced = reason;
        }
    }

    /** Whether the lock is taken at all ({@code archive-sync.hub.leader.enabled}). */
    public boolean lockEnabled() {
        return properties.enabled();
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled()) {
            log.info("leader lock disabled, starting the writers without it (archive-sync.hub.leader.enabled=false)");
            lead();
            return;
        }
        // The first try is made now, so a lone hub has its writers running when the context is up, and a writer that
        // refuses to start (the empty-catalogue guard) fails the start as it would without the lock.
        tryToLead();
        Thread t = new Thread(this::loop, "hub-leadership");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void loop() {
        long retry = properties.retry().toMillis();
        long pause = retry;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (thread != Thread.currentThread()) {
                    return;
                }
                String why = fenced;
                fenced = null;
                if (why != null && role == Role.LEADER) {
                    // Holding the lock while fenced: the consumer that took this hub's place does not share its lock,
                    // so it is not another hub of this catalogue database taking over.
                    boolean held = lockAlive();
                    stepDown(why);
                    // One longer wait before the next try: two hubs fencing each other do so every ~10 retries,
                    // with an ERROR each time, not every second.
                    pause = retry * 10;
                    if (held) {
                        log.error("ingest consumer fenced while holding the leader lock: a consumer outside this"
                                + " database's lock uses this hub's group.instance.id; lock released, retrying"
                                + " pauseMillis={} reason={}", pause, why);
                    } else {
                        log.warn("ingest consumer fenced, another hub leads; retrying the lock pauseMillis={}", pause);
                    }
                    continue;
                }
                try {
                    if (role == Role.LEADER) {
                        checkLock();
                    } else {
                        tryToLead();
                    }
                    pause = retry;
                } catch (RuntimeException e) {
                    // A writer refused to start (e.g. the empty-catalogue guard): the lock is released again so that
                    // another hub may lead; this one tries again later, less often.
                    pause = Math.min(Math.max(pause * 2, retry), Math.max(retry, 60_000));
                    log.error("writers did not start on gaining leadership, lock released, retrying pauseMillis={}"
                            + " cause={}", pause, e.toString());
                }
            }
        }
    }

    /**
     * Standby: one try of the lock, on the lock connection (opened again when it was lost); when it is got, the
     * writers start.
     *
     * @throws RuntimeException a writer's, when one did not start; the lock is released and the started ones stopped
     */
    private void tryToLead() {
        boolean got;
        try {
            if (connection == null || connection.isClosed()) {
                connection = connections.get();
            }
            try (PreparedStatement s = connection.prepareStatement(TRY_LOCK)) {
                s.setLong(1, LOCK);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    got = rs.getBoolean(1);
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("leader lock not tried, retrying retryMillis={} cause={}", properties.retry().toMillis(),
                    e.toString());
            closeConnection();
            return;
        }
        if (got) {
            lead();
        }
    }

    /** Leader: the lock is held as long as its session lives. */
    private void checkLock() {
        if (!lockAlive()) {
            stepDown("the leader lock's database connection was lost");
        }
    }

    private boolean lockAlive() {
        try {
            return connection != null && connection.isValid(VALID_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            return false;
        }
    }

    private void lead() {
        fenced = null;
        role = Role.LEADER;
        since = clock.instant();
        List<LeaderWork> writers = new ArrayList<>(work.get());
        // The ingest container (lowest phase) first; stopped in the reverse order.
        writers.sort(Comparator.comparingInt(LeaderWork::getPhase));
        List<LeaderWork> running = new ArrayList<>();
        try {
            for (LeaderWork w : writers) {
                if (w.wanted()) {
                    if (!w.isRunning()) {
                        w.start();
                    }
                    running.add(w);
                }
            }
        } catch (RuntimeException e) {
            started = running;
            role = Role.STANDBY;
            since = clock.instant();
            stopWriters();
            closeConnection();
            throw e;
        }
        started = running;
        log.info("leadership gained, writers started lockEnabled={} writers={}", properties.enabled(), running.size());
    }

    private void stepDown(String reason) {
        lastLoss = reason;
        role = Role.STANDBY;
        since = clock.instant();
        stopWriters();
        closeConnection();
        log.info("leadership lost, writers stopped; back to standby reason={}", reason);
    }

    private void stopWriters() {
        List<LeaderWork> running = new ArrayList<>(started);
        started = List.of();
        for (int i = running.size() - 1; i >= 0; i--) {
            try {
                running.get(i).stop();
            } catch (RuntimeException e) {
                log.warn("writer did not stop cleanly writer={} cause={}", running.get(i).getClass().getSimpleName(),
                        e.toString());
            }
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("leader lock connection did not close cleanly cause={}", e.toString());
            }
            connection = null;
        }
    }

    /** Stops the writers first, then releases the lock (closing its connection), so a standby starts only after. */
    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
        }
        synchronized (this) {
            boolean wasLeading = role == Role.LEADER;
            role = Role.STANDBY;
            stopWriters();
            closeConnection();
            if (wasLeading && properties.enabled()) {
                log.info("leadership released, writers stopped reason=shutdown");
            }
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null || (!properties.enabled() && role == Role.LEADER);
    }

    /** Stopped first on shutdown (with the other writers' default phase), started after the web server. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
