package org.archivesync.hub.bundles;

import org.archivesync.hub.ingest.SiteEventIngest;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.SubjectNames;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BundlesProperties.class)
class BundlesConfiguration {

    /** Bundle bodies are registered, like Kafka records, under the inbound topic's value subject. */
    @Bean
    BundleImport bundleImport(SiteEventIngest ingest, SiteDirectory sites, SchemaRegistryClient registry,
                              @Value("${archive-sync.hub.ingest.topic:archive.site-events}") String topic,
                              BundlesProperties properties) {
        return new BundleImport(ingest, sites, registry, SubjectNames.topicName(topic, false), properties.sliceEvents());
    }

    @Bean
    BundleImportRunner bundleImportRunner(BundleImport bundles) {
        return new BundleImportRunner(bundles);
    }
}
