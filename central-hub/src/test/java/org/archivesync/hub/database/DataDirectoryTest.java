package org.archivesync.hub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** The embedded catalogue's directory does not depend on where the hub was started from. */
class DataDirectoryTest {

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path home;

    @Test
    void aRelativeDataDirectoryLivesUnderTheDataHomeNotTheWorkingDirectory() throws Exception {
        var settings = new DatabaseProperties(true, Path.of(".archive-sync/hub/pgdata"), 0, null);
        var environment = new MockEnvironment().withProperty("archive-sync.hub.data-home", home.toString());

        try (EmbeddedPostgres pg = new EmbeddedDatabaseConfiguration().embeddedPostgres(settings, environment)) {
            assertThat(home.resolve(".archive-sync/hub/pgdata/PG_VERSION")).exists();
            assertThat(home.resolve(".archive-sync/hub/db-password")).exists();
            assertThat(Path.of(".archive-sync/hub/pgdata").toAbsolutePath()).as("under the working directory")
                    .doesNotExist();
        }
        assertThat(new EmbeddedDatabaseConfiguration().catalogueLocation(settings, environment).description())
                .isEqualTo(home.resolve(".archive-sync/hub/pgdata").toString());
    }

    @Test
    void withoutADataHomeTheUsersHomeDirectoryIsTheBase() {
        var settings = new DatabaseProperties(true, Path.of(".archive-sync/hub/pgdata"), 0, null);

        DatabaseProperties resolved = EmbeddedDatabaseConfiguration.resolved(settings, new MockEnvironment());

        Path userHome = Path.of(System.getProperty("user.home"));
        assertThat(resolved.dataDir()).isEqualTo(userHome.resolve(".archive-sync/hub/pgdata"));
        assertThat(resolved.passwordFile()).isEqualTo(userHome.resolve(".archive-sync/hub/db-password"));
    }

    @Test
    void anAbsoluteDataDirectoryAndPasswordFileStayWhereTheyAre() {
        var settings = new DatabaseProperties(true, home.resolve("pgdata"), 0, home.resolve("secrets/pw"));

        DatabaseProperties resolved = EmbeddedDatabaseConfiguration.resolved(settings,
                new MockEnvironment().withProperty("archive-sync.hub.data-home", "/elsewhere"));

        assertThat(resolved.dataDir()).isEqualTo(home.resolve("pgdata"));
        assertThat(resolved.passwordFile()).isEqualTo(home.resolve("secrets/pw"));
    }

    @Test
    void aRelativeDataHomeIsRefused() {
        var settings = new DatabaseProperties(true, Path.of("pgdata"), 0, null);

        assertThatThrownBy(() -> EmbeddedDatabaseConfiguration.resolved(settings,
                new MockEnvironment().withProperty("archive-sync.hub.data-home", "relative/home")))
                .hasMessageContaining("archive-sync.hub.data-home must be an absolute path");
    }
}
