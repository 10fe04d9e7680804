package org.archivesync.hub.database;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the catalogue lives. With {@code embedded=true} (the default, for one machine) the hub starts its own
 * PostgreSQL from the zonky binaries, keeping its data under {@code data-dir}; with {@code embedded=false} it uses
 * {@code spring.datasource.*} (a PostgreSQL server in production).
 *
 * @param embedded start an embedded PostgreSQL
 * @param dataDir data directory of the embedded server; kept between runs. A relative path is resolved against
 *                {@code archive-sync.hub.data-home} (default: the user's home directory), never against the working
 *                directory: a hub started from another directory must find the same catalogue
 *                ({@link #resolvedUnder(Path)})
 * @param port port of the embedded server; 0 picks a free one
 * @param passwordFile the embedded server's superuser password, generated on first start (owner-only); null or
 *                     absent means {@code db-password} next to {@code data-dir}; a relative path is resolved like
 *                     {@code data-dir}. Whoever can read it can sign in to
 *                     the catalogue over loopback as its superuser. Never null after binding.
 */
@Validated
@ConfigurationProperties("archive-sync.hub.database")
public record DatabaseProperties(@DefaultValue("true") boolean embedded,
                                 @DefaultValue(".archive-sync/hub/pgdata") Path dataDir,
                                 @DefaultValue("0") int port,
                                 Path passwordFile) {

    public DatabaseProperties {
        if (passwordFile == null && dataDir != null) {
            passwordFile = dataDir.resolveSibling("db-password");
        }
    }

    /** These settings with {@code dataDir} and {@code passwordFile} made absolute under {@code home} (absolute). */
    public DatabaseProperties resolvedUnder(Path home) {
        if (!home.isAbsolute()) {
            throw new IllegalArgumentException("archive-sync.hub.data-home must be an absolute path: " + home);
        }
        return new DatabaseProperties(embedded, home.resolve(dataDir).normalize(), port,
                home.resolve(passwordFile).normalize());
    }
}
