package org.archivesync.hub.report;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.archivesync.hub.progress.Figures;
import org.archivesync.hub.progress.Progress;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How many boxes (hộp) each office holds, and which offices each former district and new commune groups, so the
 * report can give a box count beside {@code Figures}, which has metres but no count. Reads {@code boxes}
 * (the catalogue's projection, also as of a past day inside {@code CatalogueAt#read}) and groups offices as
 * {@code Progress} does ({@code Progress#members}); both go once Figures carries a box count.
 */
final class BoxCounts {

    private static final String PER_SITE = """
            SELECT b.site_code, count(*) FROM boxes b GROUP BY b.site_code""";

    private final JdbcClient jdbc;
    private final Progress progress;

    BoxCounts(JdbcClient jdbc, Progress progress) {
        this.jdbc = jdbc;
        this.progress = progress;
    }

    /** Boxes per office, offices without boxes left out. */
    Map<String, Long> perSite() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql(PER_SITE).query(rs -> {
            counts.put(rs.getString(1), rs.getLong(2));
        });
        return counts;
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
