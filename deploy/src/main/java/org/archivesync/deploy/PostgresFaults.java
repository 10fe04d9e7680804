package org.archivesync.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Faults of the catalogue database for the chaos scenarios, injected from outside as an operating system would: a
 * PostgreSQL backend found in {@code pg_stat_activity} while it runs a given statement, and killed with SIGKILL. The
 * postmaster then ends every other connection and recovers from its write-ahead log (a crash restart), so the hub sees
 * all its connections fail at once and must retry.
 *
 * <p>Or the whole server is killed as a crash would ({@link #killServer}) and started again with its own command line,
 * as a supervisor would ({@link #restartServer}): PostgreSQL then recovers from its WAL on start.
 *
 * <p>Only a live process whose command is {@code postgres} is ever signalled: a pid that the catalogue itself listed
 * as one of its backends, or the postmaster that holds the given data directory and its children.
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
            Optional<Long> pid = awaitRunning(stack, statementPrefix, stop, Duration.ofNanos(deadline - System.nanoTime()));
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

    /**
     * The whole PostgreSQL server on a data directory, as it was started: its postmaster's command line and
     * environment (read from {@code /proc}), so a supervisor can start it again the same way after a crash.
     *
     * @param postmaster the postmaster's pid when it was captured
     */
    record Server(long postmaster, List<String> command, Map<String, String> environment, Path dataDir) {
    }

    /**
     * Kills the server that holds {@code dataDir} as a crash would: the postmaster and every process of it at once,
     * with SIGKILL (no shutdown checkpoint, the data directory keeps its {@code postmaster.pid}). Returns once they
     * are all gone.
     *
     * @return how to start it again
     * @throws ChaosFailure when no server holds the directory
     */
    static Server killServer(Path dataDir) throws IOException {
        ProcessHandle postmaster = OrphanPostgres.find(dataDir)
                .orElseThrow(() -> new ChaosFailure("no PostgreSQL server runs on " + dataDir));
        Path proc = Path.of("/proc", Long.toString(postmaster.pid()));
        List<String> command = nulSeparated(Files.readAllBytes(proc.resolve("cmdline")));
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : nulSeparated(Files.readAllBytes(proc.resolve("environ")))) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        List<ProcessHandle> children = postmaster.children().toList();
        postmaster.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : concat(postmaster, children)) {
            try {
                p.onExit().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while killing PostgreSQL", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new LocalStackException("PostgreSQL process " + p.pid() + " did not die within 30 s", e);
            }
        }
        return new Server(postmaster.pid(), command, environment, dataDir);
    }

    /**
     * Starts a killed server again with its own command line, as a supervisor (systemd, Kubernetes) would: PostgreSQL
     * finds the stale lock of a dead postmaster, removes it and recovers from its WAL. Its output is appended to
     * {@code log}. It is stopped like the hub's own server ({@link OrphanPostgres#stop}).
     */
    static Process restartServer(Server server, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString());
        }
        command.addAll(server.command());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().putAll(server.environment());
        return builder.start();
    }

    private static List<String> nulSeparated(byte[] bytes) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                parts.add(new String(bytes, from, i - from, StandardCharsets.UTF_8));
                from = i + 1;
            }
        }
        if (from < bytes.length) {
            parts.add(new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8));
        }
        return parts;
    }

    private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
        List<ProcessHandle> all = new ArrayList<>(rest);
        all.add(0, first);
        return all;
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
