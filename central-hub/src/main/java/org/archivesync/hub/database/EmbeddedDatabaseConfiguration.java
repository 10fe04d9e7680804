package org.archivesync.hub.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Starts the embedded PostgreSQL (the one-machine default) and hands the hub a pooled DataSource on it. Flyway and
 * everything else see an ordinary DataSource.
 *
 * <p>The server listens on loopback only and every connection signs in as the superuser {@code postgres} with the
 * password of {@link DatabaseProperties#passwordFile()} (SCRAM, {@link ClusterAuthentication}); a cluster an earlier
 * hub left trusting its local accounts is switched over on start, its data kept.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
@ConditionalOnProperty(name = "archive-sync.hub.database.embedded", havingValue = "true", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    /**
     * The settings with the data directory and password file resolved absolutely: under
     * {@code archive-sync.hub.data-home} when set (an absolute path), else under the user's home directory, never
     * under the working directory.
     */
    static DatabaseProperties resolved(DatabaseProperties properties, Environment environment) {
        String home = environment.getProperty("archive-sync.hub.data-home");
        Path base = home == null || home.isBlank() ? Path.of(System.getProperty("user.home")) : Path.of(home);
        DatabaseProperties resolved = properties.resolvedUnder(base);
        Path besideWorkingDirectory = properties.dataDir().toAbsolutePath().normalize();
        if (!properties.dataDir().isAbsolute() && !besideWorkingDirectory.equals(resolved.dataDir())
                && Files.exists(besideWorkingDirectory.resolve("PG_VERSION")) && !Files.exists(resolved.dataDir())) {
            // A hub of an earlier version kept its catalogue under the working directory.
            log.warn("a catalogue exists under the working directory but the data directory is resolved elsewhere;"
                    + " set archive-sync.hub.data-home or archive-sync.hub.database.data-dir to use it found={} used={}",
                    besideWorkingDirectory, resolved.dataDir());
        }
        return resolved;
    }

    @Bean
    CatalogueLocation catalogueLocation(DatabaseProperties properties, Environment environment) {
        return new CatalogueLocation(resolved(properties, environment).dataDir().toString());
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DatabaseProperties settings, Environment environment) {
        return start(resolved(settings, environment));
    }

    /** Starts the server on {@code properties}, whose paths are absolute. */
    EmbeddedPostgres start(DatabaseProperties properties) {
        try {
            Files.createDirectories(properties.dataDir());
            stopOrphanedServer(properties.dataDir());
            DatabasePassword.Read password = DatabasePassword.readOrCreate(properties.passwordFile());
            // zonky starts PostgreSQL with -F (fsync off) and synchronous_commit off, fine for tests but not for a
            // catalogue whose Kafka offsets are committed after the database commit: a power cut would lose batches
            // the broker already considers consumed. The -c settings come after -F on the command line and win.
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(properties.dataDir())
                    .setCleanDataDirectory(false)
                    .setPort(properties.port())
                    .setServerConfig("max_connections", "50")
                    // PostgreSQL's defaults (128MB, checkpoints every 1GB of WAL) are for a small machine; an import of
                    // a million files writes about 1GB of rows and log. HubIngestBench, 1,000,000 events: 58,100
                    // events/s with these, 36,900 with the defaults.
                    .setServerConfig("shared_buffers", "512MB").setServerConfig("max_wal_size", "4GB")
                    .setServerConfig("checkpoint_timeout", "30min")
                    // Codes (site, fonds, file) are compared on every key insert: the builtin C.UTF-8 locale orders by
                    // code point like libc's C.UTF-8, but compares bytes instead of calling strcoll (about a tenth
                    // less server CPU for a COPY into a table keyed by text, measured). Only a new cluster gets it.
                    .setLocaleConfig("locale-provider", "builtin").setLocaleConfig("builtin-locale", "C.UTF-8")
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    // Loopback only, and no Unix socket: the hub connects over TCP, nobody else needs to.
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "''")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    // After initdb (zonky's runs with -A trust) and before the server opens its port.
                    .setDataDirectoryCustomizer(dir ->
                            ClusterAuthentication.enforce(dir.toPath(), password.value(), password.generated()))
                    // zonky checks readiness by signing in; these go with its connections.
                    .setConnectConfig("password", password.value())
                    .start();
            log.info("embedded postgres started port={} dataDir={}", pg.getPort(), properties.dataDir());
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + properties.dataDir(), e);
        }
    }

    /**
     * A hub killed with {@code kill -9} leaves its PostgreSQL running on the data directory, and the next start would
     * fail on the {@code postmaster.pid} lock. Stop that server (SIGTERM, smart shutdown: its only client died) first.
     */
    static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        } catch (RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (server.isEmpty()) {
            return;
        }
        log.warn("stopping orphaned embedded postgres pid={} dataDir={}", pid, dataDir.toAbsolutePath());
        server.get().destroy();
        try {
            server.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping the orphaned PostgreSQL pid " + pid, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the orphaned PostgreSQL pid " + pid + " on " + dataDir + " did not stop within 60 s", e);
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres pg, DatabaseProperties settings, Environment environment) throws IOException {
        return pool(pg, resolved(settings, environment));
    }

    /** The pool on the server started with {@code properties}, whose paths are absolute. */
    DataSource pool(EmbeddedPostgres pg, DatabaseProperties properties) throws IOException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + pg.getPort() + "/postgres");
        config.setUsername("postgres");
        config.setPassword(DatabasePassword.readOrCreate(properties.passwordFile()).value());
        config.setMaximumPoolSize(10);
        config.setPoolName("catalogue");
        return new HikariDataSource(config);
    }
}
