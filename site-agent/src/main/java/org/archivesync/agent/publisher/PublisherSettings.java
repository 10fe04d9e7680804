package org.archivesync.agent.publisher;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.schemas.wire.ContractTopics;
import org.archivesync.schemas.wire.SiteEventTopics;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the publisher, under {@code archive-sync.agent.publisher}. Kafka client keys in {@code producer} and
 * {@code consumer} keep Kafka's names and override the defaults the publisher sets.
 *
 * @param enabled start the background loop with the service
 * @param bootstrapServers Kafka {@code bootstrap.servers}
 * @param schemaRegistryUrl base URL of the Confluent-compatible registry (the hub's {@code /registry}); {@code https},
 *                          or plain {@code http} only to this machine (127.0.0.1, localhost, [::1]): anything else is
 *                          refused at start
 * @param topicPrefix the site publishes to {@code <topicPrefix>.<siteCode>}, the one topic its Kafka credential may
 *                    write; the hub creates it when the site is created
 * @param cursorTopic the topic the hub publishes site cursors to
 * @param batchSize outbox rows read and sent per round
 * @param pollInterval pause between rounds when the outbox is empty
 * @param backoffInitial first pause after a failed round
 * @param backoffMax longest pause between retries
 * @param backoffMultiplier growth of the pause per failed round
 * @param repairGrace how long the hub's cursor must stay still, behind what was sent, before the events after it are
 *                    sent again; measured from the cursor's last change, the sending of the first event it lacks and
 *                    the last repair, whichever is latest, on a monotonic clock. A cursor that moves is the hub
 *                    catching up, never a reason to send again; at most one repair per grace
 * @param probeInterval how often to check the broker while there is nothing to send
 * @param maxBlock Kafka {@code max.block.ms}: how long a send waits for metadata when the broker is down
 * @param deliveryTimeout Kafka {@code delivery.timeout.ms}
 * @param producer extra producer settings (Kafka names)
 * @param consumer extra consumer settings for the cursor topic (Kafka names)
 * @param schemaRegistryCredentialsSource Confluent's {@code basic.auth.credentials.source}: {@code USER_INFO} (the
 *                                        default: {@code schemaRegistryUserInfo}) or {@code URL} (the
 *                                        {@code user:password@} of {@code schemaRegistryUrl})
 * @param schemaRegistryUserInfo Confluent's {@code basic.auth.user.info}, {@code user:password}: the office's
 *                               read-only registry user; null for a registry without authentication (the hub's
 *                               embedded one by default). Never logged; a refusal names the user, not the password
 * @param linkProbeInterval while a failed round backs off, how often a cheap check (broker metadata, or the registry's
 *                          answer for the site-event schema, whichever failed) looks whether the link is back; the next
 *                          round runs as soon as it is, not after the back-off
 */
@Validated
@ConfigurationProperties("archive-sync.agent.publisher")
public record PublisherSettings(
        @DefaultValue("true") boolean enabled,
        @NotBlank @DefaultValue("localhost:9092") String bootstrapServers,
        @NotBlank @DefaultValue("http://localhost:8080/registry") String schemaRegistryUrl,
        @NotBlank @DefaultValue(SiteEventTopics.DEFAULT_PREFIX) String topicPrefix,
        @NotBlank @DefaultValue(ContractTopics.SITE_CURSORS) String cursorTopic,
        @Min(1) @Max(100_000) @DefaultValue("2000") int batchSize,
        @NotNull @DefaultValue("250ms") Duration pollInterval,
        @NotNull @DefaultValue("1s") Duration backoffInitial,
        @NotNull @DefaultValue("2m") Duration backoffMax,
        @DecimalMin("1.0") @DefaultValue("2.0") double backoffMultiplier,
        @NotNull @DefaultValue("2m") Duration repairGrace,
        @NotNull @DefaultValue("30s") Duration probeInterval,
        @NotNull @DefaultValue("5s") Duration maxBlock,
        @NotNull @DefaultValue("60s") Duration deliveryTimeout,
        Map<String, String> producer,
        Map<String, String> consumer,
        @DefaultValue("USER_INFO") String schemaRegistryCredentialsSource,
        String schemaRegistryUserInfo,
        @NotNull @DefaultValue("5s") Duration linkProbeInterval) {

    /** Default of {@code link-probe-interval}. */
    public static final Duration DEFAULT_LINK_PROBE_INTERVAL = Duration.ofSeconds(5);

    @ConstructorBinding
    public PublisherSettings {
        // Checked here rather than by a regex on the field, so the message can say why.
        if (topicPrefix != null && !topicPrefix.isBlank() && !SiteEventTopics.canBeTopic(topicPrefix, "X")) {
            throw new IllegalArgumentException("archive-sync.agent.publisher.topic-prefix cannot start a Kafka topic name: "
                    + topicPrefix);
        }
        // The registry answers which schema an id names; like enrollment, plain http only to this machine.
        if (schemaRegistryUrl != null && !schemaRegistryUrl.isBlank() && !secureOrLoopback(schemaRegistryUrl)) {
            throw new IllegalArgumentException("archive-sync.agent.publisher.schema-registry-url must be https:// "
                    + "(plain http:// only to 127.0.0.1, localhost or [::1]): " + schemaRegistryUrl);
        }
        producer = producer == null ? Map.of() : Map.copyOf(producer);
        consumer = consumer == null ? Map.of() : Map.copyOf(consumer);
        if (linkProbeInterval == null) {
            linkProbeInterval = DEFAULT_LINK_PROBE_INTERVAL;
        }
        if (linkProbeInterval.isNegative() || linkProbeInterval.isZero()) {
            throw new IllegalArgumentException("archive-sync.agent.publisher.link-probe-interval must be positive");
        }
        if (backoffMax != null && backoffInitial != null && backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("archive-sync.agent.publisher.backoff-max must be >= backoff-initial");
        }
    }

    /** The settings without registry credentials (a registry that needs none). */
    public PublisherSettings(boolean enabled, String bootstrapServers, String schemaRegistryUrl, String topicPrefix,
                             String cursorTopic, int batchSize, Duration pollInterval, Duration backoffInitial,
                             Duration backoffMax, double backoffMultiplier, Duration repairGrace, Duration probeInterval,
                             Duration maxBlock, Duration deliveryTimeout, Map<String, String> producer,
                             Map<String, String> consumer) {
        this(enabled, bootstrapServers, schemaRegistryUrl, topicPrefix, cursorTopic, batchSize, pollInterval,
                backoffInitial, backoffMax, backoffMultiplier, repairGrace, probeInterval, maxBlock, deliveryTimeout,
                producer, consumer, "USER_INFO", null, DEFAULT_LINK_PROBE_INTERVAL);
    }

    /** The settings with registry credentials and the default link probe interval. */
    public PublisherSettings(boolean enabled, String bootstrapServers, String schemaRegistryUrl, String topicPrefix,
                             String cursorTopic, int batchSize, Duration pollInterval, Duration backoffInitial,
                             Duration backoffMax, double backoffMultiplier, Duration repairGrace, Duration probeInterval,
                             Duration maxBlock, Duration deliveryTimeout, Map<String, String> producer,
                             Map<String, String> consumer, String schemaRegistryCredentialsSource,
                             String schemaRegistryUserInfo) {
        this(enabled, bootstrapServers, schemaRegistryUrl, topicPrefix, cursorTopic, batchSize, pollInterval,
                backoffInitial, backoffMax, backoffMultiplier, repairGrace, probeInterval, maxBlock, deliveryTimeout,
                producer, consumer, schemaRegistryCredentialsSource, schemaRegistryUserInfo, DEFAULT_LINK_PROBE_INTERVAL);
    }

    /** The same settings with these consumer settings for the cursor topic (Kafka names). */
    public PublisherSettings withConsumer(Map<String, String> consumerSettings) {
        return new PublisherSettings(enabled, bootstrapServers, schemaRegistryUrl, topicPrefix, cursorTopic, batchSize,
                pollInterval, backoffInitial, backoffMax, backoffMultiplier, repairGrace, probeInterval, maxBlock,
                deliveryTimeout, producer, consumerSettings, schemaRegistryCredentialsSource, schemaRegistryUserInfo,
                linkProbeInterval);
    }

    /** The same settings with another link probe interval. */
    public PublisherSettings withLinkProbeInterval(Duration interval) {
        return new PublisherSettings(enabled, bootstrapServers, schemaRegistryUrl, topicPrefix, cursorTopic, batchSize,
                pollInterval, backoffInitial, backoffMax, backoffMultiplier, repairGrace, probeInterval, maxBlock,
                deliveryTimeout, producer, consumer, schemaRegistryCredentialsSource, schemaRegistryUserInfo, interval);
    }

    /** The same settings signing in to the registry with Confluent's basic-auth settings (see the parameters). */
    public PublisherSettings withRegistryCredentials(String credentialsSource, String userInfo) {
        return new PublisherSettings(enabled, bootstrapServers, schemaRegistryUrl, topicPrefix, cursorTopic, batchSize,
                pollInterval, backoffInitial, backoffMax, backoffMultiplier, repairGrace, probeInterval, maxBlock,
                deliveryTimeout, producer, consumer, credentialsSource, userInfo, linkProbeInterval);
    }

    /** The settings, with the registry password hidden. */
    @Override
    public String toString() {
        return "PublisherSettings[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl="
                + (schemaRegistryUrl == null ? null : schemaRegistryUrl.replaceAll("//[^/@]*@", "//***@")) + ", registryUser="
                + (schemaRegistryUserInfo == null ? null : schemaRegistryUserInfo.split(":", 2)[0])
                + ", topicPrefix=" + topicPrefix + ", cursorTopic=" + cursorTopic + ", batchSize=" + batchSize + "]";
    }

    private static boolean secureOrLoopback(String url) {
        try {
            return Enrollment.secureOrLoopback(URI.create(url.strip()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The defaults above, pointed at a broker and a registry; for code that builds a publisher with {@code new}. */
    public static PublisherSettings defaults(String bootstrapServers, String schemaRegistryUrl) {
        return new PublisherSettings(true, bootstrapServers, schemaRegistryUrl, "archive.site-events",
                "archive.site-cursors", 2000, Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ofMinutes(2), 2.0,
                Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60), Map.of(),
                Map.of());
    }

    /** The same settings with another events topic prefix and cursor topic. */
    public PublisherSettings withTopics(String eventsPrefix, String cursors) {
        return new PublisherSettings(enabled, bootstrapServers, schemaRegistryUrl, eventsPrefix, cursors, batchSize,
                pollInterval, backoffInitial, backoffMax, backoffMultiplier, repairGrace, probeInterval, maxBlock,
                deliveryTimeout, producer, consumer, schemaRegistryCredentialsSource,
                schemaRegistryUserInfo, linkProbeInterval);
    }

    public PublisherSettings withBackoff(Duration initial, Duration max) {
        return new PublisherSettings(enabled, bootstrapServers, schemaRegistryUrl, topicPrefix, cursorTopic, batchSize,
                pollInterval, initial, max, backoffMultiplier, repairGrace, probeInterval, maxBlock, deliveryTimeout,
                producer, consumer, schemaRegistryCredentialsSource,
                schemaRegistryUserInfo, linkProbeInterval);
    }

    public PublisherSettings withRepairGrace(Duration grace) {
        return new PublisherSettings(enabled, bootstrapServers, schemaRegistryUrl, topicPrefix, cursorTopic, batchSize,
                pollInterval, backoffInitial, backoffMax, backoffMultiplier, grace, probeInterval, maxBlock,
                deliveryTimeout, producer, consumer, schemaRegistryCredentialsSource,
                schemaRegistryUserInfo, linkProbeInterval);
    }

    public PublisherSettings withBatchSize(int size) {
        return new PublisherSettings(enabled, bootstrapServers, schemaRegistryUrl, topicPrefix, cursorTopic, size,
                pollInterval, backoffInitial, backoffMax, backoffMultiplier, repairGrace, probeInterval, maxBlock,
                deliveryTimeout, producer, consumer, schemaRegistryCredentialsSource,
                schemaRegistryUserInfo, linkProbeInterval);
    }

    public PublisherSettings withTimeouts(Duration maxBlock, Duration deliveryTimeout) {
        return new PublisherSettings(enabled, bootstrapServers, schemaRegistryUrl, topicPrefix, cursorTopic, batchSize,
                pollInterval, backoffInitial, backoffMax, backoffMultiplier, repairGrace, probeInterval, maxBlock,
                deliveryTimeout, producer, consumer, schemaRegistryCredentialsSource,
                schemaRegistryUserInfo, linkProbeInterval);
    }
}
