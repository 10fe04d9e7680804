package org.archivesync.agent.recording;

import java.util.List;

/** Reports digital objects (scans) of a file, each hashed once at the office. Becomes {@code FileDigitized}. */
public record DigitizeFile(String fondsCode, String fileCode, List<ScanObject> objects) implements Command {

    /**
     * One object.
     *
     * @param sha256 64 hex characters
     */
    public record ScanObject(String objectKey, String sha256, Long sizeBytes, String mediaType, Integer pageCount,
                             Integer resolutionDpi) {
    }
}
