package org.archivesync.hub.ingest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Ingest of the sites' streams. Kafka client settings (bootstrap servers, security, {@code max.poll.records}) stay
 * under {@code spring.kafka.*} with Kafka's names.
 *
 * @param topicPrefix each office writes {@code <topicPrefix>.<siteCode>}; the hub subscribes to every topic under it and
 *                    attributes each record to the site its topic names. Kafka's {@code metadata.max.age.ms} (default
 *                    10 s here, {@code spring.kafka.consumer.properties}) bounds how long a new office's topic waits
 *                    to be picked up
 * @param siteTopicReplicas replication of the office topics the hub creates (one partition each: one office's events
 *                          are one ordered stream)
 * @param groupId the consumer group of the hub
 * @param instanceId the static {@code group.instance.id} of the hub's ingest consumers, or null for
 *                   {@code <groupId>-leader}. It names the leader's role, not a process: every hub of one catalogue
 *                   uses the same one (only the leader consumes), so a hub that restarts or takes over takes the
 *                   previous leader's place in the group at once, even when that one was killed and its session has
 *                   not expired, and a previous leader that still runs (paused, cut off) is fenced. spring-kafka adds
 *                   {@code -<n>} per consumer thread ({@code -0} with {@code concurrency} 1). Overrides
 *                   {@code spring.kafka.consumer.properties.group.instance.id}. Two catalogues (two databases) must
 *                   not share a group id or an instance id: they would fence each other
 * @param concurrency consumer threads (each a transaction at a time); partitions are spread over them. On two cores 2
 *                    ingests faster than 1 (HubIngestBench: 62,900 against 47,600 events/s), but then transactions of
 *                    different sites run side by side, and a rebuild, which replays the event log in the order the
 *                    transactions wrote it, can differ from what they did when two sites' events meet in the same rows
 *                    at the same moment (a receipt and the sending of one handover). 1 keeps the rebuild exact.
 * @param gapGrace how long events may wait for a missing sequence or a signature before an alert
 * @param gapCheckInterval how often overdue waits are looked for, and the parked and quarantined gauges refreshed
 * @param retryInitialInterval first back-off after a batch failed for a transient reason (database, registry)
 * @param retryMaxInterval longest back-off; retries go on until the batch succeeds
 * @param schemaRegistryUrl the schema registry the writer schemas are fetched from (and outbound schemas registered in)
 * @param schemaRegistryTimeout per-request timeout of the registry client
 * @param schemaRegistryUserInfo {@code user:password} for the registry, or null
 * @param healthTimeout how long the readiness check waits for Kafka
 * @param maxRecordSize a record value larger than this is set aside as undecodable before it is parsed. 1MB by
 *                      default: Kafka's own default record limit, which the agent's producer keeps; the largest
 *                      legitimate events are far below it (a file described to every field's limit with 200 keywords
 *                      is about 22 KB, a handover listing 20,000 files about 490 KB)
 * @param maxParkedEvents the most events parked for one site (waiting for a sequence, a signature or a release). A
 *                        legitimate import of N rows is N unsigned events until its last, signed one, so this must
 *                        exceed the largest import. Events beyond it are not stored, with a {@code PARKED_LIMIT}
 *                        alert: the agent's repair republishes them from the hub's cursor once the backlog drains
 * @param maxParkedBytes the most event bytes parked for one site, with the same consequence as {@code maxParkedEvents}
 * @param unparkBatchEvents the most parked events one transaction loads and verifies: a release or a closed gap drains
 *                          a site's parked events in transactions of this many, one after the other
 * @param clockSkewAlert an office whose clock is off by more than this (its {@code as-sent-at} against the broker's
 *                       append time) is alerted {@code CLOCK_SKEW}, at most once per {@code setAsideAlertInterval}
 * @param readyMaxLag readiness is DOWN while the consumer is more than this many records behind the end of its
 *                    partitions (Kafka's {@code records-lag}, summed); 0 for no limit
 * @param readyMaxStall readiness is DOWN while the ingest container has been paused, or the same batch or poll has
 *                      kept failing, for longer than this
 * @param authRetryInterval how long the container waits before polling again after the broker refused the hub's
 *                          credential or ACLs (instead of stopping for good)
 * @param emptyCatalogue what a hub does that finds an empty catalogue while Kafka was read before
 *                       ({@code consumed_offsets} rows or the group's committed offsets): {@code refuse} to start (the
 *                       data directory is likely wrong, or the database not restored), or {@code replay} every
 *                       partition from its beginning, deliberately (deploy/README.md, "Restore and offsets")
 * @param setAsideAlertInterval the least time between two alerts of one kind for one site about records set aside or
 *                              not parked; the records in between are counted and named in the next alert
 */
@Validated
@ConfigurationProperties("archive-sync.hub.ingest")
record IngestProperties(@DefaultValue("archive.site-events") @NotBlank String topicPrefix,
                        @DefaultValue("1") @Min(1) short siteTopicReplicas,
                        @DefaultValue("archive-sync-hub") @NotBlank String groupId,
                        @Pattern(regexp = "[a-zA-Z0-9._-]{1,200}") String instanceId,
                        @DefaultValue("1") @Min(1) int concurrency,
                        @DefaultValue("5m") @NotNull Duration gapGrace,
                        @DefaultValue("30s") @NotNull Duration gapCheckInterval,
                        @DefaultValue("1s") @NotNull Duration retryInitialInterval,
                        @DefaultValue("1m") @NotNull Duration retryMaxInterval,
                        @NotNull URI schemaRegistryUrl,
                        @DefaultValue("10s") @NotNull Duration schemaRegistryTimeout,
                        String schemaRegistryUserInfo,
                        @DefaultValue("3s") @NotNull Duration healthTimeout,
                        @DefaultValue("1MB") @NotNull DataSize maxRecordSize,
                        @DefaultValue("2000000") @Min(1) long maxParkedEvents,
                        @DefaultValue("512MB") @NotNull DataSize maxParkedBytes,
                        @DefaultValue("10000") @Min(1) int unparkBatchEvents,
                        @DefaultValue("1h") @NotNull Duration setAsideAlertInterval,
                        @DefaultValue("10m") @NotNull Duration clockSkewAlert,
                        @DefaultValue("1000000") @Min(0) long readyMaxLag,
                        @DefaultValue("2m") @NotNull Duration readyMaxStall,
                        @DefaultValue("30s") @NotNull Duration authRetryInterval,
                        @DefaultValue("refuse") @NotNull EmptyCatalogue emptyCatalogue) {

    /** The ingest consumers' static {@code group.instance.id} before spring-kafka's per-consumer suffix; never null. */
    String groupInstanceId() {
        return instanceId != null ? instanceId : groupId + "-leader";
    }

    /** See {@code emptyCatalogue}. */
    enum EmptyCatalogue { REFUSE, REPLAY }
}
