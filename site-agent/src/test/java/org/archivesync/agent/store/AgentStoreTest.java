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
                "5:V5__key_rotations.sql", "6:V6__secret_redactions.sql", "7:V7__records_model.sql");
        assertThat(Migrations.scripts()).extracting(Migrations.Script::version).containsExactly(1, 2, 3, 4, 5, 6, 7);
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

    @Test
    void scriptsSplitIntoStatementsWithoutComments() {
        assertThat(Migrations.statements("-- a comment; with a semicolon\nCREATE TABLE a (x INT); -- trailing\n"
                + "CREATE TABLE b (\n  y INT\n);\n")).containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)");
    }
}
