package org.archivesync.deploy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A PostgreSQL server for the chaos suite, the same PostgreSQL 18 binaries (zonky) as the hub's embedded database but
 * run by the suite, so it can crash it, kill one backend, freeze it and start it again while the hub runs against it
 * ({@code archive-sync.hub.database.embedded=false}, {@link HubProcess.Settings#withExternalDatabase}).
 *
 * <p>The data directory ({@code <dir>/pgdata}) is kept between starts: {@link #kill()} then {@link #start()} is a
 * crash and PostgreSQL's crash recovery from the WAL. Durability is on as in production (fsync, synchronous commit,
 * full page writes), unlike zonky's test defaults, so a crash loses only what was not committed.
 *
 * <p>Who may use it: it listens on 127.0.0.1 only, without a Unix socket, and every TCP connection signs in with
 * SCRAM as the superuser {@code postgres} with the password generated into {@code <dir>/db-password} (owner-only) on
 * the first start. A local account without that file cannot sign in; hostile input is PostgreSQL's own concern.
 */
final class PostgresServer implements AutoCloseable {

    static final String USER = "postgres";
    private static final String DATABASE = "postgres";
    /** The backends of client connections, not PostgreSQL's own workers. */
    private static final String ACTIVE_BACKENDS = """
            SELECT pid, coalesce(query, '') AS query FROM pg_stat_activity
            WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()""";

    private final Path dir;
    private final int port;
    private EmbeddedPostgres server;

    /** What {@link #killBackendRunning} killed: the backend's pid and the statement it was running. */
    record KilledBackend(long pid, String query) {
    }

    /**
     * @param dir holds {@code pgdata/}, {@code db-password} and {@code postgres.log}; created when missing; never null
     * @param port the TCP port on 127.0.0.1, kept across restarts so clients reconnect to the same address; 0 picks a
     *             free one now
     */
    PostgresServer(Path dir, int port) {
        this.dir = dir.toAbsolutePath().normalize();
        this.port = port == 0 ? Ports.free() : port;
    }

    /**
     * Starts the server (initdb on the first start, crash recovery after {@link #kill()}) and returns once it accepts
     * connections.
     *
     * @return this server
     * @throws LocalStackException when it is already running or does not start
     */
    synchronized PostgresServer start() {
        if (server != null) {
            throw new LocalStackException("PostgreSQL on " + dataDir() + " is already running");
        }
        try {
            Files.createDirectories(dataDir());
            String password = password();
            Path passwordFile = dir.resolve("initdb-password");
            // initdb reads the superuser's password from a file (removed once initdb has run).
            Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
            owner(passwordFile);
            try {
                server = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir())
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        // zonky runs initdb with -A trust; these come later on its command line and win.
                        .setLocaleConfig("auth-host", "scram-sha-256")
                        .setLocaleConfig("auth-local", "scram-sha-256")
                        .setLocaleConfig("pwfile", passwordFile.toString())
                        .setServerConfig("max_connections", "50")
                        // zonky's -F (fsync off) and synchronous_commit off come earlier and lose; a crash test needs
                        // the durability production has.
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on")
                        .setServerConfig("full_page_writes", "on")
                        .setServerConfig("listen_addresses", "localhost")
                        .setServerConfig("unix_socket_directories", "''")
                        .setServerConfig("password_encryption", "scram-sha-256")
                        .setConnectConfig("password", password)
                        .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                        .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                        .start();
            } finally {
                Files.deleteIfExists(passwordFile);
            }
            return this;
        } catch (IOException | RuntimeException e) {
            server = null;
            throw new LocalStackException("PostgreSQL did not start on " + dataDir() + ": " + e.getMessage() + "; "
                    + ChildJvm.tail(logFile(), 8), e);
        }
    }

    /** The JDBC URL with user and password, for the suite's own checks. */
    String jdbcUrl() {
        return jdbcUrlWithoutCredentials() + "?user=" + USER + "&password="
                + URLEncoder.encode(password(), StandardCharsets.UTF_8);
    }

    /** {@code jdbc:postgresql://localhost:<port>/postgres}, for {@code spring.datasource.url}. */
    String jdbcUrlWithoutCredentials() {
        return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
    }

    /** The superuser's password (generated on first use, owner-only file). */
    String password() {
        Path file = passwordFile();
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n",
                        StandardCharsets.UTF_8);
                owner(file);
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8).get(0).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    Path passwordFile() {
        return dir.resolve("db-password");
    }

    int port() {
        return port;
    }

    Path dataDir() {
        return dir.resolve("pgdata");
    }

    /** The server's output (startup, crash recovery, backends terminated). */
    Path logFile() {
        return dir.resolve("postgres.log");
    }

    synchronized boolean isRunning() {
        return server != null && postmaster().isPresent();
    }

    /** The postmaster, from {@code postmaster.pid}, while it runs. */
    Optional<ProcessHandle> postmaster() {
        return OrphanPostgres.find(dataDir());
    }

    /** The postmaster's pid and those of all its backends and workers; empty when it does not run. */
    List<Long> pids() {
        return postmaster().map(Signals::withDescendants).orElse(List.of());
    }

    /**
     * A crash: SIGKILL to the postmaster and every backend at once, nothing flushed. The next {@link #start()} runs
     * crash recovery. Returns once they are gone. Does nothing when it does not run.
     */
    synchronized void kill() {
        Optional<ProcessHandle> postmaster = postmaster();
        if (postmaster.isPresent()) {
            List<ProcessHandle> all = new java.util.ArrayList<>(List.of(postmaster.get()));
            postmaster.get().descendants().forEach(all::add);
            // Frozen first, so no backend sees the postmaster die and ends on its own ("terminating connection due to
            // unexpected postmaster exit") before its own SIGKILL arrives: all of them die as in one power cut.
            try {
                Signals.send(Signals.Signal.STOP, all.stream().map(ProcessHandle::pid).toList());
            } catch (LocalStackException e) {
                // A backend ended meanwhile; the others are stopped all the same.
            }
            all.forEach(ProcessHandle::destroyForcibly);
            all.forEach(p -> awaitExit(p, Duration.ofSeconds(30)));
        }
        release();
    }

    /**
     * Kills the first active client backend whose statement matches, as soon as one is seen: polls
     * {@code pg_stat_activity} about every millisecond. PostgreSQL then ends every other connection too, recovers by
     * itself and accepts connections again a moment later (as after a backend crash in production).
     *
     * @param query tests the statement text of an active backend (e.g. {@code q -> q.startsWith("COPY")}); never null
     * @param timeout how long to look; never null
     * @return the backend killed, or empty when none matched in time
     */
    Optional<KilledBackend> killBackendRunning(Predicate<String> query, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection c = DriverManager.getConnection(jdbcUrl());
             PreparedStatement active = c.prepareStatement(ACTIVE_BACKENDS)) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = active.executeQuery()) {
                    while (rs.next()) {
                        String statement = rs.getString("query");
                        if (query.test(statement)) {
                            long pid = rs.getLong("pid");
                            Optional<ProcessHandle> backend = ProcessHandle.of(pid);
                            if (backend.isPresent() && backend.get().destroyForcibly()) {
                                return Optional.of(new KilledBackend(pid, statement));
                            }
                        }
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new LocalStackException("cannot watch PostgreSQL's backends on port " + port + ": "
                    + e.getMessage(), e);
        }
    }

    /** SIGSTOP to the postmaster and every backend: connections stay open, nothing answers. */
    void pause() {
        List<Long> pids = pids();
        if (pids.isEmpty()) {
            throw new LocalStackException("PostgreSQL on " + dataDir() + " is not running");
        }
        Signals.send(Signals.Signal.STOP, pids);
    }

    /** SIGCONT to the postmaster and every backend. */
    void resume() {
        Signals.send(Signals.Signal.CONT, pids());
    }

    /** Stops the server cleanly (a paused one is resumed first). Idempotent. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        List<Long> pids = pids();
        if (!pids.isEmpty()) {
            Signals.send(Signals.Signal.CONT, pids);
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL on " + dataDir(), e);
        } finally {
            server = null;
        }
    }

    /** After a crash: lets go of zonky's lock on the data directory, so the next start can take it. */
    private void release() {
        if (server == null) {
            return;
        }
        try {
            // pg_ctl stop finds no server and fails; zonky logs it and still releases its lock.
            server.close();
        } catch (IOException | RuntimeException e) {
            // The server is gone either way.
        } finally {
            server = null;
        }
    }

    private static void awaitExit(ProcessHandle p, Duration timeout) {
        try {
            p.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting for PostgreSQL to die", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new LocalStackException("PostgreSQL process " + p.pid() + " did not die within " + timeout, e);
        }
    }

    private static void owner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the file stays in the suite's own directory.
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on localhost:" + port + " (" + dataDir() + ")";
    }
}
