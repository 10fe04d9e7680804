package org.archivesync.agent.watcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.archivesync.agent.objectstore.ObjectStore;
import org.archivesync.agent.objectstore.StoredObject;
import org.archivesync.agent.recording.DigitizeFile;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.FileSummary;
import org.archivesync.agent.recording.Recorded;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RecordingRefusedException;
import org.archivesync.agent.recording.Refusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file's settled scans, from check to event: the file is looked up before any byte is read (a state-secret,
 * unknown or inactive file's scans are never opened); then each scan is marked in progress in the ledger, inspected,
 * hashed, placed ({@link ScanPlacement}: its object key decided before the store is called), copied and verified, and
 * checked unchanged; the copies of one pass are recorded as one {@code FileDigitized} event. It answers one
 * {@link ScanOutcome} per scan and leaves the rest of the bookkeeping to the watcher; on a refusal it removes the copies
 * it made, so nothing unrecorded stays in the store.
 */
final class ScanPipeline {

    // One logger name for everything the watcher does, so an operator follows a scan in one place.
    private static final Logger log = LoggerFactory.getLogger(ScanWatcher.class);

    private final Recorder recorder;
    private final ObjectStore objects;
    private final ScanLedger ledger;
    private final Clock clock;

    ScanPipeline(Recorder recorder, ObjectStore objects, ScanLedger ledger, Clock clock) {
        this.recorder = recorder;
        this.objects = objects;
        this.ledger = ledger;
        this.clock = clock;
    }

    /** A scan copied into the store and waiting for its event. */
    private record Copied(Scan scan, StoredObject object, ScanInspector.Inspection inspection) {
    }

    /**
     * @param file  the file the scans' folder names
     * @param scans settled scans of that file, none null
     * @return one outcome per scan, in the order given
     */
    List<ScanOutcome> process(FileKey file, List<Scan> scans) {
        Optional<FileSummary> summary = recorder.file(file.fondsCode(), file.fileCode());
        if (summary.isEmpty() || summary.get().stateSecret() || !summary.get().active()) {
            ScanIssue.Kind kind = summary.isEmpty() ? ScanIssue.Kind.UNKNOWN_FILE
                    : summary.get().stateSecret() ? ScanIssue.Kind.SECRET_REFUSED : ScanIssue.Kind.FILE_NOT_ACTIVE;
            return scans.stream().<ScanOutcome>map(s -> new ScanOutcome.Issue(s, file, kind, null)).toList();
        }
        List<ScanOutcome> outcomes = new ArrayList<>();
        List<Copied> copied = new ArrayList<>();
        Set<String> inThisPass = new HashSet<>();
        for (Scan scan : scans) {
            if (scan.size() == 0) {
                outcomes.add(new ScanOutcome.Issue(scan, file, ScanIssue.Kind.EMPTY, null));
                continue;
            }
            ledger.processing(scan, file, clock.instant());
            ScanOutcome done = copy(scan, file, inThisPass, copied);
            if (done != null) {
                outcomes.add(done);
            }
        }
        if (!copied.isEmpty()) {
            outcomes.addAll(record(file, copied));
        }
        return outcomes;
    }

    /** Inspects, hashes, places and copies one scan; null when it was copied and waits for its event. */
    private ScanOutcome copy(Scan scan, FileKey file, Set<String> inThisPass, List<Copied> copied) {
        ScanInspector.Inspection inspection;
        try {
            inspection = ScanInspector.inspect(scan.file());
        } catch (ScanInspector.UnreadableScanException e) {
            return new ScanOutcome.Issue(scan, file, ScanIssue.Kind.UNREADABLE, e.reason());
        }
        StoredObject stored;
        try {
            byte[] sha256 = ObjectStore.sha256(scan.file());
            ScanPlacement placement = ScanPlacement.decide(file, sha256, inspection.extension(),
                    recorder.digitalObjectsWithSha256(sha256), inThisPass);
            if (placement instanceof ScanPlacement.AlreadyRecorded a) {
                return new ScanOutcome.AlreadyDigitized(scan, file, a.key());
            }
            if (placement instanceof ScanPlacement.Duplicate d) {
                return new ScanOutcome.Issue(scan, file, ScanIssue.Kind.DUPLICATE, d.of());
            }
            stored = objects.put(scan.file(), inspection.mediaType(), ((ScanPlacement.Store) placement).key(), sha256);
        } catch (NoSuchFileException e) {
            return new ScanOutcome.Gone(scan);
        } catch (IOException | RuntimeException e) {
            // The store (disk full, bucket unreachable, a copy that did not verify): worth another try later.
            return new ScanOutcome.RetryLater(scan, e);
        }
        ScanOutcome changed = changedSince(scan);
        if (changed != null) {
            deleteQuietly(stored.key());
            return changed;
        }
        copied.add(new Copied(scan, stored, inspection));
        return null;
    }

    private List<ScanOutcome> record(FileKey file, List<Copied> copied) {
        List<DigitizeFile.ScanObject> objectsOfFile = new ArrayList<>();
        for (Copied c : copied) {
            objectsOfFile.add(new DigitizeFile.ScanObject(c.object().key(), HexFormat.of().formatHex(c.object().sha256()),
                    c.object().sizeBytes(), c.inspection().mediaType(), c.inspection().pages(), c.inspection().dpi()));
        }
        Recorded recorded;
        try {
            recorded = recorder.digitizeFile(new DigitizeFile(file.fondsCode(), file.fileCode(), objectsOfFile));
        } catch (RecordingRefusedException e) {
            for (Copied c : copied) {
                deleteQuietly(c.object().key());
            }
            return copied.stream().map(c -> refused(c.scan(), file, e)).toList();
        }
        return copied.stream().<ScanOutcome>map(c -> new ScanOutcome.Digitized(c.scan(), file, c.object(),
                c.inspection(), recorded.lastSequence())).toList();
    }

    private static ScanOutcome refused(Scan scan, FileKey file, RecordingRefusedException e) {
        // Not enrolled yet, or a chain forked from the hub's until an operator re-bases it: the scans are fine.
        if (e.reason() == Refusal.NOT_ENROLLED || e.reason() == Refusal.FORK_BEHIND || e.reason() == Refusal.FORK_BESIDE) {
            return new ScanOutcome.Waiting(scan, e.reason());
        }
        if (e.reason() == Refusal.SECRET_DIGITAL_OBJECTS) {
            // Reclassified between our check and the recording: its copies are gone again.
            return new ScanOutcome.Issue(scan, file, ScanIssue.Kind.SECRET_REFUSED, null);
        }
        return new ScanOutcome.Issue(scan, file, ScanIssue.Kind.REFUSED, e.messageKey());
    }

    /** Still being written after all, or gone: the copy is dropped; null when the scan is as it was. */
    private static ScanOutcome changedSince(Scan scan) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(scan.file(), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            long modifiedAt = attrs.lastModifiedTime().toMillis();
            return attrs.size() == scan.size() && modifiedAt == scan.modifiedAt() ? null
                    : new ScanOutcome.Changed(scan, attrs.size(), modifiedAt);
        } catch (IOException e) {
            return new ScanOutcome.Gone(scan);
        }
    }

    private void deleteQuietly(String key) {
        try {
            objects.delete(key);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot remove an object that was not recorded objectKey={} objectStore={} error={}", key,
                    objects.describe(), e.toString());
        }
    }
}
