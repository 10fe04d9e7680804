package org.archivesync.deploy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Faults of the catalogue database for the chaos scenarios, injected from outside as an operating system would: a
 * PostgreSQL backend found in {@code pg_stat_activity} while it runs a given statement, and killed with SIGKILL. The
 * postmaster then ends every other connection and recovers from its write-ahead log (a crash restart), so the hub sees
 * all its connections fail at once and must retry.
 *
 * <p>Only a live process whose command is {@code postgres} is ever signalled, and only a pid that the catalogue itself
 * listed as one of its backends. A crash of the whole server is {@link ChaosStack#killPostgres()}.
 */
final class PostgresFaults {

    /** An active backend's statement, newest first; the watcher's own query is left out by its pid. */
    private static final String ACTIVE = """
            SELECT pid FROM pg_stat_activity
            WHERE state = 'active' AND pid <> pg_backend_pid() AND query LIKE ?
            ORDER BY query_start DESC LIMIT 1""";

    private PostgresFaults() {
    }

    /**
     * A backend seen running the statement and killed.
     *
     * @param pid  the backend's process id
     * @param at   {@link System#nanoTime()} right after the kill
     */
    record Killed(long pid, long at) {
    }

    /**
     * Watches {@code pg_stat_activity} as fast as it can answer until a backend runs a statement that starts with
     * {@code statementPrefix}, then kills that backend with SIGKILL.
     *
     * @param statementPrefix e.g. {@code "COPY events"} or {@code "COMMIT"}; never null
     * @param stop            the watch ends early when it is set (e.g. the load that was to be interrupted is done);
     *                        never null
     * @param timeout         the longest watch; never null
     * @return the backend killed, or empty when none was seen in time
     */
    static Optional<Killed> killBackendRunning(ChaosStack stack, String statementPrefix, AtomicBoolean stop,
                                                Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Long> pid = awaitRunning(stack, statementPrefix, stop,
                    Duration.ofNanos(deadline - System.nanoTime()));
            if (pid.isEmpty()) {
                return Optional.empty();
            }
            if (killPostgres(pid.get())) {
                return Optional.of(new Killed(pid.get(), System.nanoTime()));
            }
        }
        return Optional.empty();
    }

    /**
     * Watches {@code pg_stat_activity} as fast as it can answer until a backend runs a statement that starts with
     * {@code statementPrefix}.
     *
     * @return the backend's pid, or empty when none was seen before {@code stop} was set or the timeout
     */
    static Optional<Long> awaitRunning(ChaosStack stack, String statementPrefix, AtomicBoolean stop, Duration timeout)
            throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = stack.catalogue(); PreparedStatement s = c.prepareStatement(ACTIVE)) {
            s.setString(1, statementPrefix + "%");
            while (!stop.get() && System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery()) {
                    if (rs.next()) {
                        return Optional.of(rs.getLong(1));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** SIGKILL of one PostgreSQL process; false when it is gone already or is not a {@code postgres} process. */
    static boolean killPostgres(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        process.ifPresent(ProcessHandle::destroyForcibly);
        return process.isPresent();
    }

    /**
     * Waits until the catalogue accepts connections again and is out of recovery.
     *
     * @return {@link System#nanoTime()} when it answered
     * @throws ChaosFailure when it does not within {@code timeout}
     */
    static long awaitAccepting(ChaosStack stack, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try (Connection c = stack.catalogue(); PreparedStatement s = c.prepareStatement(
                    "SELECT pg_is_in_recovery()"); ResultSet rs = s.executeQuery()) {
                if (rs.next() && !rs.getBoolean(1)) {
                    return System.nanoTime();
                }
            } catch (SQLException e) {
                last = e.getMessage();
            }
            Pause.millis(50);
        }
        throw new ChaosFailure("the catalogue database did not accept connections within " + timeout.toSeconds()
                + " s after the kill: " + last);
    }

    /**
     * Waits until the office's events in the catalogue exceed {@code count}: ingest wrote again.
     *
     * @return {@link System#nanoTime()} when it did
     * @throws ChaosFailure when it does not within {@code timeout}
     */
    static long awaitAppliedBeyond(ChaosStack stack, String site, long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (stack.applied(site) > count) {
                    return System.nanoTime();
                }
            } catch (SQLException e) {
                // still recovering
            }
            Pause.millis(50);
        }
        throw new ChaosFailure(site + ": ingest did not resume within " + timeout.toSeconds() + " s ("
                + count + " events applied)");
    }

    /** The site's events in the catalogue, retried while the database recovers. */
    static long appliedWhenUp(ChaosStack stack, String site, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return stack.applied(site);
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new ChaosFailure("the catalogue database is not reachable: " + e.getMessage(), e);
                }
                Pause.millis(50);
            }
        }
    }
}
