package org.archivesync.hub.ingest;

import java.util.List;

/**
 * What one batch (or a release) did, committed.
 *
 * @param applied events applied to the catalogue
 * @param redelivered events skipped because they were applied before
 * @param parked events parked (waiting for a missing sequence or a signature, or for a quarantined site's release)
 * @param quarantinedSites sites quarantined by this batch (never null)
 */
public record IngestReport(int applied, int redelivered, int parked, List<String> quarantinedSites) {
}
