package org.archivesync.hub.catalogue;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.archivesync.avro.SiteProgress;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The progress figures of sites, from the projections, in one statement for any number of sites. The big tables
 * (files, appraisals, scans) are aggregated once for all the sites asked, not once per site, as they have no index by
 * site: a round costs one scan of each, which is why the outbox sends progress at most every progress interval.
 */
final class ProgressFigures {

    // Metres: extents are the office's own totals (sorted + unsorted backlog); boxes all packed metres, sealed those
    // sealed; handovers count for the sender once both sides recorded them, to the historical archive as transferred,
    // to a successor unit as handed over; destructions as applied. Appraisals count for the site that appraised,
    // scans for the site that reported them. lastSequence is the site's ingest cursor.
    private static final String FIGURES = """
            WITH s AS (SELECT DISTINCT unnest(:sites::text[]) AS site_code),
            f AS (SELECT site_code, count(*) FILTER (WHERE custody_state <> 'WITHDRAWN') AS files FROM files
                  WHERE site_code = ANY(:sites::text[]) GROUP BY site_code),
            a AS (SELECT site_code, count(*) FILTER (WHERE decision = 'TRANSFER_TO_HISTORICAL') AS transfer,
                         count(*) FILTER (WHERE decision = 'KEEP_AT_SUCCESSOR') AS keep,
                         count(*) FILTER (WHERE decision = 'DESTROY') AS destroy
                  FROM appraisals WHERE site_code = ANY(:sites::text[]) GROUP BY site_code),
            d AS (SELECT site_code, sum(page_count) AS pages FROM digital_objects
                  WHERE site_code = ANY(:sites::text[]) GROUP BY site_code)
            SELECT s.site_code,
                (SELECT coalesce(sum(sorted_metres + unsorted_metres), 0) FROM extents x WHERE x.site_code = s.site_code),
                (SELECT coalesce(sum(unsorted_metres), 0) FROM extents x WHERE x.site_code = s.site_code),
                (SELECT coalesce(sum(metres), 0) FROM boxes b WHERE b.site_code = s.site_code),
                (SELECT coalesce(sum(metres), 0) FROM boxes b WHERE b.site_code = s.site_code AND b.state = 'SEALED'),
                coalesce(d.pages, 0),
                (SELECT coalesce(sum(metres), 0) FROM handovers h WHERE h.sender_site_code = s.site_code
                    AND h.receiver_kind = 'HISTORICAL_ARCHIVE' AND h.status IN ('RECEIVED', 'RECEIVED_WITH_DISCREPANCIES')),
                (SELECT coalesce(sum(metres), 0) FROM handovers h WHERE h.sender_site_code = s.site_code
                    AND h.receiver_kind = 'SUCCESSOR_UNIT' AND h.status IN ('RECEIVED', 'RECEIVED_WITH_DISCREPANCIES')),
                (SELECT coalesce(sum(metres), 0) FROM destructions x WHERE x.site_code = s.site_code AND x.status = 'APPLIED'),
                coalesce(f.files, 0), coalesce(a.transfer, 0), coalesce(a.keep, 0), coalesce(a.destroy, 0),
                (SELECT coalesce(max(last_sequence), 0) FROM site_cursors c WHERE c.site_code = s.site_code)
            FROM s LEFT JOIN f USING (site_code) LEFT JOIN a USING (site_code) LEFT JOIN d USING (site_code)
            ORDER BY s.site_code""";

    private final JdbcClient jdbc;

    ProgressFigures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<SiteProgress> figures(Collection<String> sites, Instant asOf, Function<String, String> unitOfSite) {
        if (sites.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(FIGURES).param("sites", sites.toArray(String[]::new))
                .query((rs, n) -> progress(rs, asOf, unitOfSite)).list();
    }

    private static SiteProgress progress(ResultSet rs, Instant asOf, Function<String, String> unitOfSite)
            throws SQLException {
        String site = rs.getString(1);
        return SiteProgress.newBuilder()
                .setSiteCode(site)
                .setUnitCode(unitOfSite.apply(site))
                .setAsOf(asOf)
                .setInventoriedMetres(metres(rs, 2))
                .setUnsortedMetres(metres(rs, 3))
                .setBoxedMetres(metres(rs, 4))
                .setSealedMetres(metres(rs, 5))
                .setDigitizedPages(rs.getLong(6))
                .setTransferredMetres(metres(rs, 7))
                .setHandedOverMetres(metres(rs, 8))
                .setDestroyedMetres(metres(rs, 9))
                .setFileCount(rs.getLong(10))
                .setAppraisedTransfer(rs.getLong(11))
                .setAppraisedKeep(rs.getLong(12))
                .setAppraisedDestroy(rs.getLong(13))
                .setLastSequence(rs.getLong(14))
                // Campaign milestones are not modelled yet: no forecast, so no site is at risk.
                .setAtRisk(false)
                .build();
    }

    /** As the schema's decimal(12, 2) wants it: scale 2. */
    private static BigDecimal metres(ResultSet rs, int column) throws SQLException {
        return rs.getBigDecimal(column).setScale(2, RoundingMode.HALF_UP);
    }
}
