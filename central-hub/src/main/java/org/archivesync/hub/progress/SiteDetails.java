package org.archivesync.hub.progress;

import java.time.LocalDate;
import java.util.List;
import org.archivesync.hub.api.NotFoundException;
import org.archivesync.hub.asof.CatalogueAt;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One office's figures per fonds and per storage location as of a day, for its progress page. */
final class SiteDetails {

    private static final String SITE_FONDS = """
            WITH %s
            SELECT p.fonds_code, f.name, p.inventoried, p.unsorted, p.boxed, p.sealed, p.source
            FROM per_fonds p LEFT JOIN fonds f USING (fonds_code)
            WHERE p.site_code = :site ORDER BY p.fonds_code""".formatted(ProgressReading.PER_FONDS);

    // Per storage location of one site, by the rule of PER_FONDS: per fonds and location the larger of what was
    // reported packed or sealed there and the boxes itemised there. '' stands for "no location" (the fonds as a whole,
    // or boxes with no location) so the two sides join.
    private static final String SITE_LOCATIONS = """
            WITH reported AS (SELECT e.* FROM extents e
                         WHERE e.site_code = :site AND (e.location_code IS NOT NULL OR NOT EXISTS (SELECT 1 FROM extents l
                               WHERE l.site_code = e.site_code AND l.fonds_code = e.fonds_code AND l.location_code IS NOT NULL))),
            rl AS (SELECT fonds_code, coalesce(location_code, '') AS k, sum(sorted_metres) AS sorted,
                       sum(unsorted_metres) AS unsorted, sum(packed_metres) AS packed, sum(sealed_metres) AS sealed
                   FROM reported GROUP BY 1, 2),
            bl AS (SELECT fonds_code, coalesce(location_code, '') AS k, sum(metres) AS packed,
                       coalesce(sum(metres) FILTER (WHERE state = 'SEALED'), 0) AS sealed
                   FROM boxes WHERE site_code = :site GROUP BY 1, 2),
            pl AS (SELECT k, coalesce(rl.sorted, 0) AS sorted, coalesce(rl.unsorted, 0) AS unsorted,
                       greatest(coalesce(rl.packed, 0), coalesce(bl.packed, 0)) AS packed,
                       greatest(coalesce(rl.sealed, 0), coalesce(bl.sealed, 0)) AS sealed
                   FROM rl FULL JOIN bl USING (fonds_code, k))
            SELECT nullif(pl.k, '') AS location_code, l.name, l.location_code IS NOT NULL AS registered,
                sum(pl.sorted) AS sorted, sum(pl.unsorted) AS unsorted, sum(pl.packed) AS packed, sum(pl.sealed) AS sealed
            FROM pl LEFT JOIN storage_locations l ON l.site_code = :site AND l.location_code = pl.k
            GROUP BY pl.k, l.name, l.location_code
            ORDER BY pl.k = '', pl.k""";

    private static final String SITE_NAME = "SELECT name FROM sites WHERE site_code = :site";

    private final JdbcClient jdbc;
    private final ProgressReading reading;
    private final CatalogueAt catalogueAt;

    SiteDetails(JdbcClient jdbc, ProgressReading reading, CatalogueAt catalogueAt) {
        this.jdbc = jdbc;
        this.reading = reading;
        this.catalogueAt = catalogueAt;
    }

    /** @throws NotFoundException when there is no such site (or it is the historical archive) */
    SiteDetail site(String siteCode, LocalDate day) {
        return catalogueAt.read(day, () -> {
            Figures figures = reading.figuresOf(siteCode).orElseThrow(() -> new NotFoundException("site", siteCode));
            String name = jdbc.sql(SITE_NAME).param("site", siteCode).query(String.class).single();
            List<FondsFigures> fonds = jdbc.sql(SITE_FONDS).param("site", siteCode).query((rs, n) -> new FondsFigures(
                    rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                    rs.getBigDecimal(6), rs.getString(7))).list();
            List<LocationFigures> locations = jdbc.sql(SITE_LOCATIONS).param("site", siteCode).query((rs, n) ->
                    new LocationFigures(rs.getString(1), rs.getString(2), rs.getBoolean(3) || rs.getString(1) == null,
                            rs.getBigDecimal(4), rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7))).list();
            return new SiteDetail(siteCode, name, figures, fonds, locations, day);
        });
    }
}
