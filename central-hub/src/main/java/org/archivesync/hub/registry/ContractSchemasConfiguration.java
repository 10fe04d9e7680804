package org.archivesync.hub.registry;

import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.ContractTopics;
import org.archivesync.schemas.wire.SiteEventTopics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The hub registers the contract's schemas at start, whichever registry it uses. */
@Configuration(proxyBeanMethods = false)
class ContractSchemasConfiguration {

    @Bean
    ContractSchemas contractSchemas(ObjectProvider<SchemaRegistry> embedded, SchemaRegistryClient client,
            @Value("${archive-sync.hub.ingest.topic-prefix:" + SiteEventTopics.DEFAULT_PREFIX + "}") String siteEventsPrefix,
            @Value("${archive-sync.hub.outbound.catalogue-files-topic:" + ContractTopics.CATALOGUE_FILES + "}") String files,
            @Value("${archive-sync.hub.outbound.site-cursors-topic:" + ContractTopics.SITE_CURSORS + "}") String cursors,
            @Value("${archive-sync.hub.outbound.site-progress-topic:" + ContractTopics.SITE_PROGRESS + "}") String progress) {
        return new ContractSchemas(embedded.getIfAvailable(), client, siteEventsPrefix, files, cursors, progress);
    }
}
