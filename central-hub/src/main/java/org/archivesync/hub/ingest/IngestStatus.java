package org.archivesync.hub.ingest;

import java.time.Clock;
import java.time.Instant;
import org.archivesync.hub.leader.HubLeadership;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerRetryAuthEvent;
import org.springframework.kafka.event.ConsumerRetryAuthSuccessfulEvent;
import org.springframework.kafka.event.ConsumerStoppedEvent;

/**
 * What ingest is going through, for readiness ({@link IngestHealthIndicator}): since when the current batch or poll
 * has been failing and why (cleared by the next batch that commits), and how the consumer last stopped. Written by the
 * error handler, the listener and the container's events; read by the health check.
 */
final class IngestStatus {

    /** The failure in progress: its kind ({@link IngestErrors#kind}), a summary without payload, and its start. */
    record Failing(String kind, String summary, Instant since, long attempts) {
    }

    private final Clock clock;
    private final IngestMetrics metrics;
    private final HubLeadership leadership;
    private final String instanceId;
    private volatile Failing failing;
    private volatile String stopReason;

    /**
     * @param leadership told when the consumer was fenced; never null
     * @param instanceId the consumers' static {@code group.instance.id} (before spring-kafka's per-consumer suffix),
     *                   for the log; never null
     */
    IngestStatus(Clock clock, IngestMetrics metrics, HubLeadership leadership, String instanceId) {
        this.clock = clock;
        this.metrics = metrics;
        this.leadership = leadership;
        this.instanceId = instanceId;
    }

    void failed(String kind, String summary) {
        metrics.failure(kind);
        Failing f = failing;
        failing = new Failing(kind, summary, f == null ? clock.instant() : f.since(), f == null ? 1 : f.attempts() + 1);
    }

    void succeeded() {
        failing = null;
    }

    /** The failure in progress, or null. */
    Failing failing() {
        return failing;
    }

    /** How the container's consumer last stopped (ConsumerStoppedEvent's reason), or null while it runs. */
    String stopReason() {
        return stopReason;
    }

    // The container retries a refused credential every auth-exception-retry-interval instead of stopping for good.
    @EventListener
    void authorizationRetried(ConsumerRetryAuthEvent event) {
        failed("authorization", event.getReason().name());
    }

    @EventListener
    void authorizationRecovered(ConsumerRetryAuthSuccessfulEvent event) {
        succeeded();
    }

    /**
     * FENCED: another consumer joined the group with this hub's static instance id and took its partitions (a hub
     * that took over while this one was paused or cut off). The container has stopped for good; this hub no longer
     * leads (see {@link HubLeadership#fenced}). Any batch it was applying is either committed before the other hub
     * read it, or a no-op for the sequence guard when applied after.
     */
    @EventListener
    void consumerStopped(ConsumerStoppedEvent event) {
        stopReason = event.getReason().name();
        if (event.getReason() == ConsumerStoppedEvent.Reason.FENCED) {
            leadership.fenced("ingest consumer fenced: another consumer joined the group with group.instance.id="
                    + instanceId);
        }
    }

    void started() {
        stopReason = null;
    }
}
