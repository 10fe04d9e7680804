package org.archivesync.agent.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The agent's single SQLite file: the office's state, the outbox and the site identity.
 *
 * <p>Every connection runs in WAL mode with {@code synchronous=FULL} (a committed transaction survives a power cut),
 * foreign keys on, {@code secure_delete} on (freed pages are zeroed, so overwritten text does not linger in the file)
 * and a busy timeout, so the service and a CLI process can share the file. Write transactions start with
 * {@code BEGIN IMMEDIATE}: the write lock is taken before anything is read, so reading the last sequence and appending
 * the next one can never interleave with another writer. Opening a store applies the numbered migrations in
 * {@code db/agent/} once. Thread-safe: each call uses its own connection.
 */
public final class AgentStore implements AutoCloseable {

    /** Default time a writer waits for another process's lock before failing. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final Path file;
    private final Duration busyTimeout;
    // Held open for the store's lifetime: when the last connection to a WAL database closes, SQLite checkpoints and
    // deletes the WAL, which would cost a checkpoint after every short operation.
    private Connection keeper;

    private AgentStore(DataSource dataSource, Path file, Duration busyTimeout) {
        this.dataSource = dataSource;
        this.file = file;
        this.busyTimeout = busyTimeout;
    }

    /**
     * Opens (creating when absent) the store at {@code file} and migrates it.
     *
     * @param file the SQLite file; parent directories are created (never null)
     */
    public static AgentStore open(Path file) {
        return open(file, DEFAULT_BUSY_TIMEOUT);
    }

    /** As {@link #open(Path)}, waiting at most {@code busyTimeout} for another process's write lock. */
    public static AgentStore open(Path file, Duration busyTimeout) {
        Path absolute = file.toAbsolutePath();
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + absolute, e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) busyTimeout.toMillis());
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + absolute);
        AgentStore store = new AgentStore(ds, absolute, busyTimeout);
        store.migrate();
        return store;
    }

    /**
     * Uses a data source the caller configured (it must point at SQLite); the pragmas are applied to every connection
     * taken from it, then the store is migrated.
     */
    public static AgentStore of(DataSource dataSource) {
        AgentStore store = new AgentStore(dataSource, null, DEFAULT_BUSY_TIMEOUT);
        store.migrate();
        return store;
    }

    /** The SQLite file, or null when the store was built from a data source. */
    public Path file() {
        return file;
    }

    /** The data source, for health checks. Callers outside the store never write through it. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** Work done on a connection inside a transaction or a read. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction: committed when it returns, rolled back when it
     * throws (the exception is rethrown; an {@link SQLException} as a {@link StoreException}).
     */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = connect()) {
            execute(c, "BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                T result = work.run(c);
                execute(c, "COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly(c);
                }
            }
        } catch (SQLException e) {
            throw new StoreException("SQLite transaction failed on " + describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction that is always rolled back: a dry run that sees
     * and checks exactly what the real run would, and leaves nothing. It holds the write lock while it runs.
     */
    public <T> T inRolledBackTransaction(Work<T> work) {
        try (Connection c = connect()) {
            execute(c, "BEGIN IMMEDIATE");
            try {
                return work.run(c);
            } finally {
                rollbackQuietly(c);
            }
        } catch (SQLException e) {
            throw new StoreException("SQLite transaction failed on " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in one read transaction (a consistent snapshot; never blocks the writer in WAL mode). */
    public <T> T read(Work<T> work) {
        try (Connection c = connect()) {
            execute(c, "BEGIN DEFERRED");
            try {
                return work.run(c);
            } finally {
                rollbackQuietly(c);
            }
        } catch (SQLException e) {
            throw new StoreException("SQLite read failed on " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Copies the WAL into the main file (used before reading the file's raw bytes, and on shutdown). */
    public void checkpoint() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        } catch (SQLException e) {
            throw new StoreException("checkpoint failed on " + describe() + ": " + e.getMessage(), e);
        }
    }

    Connection connect() throws SQLException {
        Connection c = dataSource.getConnection();
        try (Statement s = c.createStatement()) {
            // Per-connection settings, repeated here so a caller-supplied data source gets them too.
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA secure_delete = ON");
            s.execute("PRAGMA busy_timeout = " + busyTimeout.toMillis());
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void migrate() {
        try (Connection c = connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode = WAL");
            }
            Migrations.apply(c);
        } catch (SQLException e) {
            throw new StoreException("cannot migrate " + describe() + ": " + e.getMessage(), e);
        }
        try {
            keeper = connect();
        } catch (SQLException e) {
            throw new StoreException("cannot open " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Closes the connection held open; the store must not be used afterwards. */
    @Override
    public synchronized void close() {
        if (keeper != null) {
            try {
                keeper.close();
            } catch (SQLException e) {
                // Closing a SQLite handle fails only if statements are open on it; none ever are.
            }
            keeper = null;
        }
    }

    private String describe() {
        return file != null ? file.toString() : "the configured SQLite data source";
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException ignored) {
            // Nothing was open (the failure came before BEGIN took effect) or the connection is gone: nothing to undo.
        }
    }
}
