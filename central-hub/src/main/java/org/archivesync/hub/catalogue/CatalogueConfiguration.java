package org.archivesync.hub.catalogue;

import org.archivesync.hub.alerts.Alerts;
import org.archivesync.hub.security.Audit;
import org.archivesync.hub.sites.SiteDirectory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CatalogueProperties.class)
class CatalogueConfiguration {

    @Bean
    Catalogue catalogue(JdbcClient jdbc, JdbcOperations connection, Alerts alerts, SiteDirectory sites, Audit audit) {
        return new Catalogue(jdbc, connection, alerts, sites, audit);
    }

    @Bean
    SearchIndexer searchIndexer(JdbcClient jdbc, PlatformTransactionManager transactions, CatalogueProperties properties) {
        return new SearchIndexer(jdbc, new TransactionTemplate(transactions), properties);
    }
}
