package org.archivesync.hub.leader;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Properties;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LeaderProperties.class)
class LeaderConfiguration {

    /** The name the lock's session carries in {@code pg_stat_activity}. */
    static final String APPLICATION_NAME = "archive-sync-hub-leader";

    @Bean
    HubLeadership hubLeadership(LeaderProperties properties, DataSource dataSource, ObjectProvider<LeaderWork> work,
                                ObjectProvider<Clock> clock, MeterRegistry meters) {
        HubLeadership leadership = new HubLeadership(properties, lockConnections(dataSource),
                () -> work.orderedStream().toList(), clock.getIfAvailable(Clock::systemUTC));
        Gauge.builder("archivesync.hub.leader", leadership, l -> l.leading() ? 1 : 0)
                .description("1 while this hub holds the leader lock and runs the writers, 0 while it is a standby")
                .register(meters);
        return leadership;
    }

    @Bean("leader")
    LeaderHealthIndicator leaderHealthIndicator(HubLeadership leadership) {
        return new LeaderHealthIndicator(leadership);
    }

    /**
     * Connections for the lock, outside the pool: with the pool's own settings (URL, user, password, driver
     * properties) when it is Hikari, the hub's pool in both the embedded and the external setup; otherwise straight
     * from the DataSource, which must then hand out a connection of its own (an unpooled one).
     */
    static Supplier<Connection> lockConnections(DataSource dataSource) {
        return () -> {
            try {
                if (dataSource.isWrapperFor(HikariDataSource.class)) {
                    HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
                    Properties info = new Properties();
                    info.putAll(pool.getDataSourceProperties());
                    if (pool.getUsername() != null) {
                        info.setProperty("user", pool.getUsername());
                    }
                    if (pool.getPassword() != null) {
                        info.setProperty("password", pool.getPassword());
                    }
                    info.setProperty("ApplicationName", APPLICATION_NAME);
                    info.setProperty("tcpKeepAlive", "true");
                    return DriverManager.getConnection(pool.getJdbcUrl(), info);
                }
                return dataSource.getConnection();
            } catch (SQLException e) {
                throw new CannotGetJdbcConnectionException("no connection for the leader lock", e);
            }
        };
    }
}
