package org.archivesync.hub.asof;

import java.time.Clock;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AsOfProperties.class)
class AsOfConfiguration {

    @Bean
    CatalogueAt catalogueAt(JdbcClient jdbc, Catalogue catalogue, SchemaRegistryClient registry,
                            PlatformTransactionManager transactions, AsOfProperties properties,
                            ObjectProvider<Clock> clock) {
        EventLog events = new EventLog(jdbc, registry);
        TransactionTemplate reads = new TransactionTemplate(transactions);
        reads.setReadOnly(true);
        // Its own transaction, whatever the caller's: the copy's search_path must not leak into it, nor its into ours.
        reads.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        TransactionTemplate writes = new TransactionTemplate(transactions);
        writes.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return new AsOfCopies(jdbc, events, new CopyBuilder(jdbc, events, catalogue, writes), reads, writes,
                clock.getIfAvailable(Clock::systemUTC), properties.maxCopies(), (read, taken) -> { });
    }
}
