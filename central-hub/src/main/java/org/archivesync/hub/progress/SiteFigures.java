package org.archivesync.hub.progress;

import java.time.Instant;

/** A site's figures for archive.site-progress (fields of the SiteProgress schema). */
public record SiteFigures(String siteCode, String unitCode, Instant asOf, Figures figures, long lastSequence,
                          boolean atRisk) {
}
