package org.archivesync.agent.watcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.archivesync.agent.recording.FileKey;

/**
 * The scans seen but not yet settled, by path: each is handed out once its size and modification time have not
 * changed for {@code stable-for} (and a retry time, if it has one, has come). Only the watcher's thread uses it.
 */
final class ScanQueue {

    /** The settled scans of one round: grouped by the file their path names, and those outside the layout. */
    record Settled(Map<FileKey, List<Scan>> byFile, List<Scan> outsideLayout) {
    }

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

    private final ScanLayout layout;
    private final Duration stableFor;
    private final Clock clock;
    private final Map<String, Candidate> pending = new LinkedHashMap<>();

    ScanQueue(ScanLayout layout, Duration stableFor, Clock clock) {
        this.layout = layout;
        this.stableFor = stableFor;
        this.clock = clock;
    }

    /**
     * Queues this version of a scan, unless it is queued at this size and time already.
     *
     * @param settledAlready it was stable before (a scan resumed after a restart, or one whose file got recorded):
     *                       it need not wait {@code stable-for} again
     * @return whether it was queued now
     */
    boolean offer(Path file, String path, long size, long modifiedAt, boolean settledAlready) {
        Candidate c = pending.get(path);
        if (c != null && c.size == size && c.modifiedAt == modifiedAt) {
            return false;
        }
        Instant now = clock.instant();
        pending.put(path, new Candidate(file, path, size, modifiedAt, settledAlready ? now.minus(stableFor) : now));
        return true;
    }

    boolean contains(String path) {
        return pending.containsKey(path);
    }

    /** Settled (digitized or an issue) or gone: no longer waited for. */
    void remove(String path) {
        pending.remove(path);
    }

    /** Tried again once {@code at} has come. */
    void retryAt(String path, Instant at) {
        Candidate c = pending.get(path);
        if (c != null) {
            c.retryAt = at;
        }
    }

    /** Changed while it was processed: it must settle again at its new size and time. */
    void changed(String path, long size, long modifiedAt) {
        Candidate c = pending.get(path);
        if (c != null) {
            c.size = size;
            c.modifiedAt = modifiedAt;
            c.stableSince = clock.instant();
        }
    }

    /** The scans whose size and time settled (and whose retry time came), by file; a scan no longer there is dropped. */
    Settled settled() {
        Instant now = clock.instant();
        Map<FileKey, List<Scan>> byFile = new LinkedHashMap<>();
        List<Scan> outside = new ArrayList<>();
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
            Scan scan = new Scan(c.file, c.path, c.size, c.modifiedAt);
            Optional<FileKey> file = layout.fileOf(c.path);
            if (file.isEmpty()) {
                outside.add(scan);
            } else {
                byFile.computeIfAbsent(file.get(), k -> new ArrayList<>()).add(scan);
            }
        }
        return new Settled(byFile, outside);
    }
}
