package org.archivesync.hub.ingest;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;

/**
 * Refuses to start a hub whose catalogue is empty (no events, nothing parked) while something says Kafka was read
 * before: rows in {@code consumed_offsets}, or committed offsets of the hub's consumer group on office topics. That is
 * a hub started on the wrong data directory, or on a database not (yet) restored; consuming on would silently build a
 * new, partial catalogue and treat every office as unknown. With {@code archive-sync.hub.ingest.empty-catalogue=replay}
 * the operator deliberately starts from scratch: stored positions are dropped and every partition is read from its
 * beginning. Runs each time the listener container is about to start on the leader hub ({@link IngestContainerWork}):
 * on a hub's first start that fails the start; a standby checks when it takes over, not while another hub consumes.
 */
final class EmptyCatalogueGuard {

    private static final Logger log = LoggerFactory.getLogger(EmptyCatalogueGuard.class);

    private final ConsumedOffsets offsets;
    private final IngestProperties properties;
    private final Map<String, Object> adminConfig;
    private final boolean kafkaConsumed;
    private final String location;
    private final MessageSource messages;

    /**
     * @param adminConfig Kafka admin settings, or null not to ask Kafka (the listener does not start)
     * @param location where the catalogue is, for the message: the data directory or the JDBC URL
     */
    EmptyCatalogueGuard(ConsumedOffsets offsets, IngestProperties properties, Map<String, Object> adminConfig,
                        String location, MessageSource messages) {
        this.offsets = offsets;
        this.properties = properties;
        this.adminConfig = adminConfig;
        this.kafkaConsumed = adminConfig != null;
        this.location = location;
        this.messages = messages;
    }

    /** Throws {@link IllegalStateException}, with the message in Vietnamese and English, when consuming must not start. */
    void check() {
        if (!offsets.catalogueEmpty()) {
            return;
        }
        String evidence = offsets.anyStored() ? message("ingest.startup.offsets.stored")
                : kafkaConsumed && committedInKafka() ? message("ingest.startup.offsets.kafka", properties.groupId()) : null;
        if (evidence == null) {
            return;
        }
        if (properties.emptyCatalogue() == IngestProperties.EmptyCatalogue.REPLAY) {
            int dropped = offsets.clear();
            log.warn("empty catalogue with offsets, replaying every partition from its beginning as configured"
                    + " (archive-sync.hub.ingest.empty-catalogue=replay) catalogue={} storedPositionsDropped={}",
                    location, dropped);
            return;
        }
        throw new IllegalStateException(messages.getMessage("ingest.startup.empty-catalogue",
                new Object[] {location, evidence}, Locale.forLanguageTag("vi")) + "\n"
                + messages.getMessage("ingest.startup.empty-catalogue", new Object[] {location,
                        englishEvidence(evidence)}, Locale.ENGLISH));
    }

    private String englishEvidence(String vietnamese) {
        return vietnamese.equals(message("ingest.startup.offsets.stored"))
                ? messages.getMessage("ingest.startup.offsets.stored", null, Locale.ENGLISH)
                : messages.getMessage("ingest.startup.offsets.kafka", new Object[] {properties.groupId()}, Locale.ENGLISH);
    }

    private String message(String key, Object... args) {
        return messages.getMessage(key, args, Locale.forLanguageTag("vi"));
    }

    /** Whether the hub's group committed an offset on an office topic; false when Kafka cannot be asked now. */
    private boolean committedInKafka() {
        long timeout = properties.healthTimeout().toMillis();
        try (Admin admin = Admin.create(adminConfig)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(properties.groupId(),
                            new ListConsumerGroupOffsetsOptions().timeoutMs((int) timeout))
                    .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
            return committed.entrySet().stream().anyMatch(e -> e.getValue() != null && e.getValue().offset() > 0
                    && e.getKey().topic().startsWith(properties.topicPrefix() + "."));
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.GroupIdNotFoundException) {
                return false;
            }
            log.warn("cannot read the consumer group's committed offsets, checked the database only group={} cause={}",
                    properties.groupId(), e.getCause().getClass().getSimpleName());
            return false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("cannot read the consumer group's committed offsets, checked the database only group={} cause={}",
                    properties.groupId(), e.getClass().getSimpleName());
            return false;
        }
    }
}
