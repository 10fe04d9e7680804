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
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.FileSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the scans in the folder: file-system events make it quick, a full walk (at start and every
 * {@code rescan-interval}) makes it complete. A scan goes into the {@link ScanQueue} unless the ledger already settled
 * this version of it (same size and modification time); a scan waiting for its file to be recorded goes again once
 * the file is; the issue of a scan gone from the folder is cleared. Only the watcher's thread calls it, so nothing
 * here needs locking.
 */
final class ScanDiscovery implements AutoCloseable {

    // One logger name for everything the watcher does, so an operator follows a scan in one place.
    private static final Logger log = LoggerFactory.getLogger(ScanWatcher.class);
    private static final Set<String> EXTENSIONS = Set.of("pdf", "tif", "tiff", "jpg", "jpeg");
    private static final int MAX_DEPTH = 16;

    private final Path dir;
    private final ScanLayout layout;
    private final ScanQueue queue;
    private final ScanLedger ledger;
    private final Function<FileKey, Optional<FileSummary>> files;
    private final Map<WatchKey, Path> watched = new HashMap<>();
    private WatchService watchService;
    private boolean rescanNow;

    /**
     * @param files looks a file up by its key, to know whether a scan waiting for it can go again
     */
    ScanDiscovery(Path dir, ScanLayout layout, ScanQueue queue, ScanLedger ledger,
                  Function<FileKey, Optional<FileSummary>> files) {
        this.dir = dir;
        this.layout = layout;
        this.queue = queue;
        this.ledger = ledger;
        this.files = files;
    }

    /** Asks for file-system events; without them (some shares and mounts) the periodic walk does the work. */
    void open() {
        try {
            watchService = FileSystems.getDefault().newWatchService();
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("file-system events unavailable, relying on the periodic rescan scanDir={} error={}", dir, e.toString());
            watchService = null;
        }
    }

    @Override
    public void close() {
        if (watchService != null) {
            try {
                watchService.close();
            } catch (IOException e) {
                // closing only wakes the thread up
            }
        }
    }

    /** Events stopped (the service was closed under us): from now on the periodic walk does the work. */
    void eventsStopped() {
        log.warn("file-system events stopped, relying on the periodic rescan scanDir={}", dir);
        watchService = null;
    }

    /** Whether an event asked for a walk (the system dropped events, or named a folder not watched). */
    boolean rescanAsked() {
        boolean asked = rescanNow;
        rescanNow = false;
        return asked;
    }

    /** Waits up to {@code poll} for events and takes what they name; without events, just waits. */
    void drainEvents(Duration poll) throws InterruptedException {
        if (watchService == null) {
            Thread.sleep(poll.toMillis());
            return;
        }
        WatchKey key = watchService.poll(poll.toMillis(), TimeUnit.MILLISECONDS);
        while (key != null) {
            Path folder = watched.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == OVERFLOW || folder == null) {
                    rescanNow = true;
                    continue;
                }
                Path child = folder.resolve((Path) event.context());
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    walk(child, ledger.all(), false, new HashSet<>());
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

    /**
     * Walks the folder: registers folders for events, queues new or changed scans, forgets the issues of scans gone.
     *
     * @param starting the first walk after a start: a scan the ledger says was half-processed is taken up again
     */
    void rescan(boolean starting) {
        Map<String, ScanLedger.Entry> known = ledger.all();
        Set<String> present = new HashSet<>();
        walk(dir, known, starting, present);
        for (ScanLedger.Entry entry : known.values()) {
            if (!present.contains(entry.path()) && !entry.state().equals(ScanLedger.DIGITIZED)) {
                // Moved away or deleted: the issue is settled (a secret scan taken to the offline PC, say).
                ledger.delete(entry.path());
                queue.remove(entry.path());
                log.info("scan gone from the folder, issue cleared scan={} state={}", entry.path(), entry.state());
            }
        }
    }

    private void walk(Path start, Map<String, ScanLedger.Entry> known, boolean starting, Set<String> present) {
        Map<FileKey, Optional<FileSummary>> looked = new HashMap<>();
        try {
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
                    String path = consider(file, known, starting);
                    if (path != null) {
                        present.add(path);
                        recheck(path, known.get(path), looked);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + start, e);
        }
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
     *
     * @param known the ledger as read for this walk; null to ask the ledger about this path alone
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
        // A scan half-processed when the agent stopped was already stable before the restart.
        boolean resumed = starting && entry != null && entry.state().equals(ScanLedger.PROCESSING)
                && entry.sameVersion(size, modifiedAt);
        if (queue.offer(file, path, size, modifiedAt, resumed) && resumed) {
            log.info("scan was half-processed when the agent stopped, processing it again scan={}", path);
        }
        return path;
    }

    /** A scan waiting for its file to be recorded (or re-activated) is queued again once it is. */
    private void recheck(String path, ScanLedger.Entry entry, Map<FileKey, Optional<FileSummary>> looked) {
        if (entry == null || queue.contains(path) || !(entry.state().equals(ScanIssue.Kind.UNKNOWN_FILE.name())
                || entry.state().equals(ScanIssue.Kind.FILE_NOT_ACTIVE.name()))) {
            return;
        }
        Optional<FileKey> key = layout.fileOf(path);
        if (key.isEmpty()) {
            return;
        }
        Optional<FileSummary> file = looked.computeIfAbsent(key.get(), files);
        if (file.isPresent() && (file.get().active() || file.get().stateSecret())) {
            queue.offer(dir.resolve(path), path, entry.size(), entry.modifiedAt(), true);
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

    static boolean scanName(Path file) {
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
}
