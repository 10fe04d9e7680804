package org.archivesync.hub.progress;

import java.time.Clock;
import org.archivesync.hub.asof.CatalogueAt;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProgressProperties.class)
class ProgressConfiguration {

    @Bean
    Campaigns campaigns(JdbcClient jdbc, PlatformTransactionManager transactions, ObjectProvider<Clock> clock) {
        return new Campaigns(jdbc, new TransactionTemplate(transactions), clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    Progress progress(JdbcClient jdbc, Campaigns campaigns, ProgressProperties properties, ObjectProvider<Clock> clock,
                      CatalogueAt catalogueAt) {
        ProgressReading reading = new ProgressReading(jdbc, properties, catalogueAt);
        return new Progress(campaigns, reading, new SiteDetails(jdbc, reading, catalogueAt),
                new ProgressCharts(jdbc, properties), properties, clock.getIfAvailable(Clock::systemUTC));
    }

    @Bean
    ProgressRecorder progressRecorder(JdbcClient jdbc, PlatformTransactionManager transactions,
                                      SchemaRegistryClient registry, ProgressProperties properties) {
        return new ProgressRecorder(jdbc, new TransactionTemplate(transactions), registry, properties);
    }
}
