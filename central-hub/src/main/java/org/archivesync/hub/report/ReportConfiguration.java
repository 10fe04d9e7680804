package org.archivesync.hub.report;

import java.time.Clock;
import java.util.Optional;
import org.archivesync.hub.asof.CatalogueAt;
import org.archivesync.hub.catalogue.CatalogueReader;
import org.archivesync.hub.progress.Campaigns;
import org.archivesync.hub.progress.Progress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReportProperties.class)
class ReportConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReportConfiguration.class);

    /** The template is read and checked here, so a hub with an incomplete template does not start. */
    @Bean
    Reports reports(Campaigns campaigns, Progress progress, ObjectProvider<CatalogueAt> catalogueAt,
                    CatalogueReader catalogue, ReportProperties properties, ObjectProvider<Clock> clock) {
        ReportTemplate template = ReportTemplate.load(properties.template());
        log.info("report template loaded source={}", template.source());
        return new Reports(campaigns, progress, Optional.ofNullable(catalogueAt.getIfAvailable()),
                new BoxCounts(catalogue, progress), template, clock.getIfAvailable(Clock::systemUTC));
    }
}
