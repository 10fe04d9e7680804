package org.archivesync.hub.exports;

import org.archivesync.hub.custody.Custody;
import org.archivesync.hub.destruction.DestructionRegister;
import org.archivesync.hub.lineage.Lineage;
import org.archivesync.hub.sites.SiteDirectory;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class ExportsConfiguration {

    @Bean
    Exports exports(JdbcClient jdbc, MessageSource messages, Custody custody, DestructionRegister destructions,
                    Lineage lineage, SiteDirectory sites) {
        return new Exports(jdbc, messages, custody, destructions, lineage, sites);
    }
}
