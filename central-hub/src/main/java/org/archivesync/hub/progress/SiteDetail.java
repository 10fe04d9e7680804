package org.archivesync.hub.progress;

import java.time.LocalDate;
import java.util.List;

/** A site's fonds and storage locations, for its progress page, as of {@code asOf}. */
public record SiteDetail(String siteCode, String name, Figures figures, List<FondsFigures> fonds,
                         List<LocationFigures> locations, LocalDate asOf) {
}
