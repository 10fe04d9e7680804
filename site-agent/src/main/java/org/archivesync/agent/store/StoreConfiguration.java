package org.archivesync.agent.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StoreSettings.class)
class StoreConfiguration {

    @Bean
    AgentStore agentStore(StoreSettings settings) {
        return AgentStore.open(Path.of(settings.path()), settings.busyTimeout());
    }

    /** Exposed for the actuator's database health check; the agent itself goes through {@link AgentStore}. */
    @Bean
    DataSource dataSource(AgentStore store) {
        return store.dataSource();
    }
}
