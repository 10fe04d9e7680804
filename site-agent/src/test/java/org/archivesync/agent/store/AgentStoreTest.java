package org.archivesync.agent.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.archivesync.agent.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;

class AgentStoreTest {

    static Object pragma(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
            rs.next();
            return rs.getObject(1);
        }
    }

    @Test
    void everyConnectionIsWalWithFullSyncForeignKeysAndABusyTimeout() throws Exception {
        AgentStore store = AgentStore.open(TestPaths.database("pragmas"));
        try (Connection c = store.connect()) {
            assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(c, "synchronous")).isEqualTo(2); // FULL
            assertThat(pragma(c, "foreign_keys")).isEqualTo(1);
            assertThat(pragma(c, "secure_delete")).isEqualTo(1);
            assertThat(((Number) pragma(c, "busy_timeout")).longValue()).isEqualTo(AgentStore.DEFAULT_BUSY_TIMEOUT.toMillis());
        }
        store.close();
    }

    @Test
    void aCallerSuppliedDataSourceGetsThePragmasToo() throws Exception {
        SQLiteDataSource plain = new SQLiteDataSource();
        plain.setUrl("jdbc:sqlite:" + TestPaths.database("datasource"));
        AgentStore store = AgentStore.of(plain);
        try (Connection c = store.connect()) {
            assertThat(pragma(c, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(c, "synchronous")).isEqualTo(2);
            assertThat(pragma(c, "foreign_keys")).isEqualTo(1);
        }
        store.close();
    }

    @Test
    void migrationsRunOnceAndAreRecordedInSchemaVersion() {
        Path db = TestPaths.database("migrations");
        AgentStore.open(db).close();
        AgentStore store = AgentStore.open(db);

        List<String> applied = store.read(c -> {
            List<String> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version, script FROM schema_version ORDER BY version")) {
                while (rs.next()) {
                    out.add(rs.getInt(1) + ":" + rs.getString(2));
                }
            }
            return out;
        });
        assertThat(applied).containsExactly("1:V1__agent.sql", "2:V2__scans.sql", "3:V3__hub_refusals.sql", "4:V4__local_accounts.sql",
                "5:V5__key_rotations.sql", "6:V6__secret_redactions.sql", "7:V7__records_model.sql", "8:V8__forks.sql");
        assertThat(Migrations.scripts()).extracting(Migrations.Script::version).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        store.close();
    }

    @Test
    void foreignKeysAreEnforced() {
        AgentStore store = AgentStore.open(TestPaths.database("fk"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO boxes (box_code, fonds_code, metres, state, last_sequence) "
                        + "VALUES ('H', 'NO-SUCH-FONDS', '0.10', 'PACKED', 1)");
            }
        })).isInstanceOf(StoreException.class).hasMessageContaining("FOREIGN KEY");
        store.close();
    }

    @Test
    void theSchemaRefusesDescriptiveTextOnASecretFileWhateverWritesIt() {
        AgentStore store = AgentStore.open(TestPaths.database("secret-check"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO fonds VALUES ('F', 'n', 'b', NULL, NULL, NULL, 0, 1)");
                return s.executeUpdate("INSERT INTO files (fonds_code, file_code, title, retention, access_regime, "
                        + "secret_level, status, last_sequence) VALUES ('F', 'X', 'tiêu đề', 'PERMANENT', 'STATE_SECRET', "
                        + "'SECRET', 'ACTIVE', 2)");
            }
        })).isInstanceOf(StoreException.class).hasMessageContaining("CHECK");
        store.close();
    }

    /** A store as V6 left it, with the finding of issue 16 in it: fonds A's H001 moved to fonds B by a repack. */
    static Path storeAtV6(String name) throws Exception {
        Path db = TestPaths.database(name);
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("""
                    CREATE TABLE schema_version (version INTEGER PRIMARY KEY, description TEXT NOT NULL,
                        script TEXT NOT NULL, applied_at INTEGER NOT NULL)""");
            for (Migrations.Script script : Migrations.scripts().subList(0, 6)) {
                String text;
                try (var in = AgentStoreTest.class.getClassLoader().getResourceAsStream("db/agent/" + script.name())) {
                    text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
                for (String statement : Migrations.statements(text)) {
                    s.execute(statement);
                }
                s.execute("INSERT INTO schema_version VALUES (" + script.version() + ", 'd', '" + script.name() + "', 0)");
            }
            s.execute("INSERT INTO fonds VALUES ('A', 'a', 'a', NULL, NULL, NULL, 0, 1), ('B', 'b', 'b', NULL, NULL, NULL, 0, 2)");
            s.execute("INSERT INTO storage_locations (location_code, name, last_sequence) VALUES ('KHO-1', 'Kho', 3)");
            s.execute("""
                    INSERT INTO boxes (box_code, fonds_code, location_code, metres, state, seal_number, custody, last_sequence)
                    VALUES ('H001', 'B', 'KHO-1', '0.10', 'SEALED', 'NP-1', 'AT_SITE', 5),
                           ('H002', 'A', NULL, '0.10', 'SEALED', 'NP-2', 'HANDED_OVER', 6)""");
            s.execute("""
                    INSERT INTO files (fonds_code, file_code, box_code, title, start_date, retention, retention_years,
                        access_regime, status, last_sequence)
                    VALUES ('A', 'HS-1', 'H001', 'Hồ sơ', '2003-06-12', 'FIXED_TERM', 10, 'OPEN', 'ACTIVE', 7),
                           ('A', 'HS-2', 'H002', NULL, NULL, 'PERMANENT', NULL, 'OPEN', 'HANDED_OVER', 8)""");
            s.execute("INSERT INTO appraisals VALUES ('A', 'HS-1', 'DESTROY', NULL, NULL, '2025-06-01', 9)");
            s.execute("INSERT INTO extents VALUES ('A', '10.00', '20.00', '1.00', '2025-06-01', 10)");
            s.execute("""
                    INSERT INTO handovers (handover_id, direction, minutes_number, metres, handed_over_on, last_sequence)
                    VALUES ('h-1', 'SENT', 'BB-1', '0.10', '2025-06-02', 11)""");
            s.execute("INSERT INTO handover_items VALUES ('h-1', 'SENT', 'BOX', 'H002', NULL, NULL)");
        }
        return db;
    }

    @Test
    void v7KeysBoxesByFondsKeepsEveryRowAndGivesAMovedBoxBackToItsFonds() throws Exception {
        AgentStore store = AgentStore.open(storeAtV6("v7"));
        List<String> rows = store.read(c -> {
            List<String> out = new ArrayList<>();
            for (String sql : List.of(
                    "SELECT fonds_code || '/' || box_code || ' ' || state || ' ' || custody FROM boxes ORDER BY 1",
                    "SELECT file_code || ' ' || box_code || ' ' || start_precision || ' ' || end_precision FROM files ORDER BY 1",
                    "SELECT file_code || ' ' || decision FROM appraisals",
                    "SELECT fonds_code || ' ' || coalesce(location_code, '-') || ' ' || sorted_metres FROM extents",
                    "SELECT box_code || ' ' || fonds_code FROM handover_items",
                    "SELECT count(*) FROM pragma_foreign_key_check")) {
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        assertThat(rows).containsExactly("A/H001 SEALED AT_SITE", "A/H002 SEALED HANDED_OVER", "B/H001 SEALED AT_SITE",
                "HS-1 H001 DAY DAY", "HS-2 H002 DAY DAY", "HS-1 DESTROY", "A - 10.00", "H002 A", "0");
        try (Connection c = store.connect()) {
            assertThat(pragma(c, "foreign_keys")).isEqualTo(1);
        }
        // A file of fonds B cannot be put in a box that only fonds A has.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO files (fonds_code, file_code, box_code, retention, access_regime, "
                        + "status, last_sequence) VALUES ('B', 'HS-9', 'H002', 'PERMANENT', 'OPEN', 'ACTIVE', 12)");
            }
        })).isInstanceOf(StoreException.class).hasMessageContaining("FOREIGN KEY");
        store.close();
    }

    @Test
    void aMigrationThatBreaksAForeignKeyIsRolledBack() throws Exception {
        Path db = storeAtV6("v7-broken");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement()) {
            // A digital object whose file is missing: V7 must not commit over it.
            s.execute("PRAGMA foreign_keys = OFF");
            s.execute("INSERT INTO digital_objects VALUES ('A', 'HS-404', 'k', zeroblob(32), 1, 'application/pdf', NULL, "
                    + "NULL, 13)");
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AgentStore.open(db))
                .isInstanceOf(StoreException.class).hasMessageContaining("digital_objects");
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(6);
        }
    }

    @Test
    void scriptsSplitIntoStatementsWithoutComments() {
        assertThat(Migrations.statements("-- a comment; with a semicolon\nCREATE TABLE a (x INT); -- trailing\n"
                + "CREATE TABLE b (\n  y INT\n);\n")).containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)");
    }
}
