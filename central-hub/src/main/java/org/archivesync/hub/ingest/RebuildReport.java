package org.archivesync.hub.ingest;

import java.time.Duration;

/**
 * What a rebuild of the catalogue did, committed.
 *
 * @param sites sites whose cursors it held
 * @param events stored events replayed
 * @param duration how long it took
 */
public record RebuildReport(int sites, long events, Duration duration) {
}
