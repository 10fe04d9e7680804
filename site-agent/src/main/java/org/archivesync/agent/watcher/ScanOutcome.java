package org.archivesync.agent.watcher;

import org.archivesync.agent.objectstore.StoredObject;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.Refusal;

/**
 * What became of one scan in one pass of the {@link ScanPipeline}; the watcher writes it to the ledger, logs it and
 * tells discovery whether the scan is settled, waits or starts over. Sealed: these kinds and no other, each handled by
 * the watcher (Java 17 has no pattern switch, so {@code ScanWatcher.apply} lists them and fails loudly on any other).
 */
sealed interface ScanOutcome {

    /** The scan it is about. */
    Scan scan();

    /** Copied, verified and recorded in a {@code FileDigitized} event ending at {@code sequence}. */
    record Digitized(Scan scan, FileKey file, StoredObject object, ScanInspector.Inspection inspection, long sequence)
            implements ScanOutcome {
    }

    /** Recorded under {@code objectKey} by a run that died before it marked the ledger: settled without a new event. */
    record AlreadyDigitized(Scan scan, FileKey file, String objectKey) implements ScanOutcome {
    }

    /**
     * Not digitized, for the clerk to see in {@code status}.
     *
     * @param file   null when the path does not follow the layout
     * @param detail see {@link ScanIssue#detail()}; null when the kind says it all
     */
    record Issue(Scan scan, FileKey file, ScanIssue.Kind kind, String detail) implements ScanOutcome {
    }

    /** The object store failed (disk full, bucket unreachable, a copy that did not verify): worth another try later. */
    record RetryLater(Scan scan, Exception error) implements ScanOutcome {
    }

    /**
     * Copied, but the agent cannot record yet (not enrolled, or its chain forked until an operator re-bases it): the
     * copy is removed and the scan is tried again later, never marked refused.
     */
    record Waiting(Scan scan, Refusal reason) implements ScanOutcome {
    }

    /** Still being written: the scan waits to settle again at its new size and time. */
    record Changed(Scan scan, long size, long modifiedAt) implements ScanOutcome {
    }

    /** Removed or moved while being processed: forgotten until it shows up again. */
    record Gone(Scan scan) implements ScanOutcome {
    }
}
