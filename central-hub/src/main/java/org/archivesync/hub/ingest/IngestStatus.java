package org.archivesync.hub.ingest;

import java.time.Clock;
import java.time.Instant;
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
    private volatile Failing failing;
    private volatile String stopReason;

    IngestStatus(Clock clock, IngestMetrics metrics) {
        this.clock = clock;
        this.metrics = metrics;
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

    @EventListener
    void consumerStopped(ConsumerStoppedEvent event) {
        stopReason = event.getReason().name();
    }

    void started() {
        stopReason = null;
    }
}
