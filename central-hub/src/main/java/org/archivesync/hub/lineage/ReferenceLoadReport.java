package org.archivesync.hub.lineage;

import java.util.List;

/**
 * What a load of reference data did, or would do on a dry run.
 *
 * @param kind UNITS, LINEAGE or BUNDLE (the shipped files)
 * @param dryRun true when nothing was kept
 * @param checksum SHA-256 (hex) of the data loaded
 * @param rowsRead records read (comments and header not counted)
 * @param rowsRejected records refused; the others are applied (or would be)
 * @param unitsChanged units inserted or changed
 * @param lineageChanged lineage rows inserted, changed or removed
 * @param errors every refused value (never null)
 */
public record ReferenceLoadReport(String kind, boolean dryRun, String checksum, int rowsRead, int rowsRejected,
                                  int unitsChanged, int lineageChanged, List<RowError> errors) {
}
