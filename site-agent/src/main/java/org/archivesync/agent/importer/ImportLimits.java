package org.archivesync.agent.importer;

/**
 * What an import refuses to read. Exceeding any limit refuses the whole file.
 *
 * @param maxFileBytes    largest file accepted, checked before it is opened
 * @param maxRows         most rows (all rows, title rows included) a sheet may have
 * @param minInflateRatio smallest compressed/uncompressed ratio of an entry inside an .xlsx;
 *                        below it the entry is treated as a zip bomb (POI's ZipSecureFile)
 * @param maxEntryBytes   largest uncompressed entry inside an .xlsx (POI's ZipSecureFile)
 * @param headerScanRows  how many rows from the top are searched for the header row
 */
public record ImportLimits(long maxFileBytes, long maxRows, double minInflateRatio, long maxEntryBytes,
                           int headerScanRows) {

    public ImportLimits {
        if (maxFileBytes < 1 || maxRows < 1 || maxEntryBytes < 1 || headerScanRows < 1) {
            throw new IllegalArgumentException("import limits must be positive");
        }
        if (minInflateRatio <= 0 || minInflateRatio >= 1) {
            throw new IllegalArgumentException("minInflateRatio must be between 0 and 1");
        }
    }

    public ImportLimits withMaxFileBytes(long bytes) {
        return new ImportLimits(bytes, maxRows, minInflateRatio, maxEntryBytes, headerScanRows);
    }

    public ImportLimits withMaxRows(long rows) {
        return new ImportLimits(maxFileBytes, rows, minInflateRatio, maxEntryBytes, headerScanRows);
    }
}
