package org.archivesync.hub.report;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.archivesync.hub.catalogue.CatalogueReader;
import org.archivesync.hub.progress.Progress;

/**
 * How many boxes (hộp) each office holds, and which offices each former district and new commune groups, so the
 * report can give a box count beside {@code Figures}, which has metres but no count. Counts through
 * {@link CatalogueReader#boxesPerSite} (also as of a past day inside {@code CatalogueAt#read}) and groups offices as
 * {@code Progress} does ({@code Progress#members}); both go once Figures carries a box count.
 */
final class BoxCounts {

    private final CatalogueReader catalogue;
    private final Progress progress;

    BoxCounts(CatalogueReader catalogue, Progress progress) {
        this.catalogue = catalogue;
        this.progress = progress;
    }

    /** Boxes per office, offices without boxes left out. */
    Map<String, Long> perSite() {
        return catalogue.boxesPerSite();
    }

    /** The offices of each former district, by the district's unit code. */
    Map<String, Set<String>> districts() {
        return progress.members("DISTRICT", null);
    }

    /** The offices of each new commune or ward valid on {@code today}, by its unit code. */
    Map<String, Set<String>> newUnits(LocalDate today) {
        return progress.members("UNIT", today);
    }
}
