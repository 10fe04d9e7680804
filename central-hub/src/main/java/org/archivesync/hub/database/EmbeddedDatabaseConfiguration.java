package org.archivesync.hub.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the embedded PostgreSQL (the one-machine default) and hands the hub a pooled DataSource on it. Flyway and
 * everything else see an ordinary DataSource.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DatabaseProperties.class)
@ConditionalOnProperty(name = "archive-sync.hub.database.embedded", havingValue = "true", matchIfMissing = true)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(DatabaseProperties properties) {
        try {
            Files.createDirectories(properties.dataDir());
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(properties.dataDir())
                    .setCleanDataDirectory(false)
                    .setPort(properties.port())
                    .setServerConfig("max_connections", "50")
                    .start();
            log.info("embedded postgres started port={} dataDir={}", pg.getPort(), properties.dataDir().toAbsolutePath());
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL in " + properties.dataDir(), e);
        }
    }

    @Bean(destroyMethod = "close")
    DataSource dataSource(EmbeddedPostgres pg) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(10);
        config.setPoolName("catalogue");
        return new HikariDataSource(config);
    }
}
