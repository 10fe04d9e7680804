package org.archivesync.agent.importer;

/**
 * Told how far a long import has got, so the CLI can draw a bar and REST can report.
 * Called on the importing thread every {@link ImportOptions#progressEvery()} data rows and
 * once at the end.
 */
@FunctionalInterface
public interface ImportProgress {

    /**
     * @param rowsRead  data rows read so far (below the header)
     * @param rowsValid of those, rows that passed the row checks; the sheet-wide duplicate
     *                  check runs at the end and may still reject some
     */
    void rowsProcessed(long rowsRead, long rowsValid);

    ImportProgress NONE = (rowsRead, rowsValid) -> { };
}
