package org.archivesync.hub.outbound;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.archivesync.schemas.wire.ContractTopics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbound topics, how the hub creates them, and how the outbox is sent.
 *
 * @param catalogueFilesTopic compacted, key {@code fondsCode/fileCode}, value CatalogueFile, null when destroyed
 * @param siteCursorsTopic compacted, key siteCode, value SiteCursor
 * @param siteProgressTopic compacted, key siteCode, value SiteProgress
 * @param alertsTopic key siteCode or {@code hub}, JSON value
 * @param partitions partitions of each topic the hub creates
 * @param replicationFactor replication of each topic the hub creates
 * @param batchRows outbox rows sent per round (one transaction)
 * @param pollInterval how often the outbox is looked at without a wake-up from a commit
 * @param sendTimeout how long a round waits for Kafka's acknowledgements
 * @param retryMaxInterval longest pause after a failed round
 * @param publish send the outbox at all; false leaves the rows in the table (a hub that must not write to Kafka)
 * @param catalogueFilesMaxCompactionLag {@code max.compaction.lag.ms} of the catalogue files topic the hub creates: at
 *                                       most how long a superseded value (a file's text before it became a state
 *                                       secret) stays readable before compaction removes it
 * @param progressInterval at most how often the sites' progress figures are computed and the changed ones sent, after
 *                         a commit changed something (each round reads the whole catalogue)
 */
@Validated
@ConfigurationProperties("archive-sync.hub.outbound")
record OutboundProperties(@DefaultValue(ContractTopics.CATALOGUE_FILES) @NotBlank String catalogueFilesTopic,
                          @DefaultValue(ContractTopics.SITE_CURSORS) @NotBlank String siteCursorsTopic,
                          @DefaultValue(ContractTopics.SITE_PROGRESS) @NotBlank String siteProgressTopic,
                          @DefaultValue(ContractTopics.ALERTS) @NotBlank String alertsTopic,
                          @DefaultValue("6") @Min(1) int partitions,
                          @DefaultValue("1") @Min(1) short replicationFactor,
                          @DefaultValue("2000") @Min(1) int batchRows,
                          @DefaultValue("5s") @NotNull Duration pollInterval,
                          @DefaultValue("30s") @NotNull Duration sendTimeout,
                          @DefaultValue("30s") @NotNull Duration retryMaxInterval,
                          @DefaultValue("true") boolean publish,
                          @DefaultValue("10s") @NotNull Duration progressInterval,
                          @DefaultValue("1d") @NotNull Duration catalogueFilesMaxCompactionLag) {
}
