package org.archivesync.hub.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.archivesync.avro.CatalogueFile;
import org.archivesync.avro.SiteCursor;
import org.archivesync.avro.SiteEvent;
import org.archivesync.avro.SiteProgress;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.archivesync.schemas.wire.SiteEventTopics;
import org.archivesync.schemas.wire.SubjectNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registers the contract's schemas, as the schemas module has them, when the hub starts: SiteEvent under the subject
 * every office's topic shares, and the outbound topics' values. Offices look their schema up and never register
 * (their registry credential is read-only), so a registry that lacks SiteEvent would stop every office.
 *
 * <p>With the embedded registry it registers directly, before the web server opens, so no agent ever finds the
 * subject missing on a running hub. With another registry it registers through the hub's client and its credentials
 * ({@code archive-sync.hub.ingest.schema-registry-user-info}); when that registry cannot be reached now, the hub still
 * starts (the outbound publisher registers its own schemas on first use) and says so. An incompatible contract schema
 * stops the hub: it would refuse its own offices' events.
 */
class ContractSchemas implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(ContractSchemas.class);

    private final SchemaRegistry embedded;
    private final SchemaRegistryClient client;
    private final Map<String, Schema> subjects;

    /**
     * @param embedded the embedded registry, or null when the hub uses another one
     * @param client the hub's registry client (never null)
     */
    ContractSchemas(SchemaRegistry embedded, SchemaRegistryClient client, String siteEventsPrefix,
                    String catalogueFilesTopic, String siteCursorsTopic, String siteProgressTopic) {
        this.embedded = embedded;
        this.client = client;
        Map<String, Schema> all = new LinkedHashMap<>();
        all.put(SiteEventTopics.valueSubject(siteEventsPrefix), SiteEvent.getClassSchema());
        all.put(SubjectNames.topicName(catalogueFilesTopic, false), CatalogueFile.getClassSchema());
        all.put(SubjectNames.topicName(siteCursorsTopic, false), SiteCursor.getClassSchema());
        all.put(SubjectNames.topicName(siteProgressTopic, false), SiteProgress.getClassSchema());
        this.subjects = Map.copyOf(all);
    }

    @Override
    public void afterSingletonsInstantiated() {
        subjects.forEach((subject, schema) -> {
            if (embedded != null) {
                int id = embedded.register(subject, schema.toString());
                log.info("contract schema registered subject={} schema={} id={}", subject, schema.getFullName(), id);
                return;
            }
            try {
                int id = client.register(subject, schema);
                log.info("contract schema registered subject={} schema={} id={} registry={}", subject,
                        schema.getFullName(), id, client.baseUrl());
            } catch (SchemaRegistryException e) {
                if (!e.retriable()) {
                    throw new IllegalStateException("the schema registry at " + client.baseUrl()
                            + " refused the contract schema " + schema.getFullName() + " under subject " + subject
                            + " (status " + e.status() + "): " + e.getMessage(), e);
                }
                log.error("contract schema not registered subject={} schema={} registry={} error={}", subject,
                        schema.getFullName(), client.baseUrl(), e.getMessage());
            }
        });
    }
}
