package org.archivesync.hub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/** The hub's embedded PostgreSQL asks for its generated password and is reachable on loopback only. */
class EmbeddedDatabaseAccessTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path home;

    @Test
    void refusesAPasswordlessSuperuserAndAcceptsTheGeneratedPassword() throws Exception {
        var configuration = new EmbeddedDatabaseConfiguration();
        var properties = new DatabaseProperties(true, home.resolve("pgdata"), 0, null);
        try (EmbeddedPostgres pg = configuration.start(properties)) {
            Path passwordFile = home.resolve("db-password");
            assertThat(properties.passwordFile()).isEqualTo(passwordFile.toAbsolutePath());
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .isEqualTo("rw-------");
            String password = Files.readAllLines(passwordFile, StandardCharsets.US_ASCII).get(0);
            assertThat(password).hasSizeGreaterThanOrEqualTo(32);

            assertRefused(pg.getPort(), null);
            assertRefused(pg.getPort(), "");
            assertRefused(pg.getPort(), "postgres");
            try (Connection c = connect(pg.getPort(), password); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT current_user")).isEqualTo("postgres");
                assertThat(single(s, "SHOW listen_addresses")).isEqualTo("localhost");
                assertThat(single(s, "SHOW unix_socket_directories")).isEmpty();
                assertThat(single(s, "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'"))
                        .startsWith("SCRAM-SHA-256$");
            }
            assertThat(listeningAddresses(pg.getPort())).as("addresses PostgreSQL listens on").isNotEmpty()
                    .allMatch(InetAddress::isLoopbackAddress);

            DataSource hubs = configuration.pool(pg, properties);
            try (Connection c = hubs.getConnection(); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT 1")).isEqualTo("1");
            } finally {
                ((AutoCloseable) hubs).close();
            }
        }
    }

    @Test
    void aClusterAnEarlierHubLeftTrustingIsUpgradedInPlace() throws Exception {
        Path dataDir = home.resolve("pgdata");
        // What earlier hubs did: zonky's defaults, initdb -A trust, no password.
        try (EmbeddedPostgres earlier = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false)
                .start(); Connection c = earlier.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (id int)");
            s.execute("INSERT INTO kept VALUES (42)");
        }
        var properties = new DatabaseProperties(true, dataDir, 0, home.resolve("secrets/catalogue-password"));
        try (EmbeddedPostgres pg = new EmbeddedDatabaseConfiguration().start(properties)) {
            assertRefused(pg.getPort(), null);
            try (Connection c = connect(pg.getPort(), passwordIn(properties)); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT id FROM kept")).isEqualTo("42");
            }
        }
        assertThat(Files.readString(dataDir.resolve("pg_hba.conf"))).startsWith(ClusterAuthentication.MARKER)
                .doesNotContain("trust");

        // The next start finds the cluster as it left it: same password, still refused without it.
        String first = passwordIn(properties);
        try (EmbeddedPostgres pg = new EmbeddedDatabaseConfiguration().start(properties)) {
            assertRefused(pg.getPort(), null);
            assertThat(passwordIn(properties)).isEqualTo(first);
            try (Connection c = connect(pg.getPort(), first); Statement s = c.createStatement()) {
                assertThat(single(s, "SELECT id FROM kept")).isEqualTo("42");
            }
        }
    }

    @Test
    void aDeletedPasswordFileGetsANewPasswordThatTheClusterTakes() throws Exception {
        var properties = new DatabaseProperties(true, home.resolve("pgdata"), 0, null);
        new EmbeddedDatabaseConfiguration().start(properties).close();
        String old = passwordIn(properties);
        Files.delete(properties.passwordFile());
        try (EmbeddedPostgres pg = new EmbeddedDatabaseConfiguration().start(properties)) {
            String renewed = passwordIn(properties);
            assertThat(renewed).isNotEqualTo(old);
            assertRefused(pg.getPort(), old);
            try (Connection c = connect(pg.getPort(), renewed)) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
    }

    private static String passwordIn(DatabaseProperties properties) throws Exception {
        return Files.readAllLines(properties.passwordFile(), StandardCharsets.US_ASCII).get(0);
    }

    private static Connection connect(int port, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", p);
    }

    /** Signing in as the superuser fails: no password, an empty one or a wrong one. */
    private static void assertRefused(int port, String password) {
        assertThatThrownBy(() -> connect(port, password).close()).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(e.getMessage())
                        .isIn("28P01", "08004"));
    }

    /** Local addresses of the sockets listening on {@code port}, from the kernel's tables (Linux). */
    private static List<InetAddress> listeningAddresses(int port) throws Exception {
        Path tcp = Path.of("/proc/net/tcp");
        assumeTrue(Files.isReadable(tcp), "no /proc/net/tcp: not Linux");
        List<InetAddress> addresses = new ArrayList<>();
        for (Path table : List.of(tcp, Path.of("/proc/net/tcp6"))) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table).subList(1, Files.readAllLines(table).size())) {
                String[] fields = line.strip().split("\\s+");
                String[] local = fields[1].split(":");
                if (fields[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
                    addresses.add(InetAddress.getByAddress(kernelOrder(HexFormat.of().parseHex(local[0]))));
                }
            }
        }
        return addresses;
    }

    /** The kernel prints each 32-bit word of an address in host (little-endian) order. */
    private static byte[] kernelOrder(byte[] raw) {
        byte[] address = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                address[word + i] = raw[word + 3 - i];
            }
        }
        return address;
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
