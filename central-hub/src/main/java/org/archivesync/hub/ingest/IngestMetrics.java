package org.archivesync.hub.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest metrics, for Prometheus: events applied (a counter: events per second is its rate), batch apply time, per
 * site the cursor and the lag behind the highest sequence seen, and the numbers of parked events, quarantined and
 * waiting sites (refreshed from the database by the waiting watch).
 */
final class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter applied;
    private final Counter redelivered;
    private final Timer batches;
    private final AtomicLong parked = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong waiting = new AtomicLong();
    private final Map<String, AtomicLong> cursors = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.applied = Counter.builder("archivesync.ingest.events.applied").description("Events applied to the catalogue")
                .register(registry);
        this.redelivered = Counter.builder("archivesync.ingest.events.redelivered")
                .description("Events skipped because they were applied before").register(registry);
        this.batches = Timer.builder("archivesync.ingest.batch").description("Time to verify and apply one batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        Gauge.builder("archivesync.ingest.parked.events", parked, AtomicLong::get).description("Events parked")
                .register(registry);
        Gauge.builder("archivesync.ingest.quarantined.sites", quarantined, AtomicLong::get)
                .description("Sites whose stream is quarantined").register(registry);
        Gauge.builder("archivesync.ingest.waiting.sites", waiting, AtomicLong::get)
                .description("Sites with events waiting for a missing sequence or a signature").register(registry);
    }

    void batchApplied(IngestReport report, long nanos) {
        applied.increment(report.applied());
        redelivered.increment(report.redelivered());
        if (nanos > 0) {
            batches.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** One failed batch or poll, retried: {@code archivesync.ingest.errors{kind}} (see {@link IngestErrors#kind}). */
    void failure(String kind) {
        Counter.builder("archivesync.ingest.errors").description("Failed ingest batches and polls, retried with back-off")
                .tag("kind", kind).register(registry).increment();
    }

    void cursor(String site, long sequence, long highestSeen) {
        gauge(cursors, "archivesync.ingest.site.cursor", site).set(sequence);
        gauge(lags, "archivesync.ingest.site.lag", site).set(Math.max(0, highestSeen - sequence));
    }

    void counts(long parkedEvents, long quarantinedSites, long waitingSites) {
        parked.set(parkedEvents);
        quarantined.set(quarantinedSites);
        waiting.set(waitingSites);
    }

    void positions(Map<String, Long> positions) {
        positions.forEach((site, sequence) -> gauge(cursors, "archivesync.ingest.site.cursor", site).set(sequence));
    }

    private AtomicLong gauge(Map<String, AtomicLong> gauges, String name, String site) {
        return gauges.computeIfAbsent(site, s -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).tag("site", s).register(registry);
            return value;
        });
    }
}
