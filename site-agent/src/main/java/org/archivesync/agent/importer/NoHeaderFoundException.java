package org.archivesync.agent.importer;

import java.util.List;

/** No row among the first {@link ImportLimits#headerScanRows()} has a recognisable header with a file-code column. */
public final class NoHeaderFoundException extends ImportRefusedException {

    private final int scannedRows;

    NoHeaderFoundException(String file, int scannedRows) {
        super("import.refused.no-header", List.of(file, scannedRows), null);
        this.scannedRows = scannedRows;
    }

    public int scannedRows() {
        return scannedRows;
    }
}
