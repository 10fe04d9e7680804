package org.archivesync.hub.report;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * How many boxes (hộp) each office holds, and which offices each former district and new commune groups, so the
 * report can give a box count beside {@code Progress.Figures}, which has metres but no count. Reads {@code boxes}
 * (the catalogue's projection, also as of a past day inside {@code CatalogueAt#read}) and groups offices as
 * {@code Progress} does (its DISTRICTS and NEW_UNITS statements, repeated here because Progress does not hand out the
 * members of a group); both go once Figures carries a box count.
 */
final class BoxCounts {

    private static final String PER_SITE = """
            SELECT b.site_code, count(*) FROM boxes b GROUP BY b.site_code""";

    // Same as Progress.DISTRICTS: the site's unit on the last day of the old units; a district itself, the district of
    // an old commune, or the districts a later unit came from.
    private static final String DISTRICTS = """
            SELECT DISTINCT s.site_code, d.unit_code
            FROM sites s
            CROSS JOIN LATERAL archive_unit_ref(s.unit_code, :former) r(unit_code)
            JOIN units u ON u.unit_code = r.unit_code
            CROSS JOIN LATERAL (
                SELECT u.unit_code WHERE u.level = 'DISTRICT'
                UNION SELECT u.parent_unit_code WHERE u.level IN ('COMMUNE', 'WARD', 'TOWNSHIP')
                UNION SELECT l.old_unit_code FROM unit_lineage l WHERE l.new_unit_code = u.unit_code AND l.derived) x(code)
            JOIN units d ON d.unit_code = x.code AND d.level = 'DISTRICT'""";

    // Same as Progress.NEW_UNITS: the site's unit today when it is valid today, else its successors valid today.
    private static final String NEW_UNITS = """
            WITH RECURSIVE resolved AS (
                SELECT s.site_code, u.unit_code, u.valid_to FROM sites s
                CROSS JOIN LATERAL archive_unit_ref(s.unit_code, :today) r(unit_code)
                JOIN units u ON u.unit_code = r.unit_code),
            forward(site_code, unit_code, depth) AS (
                SELECT site_code, unit_code, 0 FROM resolved
                UNION ALL
                SELECT f.site_code, l.new_unit_code, f.depth + 1 FROM forward f
                JOIN unit_lineage l ON l.old_unit_code = f.unit_code AND l.effective_on <= :today
                WHERE f.depth < 8)
            SELECT DISTINCT f.site_code, u.unit_code FROM forward f
            JOIN units u ON u.unit_code = f.unit_code
            WHERE (u.valid_from IS NULL OR u.valid_from <= :today) AND (u.valid_to IS NULL OR u.valid_to >= :today)
              AND u.level IN ('COMMUNE', 'WARD', 'TOWNSHIP')""";

    private final JdbcClient jdbc;
    private final LocalDate formerUnitsOn;

    BoxCounts(JdbcClient jdbc, LocalDate formerUnitsOn) {
        this.jdbc = jdbc;
        this.formerUnitsOn = formerUnitsOn;
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
        return members(jdbc.sql(DISTRICTS).param("former", formerUnitsOn));
    }

    /** The offices of each new commune or ward valid on {@code today}, by its unit code. */
    Map<String, Set<String>> newUnits(LocalDate today) {
        return members(jdbc.sql(NEW_UNITS).param("today", today));
    }

    private static Map<String, Set<String>> members(JdbcClient.StatementSpec statement) {
        Map<String, Set<String>> members = new LinkedHashMap<>();
        statement.query(rs -> {
            members.computeIfAbsent(rs.getString(2), k -> new LinkedHashSet<>()).add(rs.getString(1));
        });
        return members;
    }
}
