package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link PostgresServer}: a real PostgreSQL 18 crashed, its backend killed, frozen and started again. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresServerTest {

    private final Path dir = Path.of("target", "postgres-server").toAbsolutePath();
    private PostgresServer pg;

    @BeforeEach
    void fresh() throws Exception {
        OrphanPostgres.stop(dir.resolve("pgdata"), Duration.ofSeconds(30));
        DemoMain.deleteTree(dir);
        pg = new PostgresServer(dir, 0).start();
    }

    @AfterEach
    void stop() {
        if (pg != null) {
            pg.resume();
            pg.close();
        }
    }

    @Test
    void committedRowsSurviveAKillOfEveryProcessAndTheRestartRecovers() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE files (code text PRIMARY KEY)");
            s.execute("INSERT INTO files VALUES ('HS.00001'), ('HS.00002')");
        }
        long postmaster = pg.postmaster().orElseThrow().pid();
        assertThat(pg.pids()).as("postmaster and its workers").hasSizeGreaterThan(3).contains(postmaster);

        pg.kill();

        assertThat(ProcessHandle.of(postmaster).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(pg.isRunning()).isFalse();
        assertThatThrownBy(this::connect).isInstanceOf(SQLException.class);
        int port = pg.port();
        pg.start();
        assertThat(pg.port()).isEqualTo(port);
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM files")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
        assertThat(Files.readString(pg.logFile())).contains("database system was interrupted")
                .containsIgnoringCase("redo");
    }

    @Test
    void killingTheBackendOfAMatchingStatementResetsConnectionsAndPostgresRecoversByItself() throws Exception {
        Connection victim = connect();
        CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
            try (Statement s = victim.createStatement()) {
                s.execute("SELECT pg_sleep(60) /* chaos-copy */");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        Optional<PostgresServer.KilledBackend> killed =
                pg.killBackendRunning(q -> q.contains("chaos-copy"), Duration.ofSeconds(30));

        assertThat(killed).hasValueSatisfying(k -> assertThat(k.query()).contains("pg_sleep"));
        assertThat(sleeping).failsWithin(Duration.ofSeconds(30));
        victim.close();
        await("PostgreSQL accepts connections again").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> {
                    try (Connection c = connect()) {
                        return c.isValid(2);
                    }
                });
        assertThat(pg.killBackendRunning(q -> q.contains("nothing runs this"), Duration.ofMillis(50))).isEmpty();
    }

    @Test
    void aPausedServerAnswersNothingUntilResumed() throws Exception {
        pg.pause();
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl() + "&loginTimeout=2&connectTimeout=2"))
                .isInstanceOf(SQLException.class);
        pg.resume();
        try (Connection c = connect()) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrlWithoutCredentials(), "postgres", "guess"))
                .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrlWithoutCredentials(), "postgres", ""))
                .isInstanceOf(SQLException.class);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl() + "&connectTimeout=5");
    }
}
