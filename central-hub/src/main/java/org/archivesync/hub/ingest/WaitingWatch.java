package org.archivesync.hub.ingest;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.archivesync.hub.leader.LeaderWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code gap-check-interval}: alerts on sites whose events have waited longer than {@code gap-grace} (even when
 * no new record of theirs arrives to notice it), and refreshes the parked, quarantined and cursor gauges. It writes
 * alerts, so it runs on the leader hub only ({@link LeaderWork}).
 */
final class WaitingWatch implements LeaderWork {

    private static final Logger log = LoggerFactory.getLogger(WaitingWatch.class);

    private final SiteEventIngest ingest;
    private final IngestStore store;
    private final IngestMetrics metrics;
    private final long intervalMillis;
    private ScheduledExecutorService executor;

    WaitingWatch(SiteEventIngest ingest, IngestStore store, IngestMetrics metrics, long intervalMillis) {
        this.ingest = ingest;
        this.store = store;
        this.metrics = metrics;
        this.intervalMillis = intervalMillis;
    }

    void runOnce() {
        try {
            ingest.alertOverdueWaits();
            IngestStore.Counts counts = store.counts();
            metrics.counts(counts.parked(), counts.quarantined(), counts.waiting());
            metrics.positions(store.positions());
        } catch (RuntimeException e) {
            log.warn("waiting watch failed, retrying next run cause={}", e.toString());
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-waiting-watch");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runOnce, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
