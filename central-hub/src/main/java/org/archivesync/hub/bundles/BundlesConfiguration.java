package org.archivesync.hub.bundles;

import org.archivesync.hub.ingest.SiteEventIngest;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.SiteEventTopics;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BundlesProperties.class)
class BundlesConfiguration {

    /** Bundle bodies are registered, like Kafka records, under the value subject every office's topic shares. */
    @Bean
    BundleImport bundleImport(SiteEventIngest ingest, SiteDirectory sites, SchemaRegistryClient registry,
                              @Value("${archive-sync.hub.ingest.topic-prefix:" + SiteEventTopics.DEFAULT_PREFIX + "}") String topicPrefix,
                              BundlesProperties properties) {
        return new BundleImport(ingest, sites, registry, SiteEventTopics.valueSubject(topicPrefix), properties.sliceEvents());
    }

    @Bean
    BundleImportRunner bundleImportRunner(BundleImport bundles) {
        return new BundleImportRunner(bundles);
    }
}
