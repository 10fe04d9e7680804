package org.archivesync.hub.registry;

import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The hub registers the contract's schemas at start, whichever registry it uses. */
@Configuration(proxyBeanMethods = false)
class ContractSchemasConfiguration {

    @Bean
    ContractSchemas contractSchemas(ObjectProvider<SchemaRegistry> embedded, SchemaRegistryClient client,
            @Value("${archive-sync.hub.ingest.topic-prefix:archive.site-events}") String siteEventsPrefix,
            @Value("${archive-sync.hub.outbound.catalogue-files-topic:archive.catalogue.files}") String files,
            @Value("${archive-sync.hub.outbound.site-cursors-topic:archive.site-cursors}") String cursors,
            @Value("${archive-sync.hub.outbound.site-progress-topic:archive.site-progress}") String progress) {
        return new ContractSchemas(embedded.getIfAvailable(), client, siteEventsPrefix, files, cursors, progress);
    }
}
