package org.archivesync.hub.catalogue;

import org.archivesync.hub.alerts.Alerts;
import org.archivesync.hub.security.Audit;
import org.archivesync.hub.sites.SiteDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class CatalogueConfiguration {

    @Bean
    Catalogue catalogue(JdbcClient jdbc, JdbcOperations connection, Alerts alerts, SiteDirectory sites, Audit audit,
                        ApplicationEventPublisher events) {
        return new Catalogue(jdbc, connection, alerts, sites, audit, events);
    }

    @Bean
    CatalogueReader catalogueReader(JdbcClient jdbc, SiteDirectory sites) {
        return new CatalogueReader(jdbc, sites);
    }
}
