package org.archivesync.hub.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * One real PostgreSQL per test JVM (zonky's PostgreSQL 18 binaries), and a fresh database per caller, so test classes
 * never see each other's rows and pay the server start-up once.
 */
public final class TestDatabase {

    private static EmbeddedPostgres server;

    private TestDatabase() {
    }

    /** The shared server, started on first use and stopped with the JVM. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                // The same cluster settings as the hub's embedded catalogue (EmbeddedDatabaseConfiguration).
                server = EmbeddedPostgres.builder().setServerConfig("max_connections", "200")
                        .setServerConfig("shared_buffers", "512MB").setServerConfig("max_wal_size", "4GB")
                        .setServerConfig("checkpoint_timeout", "30min")
                        .setLocaleConfig("locale-provider", "builtin").setLocaleConfig("builtin-locale", "C.UTF-8")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // The JVM is going away; the temp directory goes with target/.
                }
            }));
        }
        return server;
    }

    /** Creates an empty database and returns its JDBC URL (user postgres, no password). */
    public static String newDatabase() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return server().getJdbcUrl("postgres", name);
    }
}
