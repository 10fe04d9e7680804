package org.archivesync.hub.registry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the embedded registry unless {@code archive-sync.hub.registry.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RegistryProperties.class)
@ConditionalOnProperty(name = "archive-sync.hub.registry.enabled", havingValue = "true", matchIfMissing = true)
class RegistryConfiguration {

    @Bean
    SchemaRegistry schemaRegistry(JdbcClient jdbc, PlatformTransactionManager transactions, RegistryProperties properties) {
        return new SchemaRegistry(new RegistryStore(jdbc), new TransactionTemplate(transactions), properties.compatibility());
    }
}
