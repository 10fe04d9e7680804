package org.archivesync.hub.sites;

import java.time.Clock;
import org.archivesync.hub.security.Audit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SitesProperties.class)
class SitesConfiguration {

    /** Uses the application's Clock bean when there is one (tests move it), else the system clock in UTC. */
    @Bean
    SiteDirectory siteDirectory(JdbcClient jdbc, PlatformTransactionManager transactions, SitesProperties properties,
                                ObjectProvider<Clock> clock, ApplicationEventPublisher events, Audit audit) {
        return new SiteDirectory(new SiteStore(jdbc), new TransactionTemplate(transactions),
                clock.getIfAvailable(Clock::systemUTC), properties.tokenTtl(), events, audit);
    }
}
