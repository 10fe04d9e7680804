package org.archivesync.agent.watcher;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.FileSummary;

/**
 * Where a scan's content goes, decided from its SHA-256 before the object store is called: under
 * {@code <fondsCode>/<fileCode>/<sha256>.<ext>}, unless that object is already recorded for this file (a run that died
 * after recording it), or the same content is recorded elsewhere or was met earlier in this pass (a duplicate, never
 * copied). No I/O.
 */
sealed interface ScanPlacement {

    /** Copy the scan under {@code key}. */
    record Store(String key) implements ScanPlacement {
    }

    /** This very object is recorded already: settle the ledger, copy nothing, record nothing. */
    record AlreadyRecorded(String key) implements ScanPlacement {
    }

    /**
     * The content is already there: not copied.
     *
     * @param of the key of the recorded object it repeats, or the key it would have had when it repeats another scan
     *           of this pass
     */
    record Duplicate(String of) implements ScanPlacement {
    }

    /**
     * @param sha256      the scan's SHA-256 (32 bytes)
     * @param extension   with its dot, from the scan's media type ({@code .pdf})
     * @param recorded    the objects already recorded with this SHA-256, in any file
     * @param inThisPass  the SHA-256s (hex) this pass already placed; this one is added when it is to be stored
     */
    static ScanPlacement decide(FileKey file, byte[] sha256, String extension, List<FileSummary.StoredObject> recorded,
                                Set<String> inThisPass) {
        String hex = HexFormat.of().formatHex(sha256);
        String key = file.fondsCode() + "/" + file.fileCode() + "/" + hex + extension;
        if (recorded.contains(new FileSummary.StoredObject(file.fondsCode(), file.fileCode(), key))) {
            return new AlreadyRecorded(key);
        }
        if (!recorded.isEmpty()) {
            return new Duplicate(recorded.get(0).objectKey());
        }
        if (!inThisPass.add(hex)) {
            return new Duplicate(key);
        }
        return new Store(key);
    }
}
