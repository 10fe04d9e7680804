package org.archivesync.agent.importer;

import java.util.List;

/** The file is larger than {@link ImportLimits#maxFileBytes()}; it was not opened. */
public final class FileTooLargeException extends ImportRefusedException {

    private final long bytes;
    private final long limitBytes;

    FileTooLargeException(String file, long bytes, long limitBytes) {
        super("import.refused.file-too-large", List.of(file, bytes, limitBytes), null);
        this.bytes = bytes;
        this.limitBytes = limitBytes;
    }

    public long bytes() {
        return bytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
