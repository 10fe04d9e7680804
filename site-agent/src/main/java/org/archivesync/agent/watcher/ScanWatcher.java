package org.archivesync.agent.watcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.archivesync.agent.objectstore.ObjectStore;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.store.AgentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the scan folder and digitizes what clerks put there: each new PDF, TIFF or JPEG whose size and modification
 * time have not changed for {@code stable-for} is hashed once (SHA-256, streamed), its pages counted, copied into the
 * object store under {@code <fondsCode>/<fileCode>/<sha256>.<ext>}, the copy verified, and all new scans of one file
 * found together are recorded as one {@code FileDigitized} event.
 *
 * <p>Guarantees:
 * <ul>
 * <li>A scan filed under a state-secret file's code is never opened: not hashed, not copied, not published. It stays
 *     where it is, and an ERROR log line and {@code status} tell the clerk to move it to an offline computer
 *     (Law 29/2018/QH14, Art. 5). The same holds for scans of unknown or inactive files and paths outside the
 *     layout: nothing is read before the file is known to be an open, active one.</li>
 * <li>Unknown codes, empty, unreadable and duplicate scans (same SHA-256 already recorded) become {@link ScanIssue}s,
 *     logged once per version of the file and shown by {@code status}; they never stop the watcher.</li>
 * <li>Restart-safe: what was done is kept in the store ({@code scans}). A scan half-processed when the agent died is
 *     processed again from the start; an object already recorded by the dead run is recognised by its key and not
 *     recorded twice.</li>
 * <li>Scans are left in the folder; a scan changed after it was digitized is digitized again as a new object.</li>
 * </ul>
 *
 * <p>Its parts, all on one daemon thread (so nothing needs locking): {@link ScanDiscovery} finds the scans and puts
 * them in the {@link ScanQueue}, which hands them out once they settle; {@link ScanPipeline} takes one file's settled
 * scans to an event and answers a {@link ScanOutcome} per scan; this class runs the rounds and writes each outcome to
 * the {@link ScanLedger}, the log and the queue.
 */
public final class ScanWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScanWatcher.class);

    private final Path dir;
    private final Duration stableFor;
    private final Duration rescanInterval;
    private final Duration pollInterval;
    private final ScanLedger ledger;
    private final ObjectStore objects;
    private final Clock clock;
    private final ScanQueue queue;
    private final ScanDiscovery discovery;
    private final ScanPipeline pipeline;
    private final AtomicLong rounds = new AtomicLong();
    private Thread thread;
    private volatile boolean running;
    private Instant nextRescan = Instant.MIN;
    private boolean waitingLogged;

    ScanWatcher(ScanSettings settings, Recorder recorder, AgentStore store, ObjectStore objects, Clock clock) {
        this.dir = Path.of(settings.dir()).toAbsolutePath().normalize();
        this.rescanInterval = settings.rescanInterval();
        this.pollInterval = settings.pollInterval();
        this.ledger = new ScanLedger(store);
        this.objects = objects;
        this.clock = clock;
        this.stableFor = settings.stableFor();
        ScanLayout layout = new ScanLayout(settings.pathPattern(), settings.defaultFonds());
        this.queue = new ScanQueue(layout, stableFor, clock);
        this.discovery = new ScanDiscovery(dir, layout, queue, ledger, k -> recorder.file(k.fondsCode(), k.fileCode()));
        this.pipeline = new ScanPipeline(recorder, objects, ledger, clock);
    }

    /**
     * The scans not digitized, as {@code status} shows them: read from the store, so any process can ask, whether or
     * not a watcher runs.
     */
    public static List<ScanIssue> issues(AgentStore store) {
        return ScanLedger.issues(store);
    }

    /** Starts the background thread; scans half-processed before a restart are taken up first. */
    public synchronized void start() {
        if (running) {
            return;
        }
        try {
            Files.createDirectories(dir);
            objects.clearIncomplete();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the scan folder " + dir, e);
        }
        discovery.open();
        running = true;
        thread = new Thread(this::run, "scan-watcher");
        thread.setDaemon(true);
        thread.start();
        log.info("scan watcher started scanDir={} objectStore={} stableForMs={} rescanIntervalMs={}", dir,
                objects.describe(), stableFor.toMillis(), rescanInterval.toMillis());
    }

    /** Stops the thread; a scan being processed is finished or, if the process dies first, redone on restart. */
    @Override
    public synchronized void close() {
        running = false;
        discovery.close();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /** How many rounds the thread completed; lets a test wait for "the watcher has looked" without sleeping. */
    long rounds() {
        return rounds.get();
    }

    private void run() {
        boolean first = true;
        while (running) {
            try {
                if (first) {
                    // Before any event: the walk registers every folder and finds what arrived while we were down.
                    discovery.rescan(true);
                    nextRescan = clock.instant().plus(rescanInterval);
                    first = false;
                }
                discovery.drainEvents(pollInterval);
                if (discovery.rescanAsked() || !clock.instant().isBefore(nextRescan)) {
                    discovery.rescan(false);
                    nextRescan = clock.instant().plus(rescanInterval);
                }
                processSettled();
            } catch (ClosedWatchServiceException e) {
                if (running) {
                    discovery.eventsStopped();
                }
            } catch (InterruptedException e) {
                if (running) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            } catch (RuntimeException e) {
                // Never let one bad round (store busy, a folder removed mid-walk) stop the watcher.
                log.warn("scan watcher round failed, retrying next round scanDir={} error={}", dir, e.toString());
                sleepQuietly();
            }
            rounds.incrementAndGet();
        }
    }

    private void processSettled() {
        ScanQueue.Settled settled = queue.settled();
        for (Scan scan : settled.outsideLayout()) {
            apply(new ScanOutcome.Issue(scan, null, ScanIssue.Kind.NOT_IN_LAYOUT, null));
        }
        for (Map.Entry<FileKey, List<Scan>> group : settled.byFile().entrySet()) {
            if (!running) {
                return;
            }
            pipeline.process(group.getKey(), group.getValue()).forEach(this::apply);
        }
    }

    /** Writes one outcome to the ledger and the log, and tells discovery what becomes of the scan. */
    void apply(ScanOutcome outcome) {
        Scan scan = outcome.scan();
        Instant now = clock.instant();
        if (outcome instanceof ScanOutcome.Digitized d) {
            waitingLogged = false;
            ledger.digitized(scan, d.file(), d.object().sha256(), d.object().key(), d.sequence(), now);
            queue.remove(scan.path());
            log.info("scan digitized fondsCode={} fileCode={} objectKey={} pages={} sequence={}", d.file().fondsCode(),
                    d.file().fileCode(), d.object().key(), d.inspection().pages(), d.sequence());
        } else if (outcome instanceof ScanOutcome.AlreadyDigitized a) {
            // The run that died had recorded it: settle the ledger without a second event.
            ledger.digitized(scan, a.file(), null, a.objectKey(), null, now);
            queue.remove(scan.path());
            log.info("scan already digitized before a restart fondsCode={} fileCode={} objectKey={} scan={}",
                    a.file().fondsCode(), a.file().fileCode(), a.objectKey(), scan.path());
        } else if (outcome instanceof ScanOutcome.Issue i) {
            issue(i, now);
        } else if (outcome instanceof ScanOutcome.RetryLater r) {
            ledger.delete(scan.path());
            queue.retryAt(scan.path(), now.plus(rescanInterval));
            log.warn("scan copy failed, retrying later scan={} objectStore={} retryInMs={} error={}", scan.path(),
                    objects.describe(), rescanInterval.toMillis(), r.error().toString());
        } else if (outcome instanceof ScanOutcome.Waiting w) {
            if (!waitingLogged) {
                log.warn("scans wait until the agent can record reason={} scanDir={}", w.reason(), dir);
                waitingLogged = true;
            }
            ledger.delete(scan.path());
            queue.retryAt(scan.path(), now.plus(rescanInterval));
        } else if (outcome instanceof ScanOutcome.Changed c) {
            // Still being written after all: the copy was dropped and the scan waits to settle again.
            ledger.delete(scan.path());
            queue.changed(scan.path(), c.size(), c.modifiedAt());
        } else if (outcome instanceof ScanOutcome.Gone) {
            ledger.delete(scan.path());
            queue.remove(scan.path());
        } else {
            throw new IllegalStateException("a scan outcome the watcher does not know: " + outcome.getClass());
        }
    }

    private void issue(ScanOutcome.Issue i, Instant now) {
        ledger.issue(i.scan(), i.file(), i.kind(), i.detail(), now);
        queue.remove(i.scan().path());
        String fonds = i.file() == null ? null : i.file().fondsCode();
        String file = i.file() == null ? null : i.file().fileCode();
        if (i.kind() == ScanIssue.Kind.SECRET_REFUSED) {
            log.error("scan refused: its file is a state secret and may not be kept on a networked computer; move it to "
                    + "an offline computer fondsCode={} fileCode={} scan={}", fonds, file, i.scan().path());
        } else {
            log.warn("scan not digitized reason={} detail={} fondsCode={} fileCode={} scan={}", i.kind(), i.detail(),
                    fonds, file, i.scan().path());
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
