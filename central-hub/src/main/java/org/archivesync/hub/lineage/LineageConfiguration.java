package org.archivesync.hub.lineage;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LineageProperties.class)
class LineageConfiguration {

    @Bean
    Lineage lineage(JdbcClient jdbc, PlatformTransactionManager transactions, LineageProperties properties,
                    ObjectProvider<Clock> clock) {
        return new Lineage(jdbc, new TransactionTemplate(transactions), properties.defaultEffectiveOn(),
                clock.getIfAvailable(Clock::systemUTC));
    }

    /** The shipped units and lineage, once per version of the files, after Flyway has migrated. */
    @Bean
    ApplicationRunner referenceDataLoader(Lineage lineage, LineageProperties properties) {
        return args -> {
            if (properties.loadOnStart()) {
                lineage.loadBundled();
            }
        };
    }
}
