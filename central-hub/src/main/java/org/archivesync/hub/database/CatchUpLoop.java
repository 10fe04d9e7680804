package org.archivesync.hub.database;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.archivesync.hub.leader.LeaderWork;

/**
 * Background work that follows the event log after commit, away from the ingest transaction (the search indexer, the
 * progress recorder): every {@code interval}, on one daemon thread, {@link #step()} runs again and again until it has
 * nothing left to do. A failure (database down, registry unreachable) is logged and the next run catches up from the
 * work's own cursors. It writes, so it runs on the leader hub only ({@link LeaderWork}).
 */
public abstract class CatchUpLoop implements LeaderWork {

    private static final Logger log = LoggerFactory.getLogger(CatchUpLoop.class);

    private final String name;
    private final Duration interval;
    private ScheduledExecutorService executor;

    /**
     * @param name the thread's name and the name in the log, e.g. {@code search-indexer}
     * @param interval the pause between runs
     */
    protected CatchUpLoop(String name, Duration interval) {
        this.name = name;
        this.interval = interval;
    }

    /** One bounded step; returns how much it did, 0 when everything is caught up. */
    protected abstract long step();

    private void run() {
        try {
            long done;
            do {
                done = step();
            } while (done > 0 && executor != null && !executor.isShutdown());
        } catch (RuntimeException e) {
            log.warn("background catch-up failed, retrying next run name={} cause={}", name, e.toString());
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        long ms = interval.toMillis();
        executor.scheduleWithFixedDelay(this::run, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
