package org.archivesync.agent.watcher;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.archivesync.agent.objectstore.ObjectStore;
import org.archivesync.agent.objectstore.StoredObject;
import org.archivesync.agent.recording.DigitizeFile;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.FileSummary;
import org.archivesync.agent.recording.Recorded;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RecordingRefusedException;
import org.archivesync.agent.recording.Refusal;
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
 * <p>File-system events ({@link WatchService}) make it quick; a full walk every {@code rescan-interval} makes it
 * complete, since some file systems (network shares, some container mounts) deliver no events. One daemon thread does
 * everything, so nothing here needs locking.
 */
public final class ScanWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ScanWatcher.class);
    private static final Set<String> EXTENSIONS = Set.of("pdf", "tif", "tiff", "jpg", "jpeg");
    private static final int MAX_DEPTH = 16;

    private final Path dir;
    private final ScanLayout layout;
    private final Duration stableFor;
    private final Duration rescanInterval;
    private final Duration pollInterval;
    private final Recorder recorder;
    private final ScanLedger ledger;
    private final ObjectStore objects;
    private final Clock clock;

    /** Scans seen but not yet handled, by relative path. Only the watcher thread touches it. */
    private final Map<String, Candidate> pending = new LinkedHashMap<>();
    private final Map<WatchKey, Path> watched = new HashMap<>();
    private final AtomicLong rounds = new AtomicLong();
    private WatchService watchService;
    private Thread thread;
    private volatile boolean running;
    private Instant nextRescan = Instant.MIN;
    private boolean waitingForEnrollmentLogged;

    /** A scan waiting for its size to settle, or for a retry. */
    private static final class Candidate {
        final Path file;
        final String path;
        long size;
        long modifiedAt;
        Instant stableSince;
        Instant retryAt = Instant.MIN;

        Candidate(Path file, String path, long size, long modifiedAt, Instant stableSince) {
            this.file = file;
            this.path = path;
            this.size = size;
            this.modifiedAt = modifiedAt;
            this.stableSince = stableSince;
        }
    }

    ScanWatcher(ScanSettings settings, Recorder recorder, AgentStore store, ObjectStore objects, Clock clock) {
        this.dir = Path.of(settings.dir()).toAbsolutePath().normalize();
        this.layout = new ScanLayout(settings.pathPattern(), settings.defaultFonds());
        this.stableFor = settings.stableFor();
        this.rescanInterval = settings.rescanInterval();
        this.pollInterval = settings.pollInterval();
        this.recorder = recorder;
        this.ledger = new ScanLedger(store);
        this.objects = objects;
        this.clock = clock;
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
        try {
            watchService = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("file-system events unavailable, relying on the periodic rescan scanDir={} error={}", dir, e.toString());
            watchService = null;
        }
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
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                // closing only wakes the thread up
            }
        }
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
                    rescan(true);
                    nextRescan = clock.instant().plus(rescanInterval);
                    first = false;
                }
                drainEvents();
                if (!clock.instant().isBefore(nextRescan)) {
                    rescan(false);
                    nextRescan = clock.instant().plus(rescanInterval);
                }
                processStable();
            } catch (ClosedWatchServiceException e) {
                if (running) {
                    log.warn("file-system events stopped, relying on the periodic rescan scanDir={}", dir);
                    watchService = null;
                }
            } catch (InterruptedException e) {
                if (running) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            } catch (RuntimeException | IOException e) {
                // Never let one bad round (store busy, a folder removed mid-walk) stop the watcher.
                log.warn("scan watcher round failed, retrying next round scanDir={} error={}", dir, e.toString());
                sleepQuietly();
            }
            rounds.incrementAndGet();
        }
    }

    private void drainEvents() throws InterruptedException, IOException {
        if (watchService == null) {
            Thread.sleep(pollInterval.toMillis());
            return;
        }
        WatchKey key = watchService.poll(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
        while (key != null) {
            Path folder = watched.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == OVERFLOW || folder == null) {
                    nextRescan = Instant.MIN;
                    continue;
                }
                Path child = folder.resolve((Path) event.context());
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    walk(child, null, false);
                } else {
                    consider(child, null, false);
                }
            }
            if (!key.reset()) {
                watched.remove(key);
            }
            key = watchService.poll();
        }
    }

    /** Walks the folder: registers folders for events, queues new or changed scans, forgets issues of removed ones. */
    private void rescan(boolean starting) throws IOException {
        Map<String, ScanLedger.Entry> known = ledger.all();
        Set<String> present = new HashSet<>();
        walk(dir, known, starting, present);
        for (ScanLedger.Entry entry : known.values()) {
            if (!present.contains(entry.path()) && !entry.state().equals(ScanLedger.DIGITIZED)) {
                // Moved away or deleted: the issue is settled (a secret scan taken to the offline PC, say).
                ledger.delete(entry.path());
                pending.remove(entry.path());
                log.info("scan gone from the folder, issue cleared scan={} state={}", entry.path(), entry.state());
            }
        }
    }

    private void walk(Path start, Map<String, ScanLedger.Entry> known, boolean starting) throws IOException {
        walk(start, known, starting, new HashSet<>());
    }

    private void walk(Path start, Map<String, ScanLedger.Entry> known, boolean starting, Set<String> present)
            throws IOException {
        Map<String, ScanLedger.Entry> ledgerNow = known != null ? known : ledger.all();
        Map<FileKey, Optional<FileSummary>> files = new HashMap<>();
        Files.walkFileTree(start, Set.of(), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path folder, BasicFileAttributes attrs) {
                if (!folder.equals(dir) && hidden(folder)) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                register(folder);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String path = consider(file, ledgerNow, starting);
                if (path != null) {
                    present.add(path);
                    recheck(path, ledgerNow.get(path), files);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void register(Path folder) {
        if (watchService == null || watched.containsValue(folder)) {
            return;
        }
        try {
            watched.put(folder.register(watchService, ENTRY_CREATE, ENTRY_MODIFY), folder);
        } catch (IOException | UnsupportedOperationException | ClosedWatchServiceException e) {
            log.debug("cannot watch folder, the rescan covers it folder={} error={}", folder, e.toString());
        }
    }

    /**
     * Queues a scan file unless the ledger already settled this version of it; returns its relative path, or null
     * when it is not a scan.
     */
    private String consider(Path file, Map<String, ScanLedger.Entry> known, boolean starting) {
        if (!scanName(file)) {
            return null;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
        if (!attrs.isRegularFile()) {
            return null;
        }
        String path = relative(file);
        long size = attrs.size();
        long modifiedAt = attrs.lastModifiedTime().toMillis();
        ScanLedger.Entry entry = known != null ? known.get(path) : ledger.get(path).orElse(null);
        if (entry != null && entry.sameVersion(size, modifiedAt) && !entry.state().equals(ScanLedger.PROCESSING)) {
            return path;
        }
        Candidate candidate = pending.get(path);
        if (candidate == null || candidate.size != size || candidate.modifiedAt != modifiedAt) {
            boolean resumed = starting && entry != null && entry.state().equals(ScanLedger.PROCESSING)
                    && entry.sameVersion(size, modifiedAt);
            Instant now = clock.instant();
            if (resumed) {
                log.info("scan was half-processed when the agent stopped, processing it again scan={}", path);
            }
            // A resumed scan was already stable before the restart.
            pending.put(path, new Candidate(file, path, size, modifiedAt, resumed ? now.minus(stableFor) : now));
        }
        return path;
    }

    /** A scan waiting for its file to be recorded (or re-activated) is queued again once it is. */
    private void recheck(String path, ScanLedger.Entry entry, Map<FileKey, Optional<FileSummary>> files) {
        if (entry == null || pending.containsKey(path) || !(entry.state().equals(ScanIssue.Kind.UNKNOWN_FILE.name())
                || entry.state().equals(ScanIssue.Kind.FILE_NOT_ACTIVE.name()))) {
            return;
        }
        Optional<FileKey> key = layout.fileOf(path);
        if (key.isEmpty()) {
            return;
        }
        Optional<FileSummary> file = files.computeIfAbsent(key.get(), k -> recorder.file(k.fondsCode(), k.fileCode()));
        if (file.isPresent() && (file.get().active() || file.get().stateSecret())) {
            pending.put(path, new Candidate(dir.resolve(path), path, entry.size(), entry.modifiedAt(),
                    clock.instant().minus(stableFor)));
        }
    }

    /** Takes the scans whose size settled, grouped by file. */
    private void processStable() {
        Instant now = clock.instant();
        Map<FileKey, List<Candidate>> byFile = new LinkedHashMap<>();
        for (Candidate c : new ArrayList<>(pending.values())) {
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(c.file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                pending.remove(c.path);
                continue;
            }
            long modifiedAt = attrs.lastModifiedTime().toMillis();
            if (attrs.size() != c.size || modifiedAt != c.modifiedAt) {
                c.size = attrs.size();
                c.modifiedAt = modifiedAt;
                c.stableSince = now;
                continue;
            }
            if (now.isBefore(c.stableSince.plus(stableFor)) || now.isBefore(c.retryAt)) {
                continue;
            }
            Optional<FileKey> file = layout.fileOf(c.path);
            if (file.isEmpty()) {
                issue(c, null, ScanIssue.Kind.NOT_IN_LAYOUT, null, null);
                continue;
            }
            byFile.computeIfAbsent(file.get(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<FileKey, List<Candidate>> group : byFile.entrySet()) {
            if (!running) {
                return;
            }
            processFile(group.getKey(), group.getValue());
        }
    }

    /** One file's new scans: checks before any byte is read, then hash, count, copy, verify, one event. */
    private void processFile(FileKey key, List<Candidate> scans) {
        Optional<FileSummary> file = recorder.file(key.fondsCode(), key.fileCode());
        if (file.isEmpty() || file.get().stateSecret() || !file.get().active()) {
            ScanIssue.Kind kind = file.isEmpty() ? ScanIssue.Kind.UNKNOWN_FILE
                    : file.get().stateSecret() ? ScanIssue.Kind.SECRET_REFUSED : ScanIssue.Kind.FILE_NOT_ACTIVE;
            for (Candidate c : scans) {
                issue(c, key, kind, null, null);
            }
            return;
        }
        List<Copied> copied = new ArrayList<>();
        Set<String> inThisRound = new HashSet<>();
        for (Candidate c : scans) {
            if (c.size == 0) {
                issue(c, key, ScanIssue.Kind.EMPTY, null, null);
                continue;
            }
            ledger.save(new ScanLedger.Row(c.path, key.fondsCode(), key.fileCode(), c.size, c.modifiedAt,
                    ScanLedger.PROCESSING, null, null, null, null), clock.instant());
            Copied done = copy(c, key, inThisRound);
            if (done != null) {
                copied.add(done);
            }
        }
        if (!copied.isEmpty()) {
            record(key, copied);
        }
    }

    /** A scan copied into the object store and waiting for its event. */
    private record Copied(Candidate scan, StoredObject object, ScanInspector.Inspection inspection) {
    }

    private Copied copy(Candidate c, FileKey key, Set<String> inThisRound) {
        ScanInspector.Inspection inspection;
        try {
            inspection = ScanInspector.inspect(c.file);
        } catch (ScanInspector.UnreadableScanException e) {
            issue(c, key, ScanIssue.Kind.UNREADABLE, e.reason(), null);
            return null;
        }
        String[] outcome = new String[2];
        Optional<StoredObject> stored;
        try {
            stored = objects.put(c.file, inspection.mediaType(), sha -> {
                String hex = HexFormat.of().formatHex(sha);
                String objectKey = key.fondsCode() + "/" + key.fileCode() + "/" + hex + inspection.extension();
                List<FileSummary.StoredObject> same = recorder.digitalObjectsWithSha256(sha);
                if (same.contains(new FileSummary.StoredObject(key.fondsCode(), key.fileCode(), objectKey))) {
                    outcome[0] = "recorded";
                    outcome[1] = objectKey;
                    return null;
                }
                if (!same.isEmpty()) {
                    outcome[0] = "duplicate";
                    outcome[1] = same.get(0).objectKey();
                    return null;
                }
                if (!inThisRound.add(hex)) {
                    outcome[0] = "duplicate";
                    outcome[1] = objectKey;
                    return null;
                }
                return objectKey;
            });
        } catch (NoSuchFileException e) {
            forget(c);
            return null;
        } catch (IOException | RuntimeException e) {
            // The store (disk full, bucket unreachable, a copy that did not verify): worth another try later.
            retryLater(c, e);
            return null;
        }
        if (stored.isEmpty()) {
            if ("recorded".equals(outcome[0])) {
                // The run that died had recorded it: settle the ledger without a second event.
                ledger.save(new ScanLedger.Row(c.path, key.fondsCode(), key.fileCode(), c.size, c.modifiedAt,
                        ScanLedger.DIGITIZED, null, null, outcome[1], null), clock.instant());
                pending.remove(c.path);
                log.info("scan already digitized before a restart fondsCode={} fileCode={} objectKey={} scan={}",
                        key.fondsCode(), key.fileCode(), outcome[1], c.path);
            } else {
                issue(c, key, ScanIssue.Kind.DUPLICATE, outcome[1], null);
            }
            return null;
        }
        if (changedSince(c)) {
            deleteQuietly(stored.get().key());
            return null;
        }
        return new Copied(c, stored.get(), inspection);
    }

    private void record(FileKey key, List<Copied> copied) {
        List<DigitizeFile.ScanObject> objectsOfFile = new ArrayList<>();
        for (Copied c : copied) {
            objectsOfFile.add(new DigitizeFile.ScanObject(c.object().key(), HexFormat.of().formatHex(c.object().sha256()),
                    c.object().sizeBytes(), c.inspection().mediaType(), c.inspection().pages(), c.inspection().dpi()));
        }
        Recorded recorded;
        try {
            recorded = recorder.digitizeFile(new DigitizeFile(key.fondsCode(), key.fileCode(), objectsOfFile));
        } catch (RecordingRefusedException e) {
            for (Copied c : copied) {
                deleteQuietly(c.object().key());
            }
            refused(key, copied, e);
            return;
        }
        waitingForEnrollmentLogged = false;
        for (Copied c : copied) {
            ledger.save(new ScanLedger.Row(c.scan().path, key.fondsCode(), key.fileCode(), c.scan().size,
                    c.scan().modifiedAt, ScanLedger.DIGITIZED, null, c.object().sha256(), c.object().key(),
                    recorded.lastSequence()), clock.instant());
            pending.remove(c.scan().path);
            log.info("scan digitized fondsCode={} fileCode={} objectKey={} pages={} sequence={}", key.fondsCode(),
                    key.fileCode(), c.object().key(), c.inspection().pages(), recorded.lastSequence());
        }
    }

    private void refused(FileKey key, List<Copied> copied, RecordingRefusedException e) {
        // Not enrolled yet, or a chain forked from the hub's until an operator re-bases it: the scans are fine, they
        // wait and are tried again, never marked refused.
        boolean waits = e.reason() == Refusal.NOT_ENROLLED || e.reason() == Refusal.FORK_BEHIND
                || e.reason() == Refusal.FORK_BESIDE;
        if (waits) {
            if (!waitingForEnrollmentLogged) {
                log.warn("scans wait until the agent can record reason={} scanDir={} waiting={}", e.reason(), dir,
                        copied.size());
                waitingForEnrollmentLogged = true;
            }
            for (Copied c : copied) {
                ledger.delete(c.scan().path);
                c.scan().retryAt = clock.instant().plus(rescanInterval);
            }
            return;
        }
        for (Copied c : copied) {
            if (e.reason() == Refusal.SECRET_DIGITAL_OBJECTS) {
                // Reclassified between our check and the recording: its copies are gone again.
                issue(c.scan(), key, ScanIssue.Kind.SECRET_REFUSED, null, null);
            } else {
                issue(c.scan(), key, ScanIssue.Kind.REFUSED, e.messageKey(), null);
            }
        }
    }

    private void issue(Candidate c, FileKey key, ScanIssue.Kind kind, String detail, byte[] sha256) {
        ledger.save(new ScanLedger.Row(c.path, key == null ? null : key.fondsCode(), key == null ? null : key.fileCode(),
                c.size, c.modifiedAt, kind.name(), detail, kind == ScanIssue.Kind.SECRET_REFUSED ? null : sha256, null,
                null), clock.instant());
        pending.remove(c.path);
        String fonds = key == null ? null : key.fondsCode();
        String file = key == null ? null : key.fileCode();
        if (kind == ScanIssue.Kind.SECRET_REFUSED) {
            log.error("scan refused: its file is a state secret and may not be kept on a networked computer; move it to "
                    + "an offline computer fondsCode={} fileCode={} scan={}", fonds, file, c.path);
        } else {
            log.warn("scan not digitized reason={} detail={} fondsCode={} fileCode={} scan={}", kind, detail, fonds,
                    file, c.path);
        }
    }

    private void retryLater(Candidate c, Exception e) {
        ledger.delete(c.path);
        c.retryAt = clock.instant().plus(rescanInterval);
        log.warn("scan copy failed, retrying later scan={} objectStore={} retryInMs={} error={}", c.path,
                objects.describe(), rescanInterval.toMillis(), e.toString());
    }

    private void forget(Candidate c) {
        ledger.delete(c.path);
        pending.remove(c.path);
    }

    /** Still being written after all: the copy is dropped and the scan waits to settle again. */
    private boolean changedSince(Candidate c) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(c.file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attrs.size() == c.size && attrs.lastModifiedTime().toMillis() == c.modifiedAt) {
                return false;
            }
            c.size = attrs.size();
            c.modifiedAt = attrs.lastModifiedTime().toMillis();
        } catch (IOException e) {
            pending.remove(c.path);
        }
        c.stableSince = clock.instant();
        ledger.delete(c.path);
        return true;
    }

    private void deleteQuietly(String key) {
        try {
            objects.delete(key);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot remove an object that was not recorded objectKey={} objectStore={} error={}", key,
                    objects.describe(), e.toString());
        }
    }

    private String relative(Path file) {
        Path rel = dir.relativize(file.toAbsolutePath().normalize());
        StringBuilder out = new StringBuilder();
        for (Path part : rel) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(part);
        }
        return out.toString();
    }

    private static boolean scanName(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || name.startsWith("~$")) {
            return false;
        }
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path folder) {
        Path name = folder.getFileName();
        return name != null && name.toString().startsWith(".");
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
