package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.archivesync.hub.asof.CatalogueAt;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One reading of the catalogue for the progress views: every office's figures as of a day (through
 * {@link CatalogueAt}), its rates over the window ending then, the former districts it counts under, whether it sends
 * or receives, and for the per-new-commune view where its files belong. Reference data (sites, units, lineage) is read
 * as it is now. The SQL of the progress read model lives here; what the rows make of it is {@link ProgressGroups}'.
 */
final class ProgressReading {

    // Each fonds' figures at each site, per storage location: the metres an office reports packed or sealed at a
    // location are its statement of all that is there, the boxes it itemised are those it has listed so far, so a
    // location counts the larger of the two (Cái Nước reports ~1,500 m packed in bulk and has itemised a few dozen
    // boxes: 1,500 m, not the boxes alone, nor both added). A fonds' totals are its per-location rows when it has any,
    // else its whole-fonds row (location_code NULL), against which all its boxes are compared. source says which side
    // gave the figures: BOXES, EXTENTS, MIXED (some figures each way: Cái Nước's packing is reported, its sealing comes
    // from its few sealed boxes) or NONE. ProgressRecorder keeps the daily activity by the same rule (FondsPacking).
    static final String PER_FONDS = """
            reported AS (SELECT e.* FROM extents e
                         WHERE e.location_code IS NOT NULL OR NOT EXISTS (SELECT 1 FROM extents l
                               WHERE l.site_code = e.site_code AND l.fonds_code = e.fonds_code AND l.location_code IS NOT NULL)),
            rl AS (SELECT site_code, fonds_code, coalesce(location_code, '') AS k,
                       sum(sorted_metres + unsorted_metres) AS inventoried, sum(unsorted_metres) AS unsorted,
                       sum(packed_metres) AS packed, sum(sealed_metres) AS sealed
                   FROM reported GROUP BY 1, 2, 3),
            bl AS (SELECT b.site_code, b.fonds_code,
                       CASE WHEN EXISTS (SELECT 1 FROM extents l WHERE l.site_code = b.site_code
                                         AND l.fonds_code = b.fonds_code AND l.location_code IS NOT NULL)
                            THEN coalesce(b.location_code, '') ELSE '' END AS k,
                       sum(b.metres) AS boxed, coalesce(sum(b.metres) FILTER (WHERE b.state = 'SEALED'), 0) AS sealed
                   FROM boxes b GROUP BY 1, 2, 3),
            pl AS (SELECT site_code, fonds_code, coalesce(rl.inventoried, 0) AS inventoried,
                       coalesce(rl.unsorted, 0) AS unsorted,
                       greatest(coalesce(rl.packed, 0), coalesce(bl.boxed, 0)) AS boxed,
                       greatest(coalesce(rl.sealed, 0), coalesce(bl.sealed, 0)) AS sealed,
                       bl.boxed IS NOT NULL AND (bl.boxed >= coalesce(rl.packed, 0)
                           OR (bl.sealed > 0 AND bl.sealed >= coalesce(rl.sealed, 0))) AS itemised,
                       (rl.packed IS NOT NULL AND rl.packed > coalesce(bl.boxed, 0))
                           OR (rl.sealed IS NOT NULL AND rl.sealed > coalesce(bl.sealed, 0)) AS by_report
                   FROM rl FULL JOIN bl USING (site_code, fonds_code, k)),
            per_fonds AS (SELECT site_code, fonds_code, sum(inventoried) AS inventoried, sum(unsorted) AS unsorted,
                              sum(boxed) AS boxed, sum(sealed) AS sealed,
                              CASE WHEN bool_or(by_report) AND bool_or(itemised) THEN 'MIXED'
                                   WHEN bool_or(by_report) THEN 'EXTENTS'
                                   WHEN bool_or(itemised) THEN 'BOXES'
                                   ELSE 'NONE' END AS source
                          FROM pl GROUP BY site_code, fonds_code)""";

    // Everything each site has now, one row per site (sites without anything get zeros).
    static final String FIGURES = """
            WITH %s,
            ext AS (SELECT site_code, sum(inventoried) AS inventoried, sum(unsorted) AS unsorted, sum(boxed) AS boxed,
                        sum(sealed) AS sealed, count(*) FILTER (WHERE source IN ('BOXES', 'MIXED')) AS itemised_fonds,
                        count(*) FILTER (WHERE source IN ('EXTENTS', 'MIXED')) AS reported_fonds
                    FROM per_fonds GROUP BY site_code),
            fl AS (SELECT f.site_code, count(*) FILTER (WHERE f.custody_state <> 'WITHDRAWN') AS files,
                       count(*) FILTER (WHERE a.decision = 'TRANSFER_TO_HISTORICAL') AS ap_transfer,
                       count(*) FILTER (WHERE a.decision = 'KEEP_AT_SUCCESSOR') AS ap_keep,
                       count(*) FILTER (WHERE a.decision = 'DESTROY') AS ap_destroy,
                       coalesce(sum(f.sheet_count) FILTER (WHERE a.decision = 'TRANSFER_TO_HISTORICAL'), 0) AS sh_transfer,
                       coalesce(sum(f.sheet_count) FILTER (WHERE a.decision = 'KEEP_AT_SUCCESSOR'), 0) AS sh_keep,
                       count(*) FILTER (WHERE f.retention IN ('LEGACY_LONG_TERM', 'LEGACY_TEMPORARY')
                                          AND f.custody_state <> 'DESTROYED') AS legacy
                   FROM files f LEFT JOIN appraisals a USING (fonds_code, file_code)
                   WHERE f.custody_state <> 'WITHDRAWN' GROUP BY f.site_code),
            dg AS (SELECT f.site_code, sum(d.pages) AS pages, coalesce(sum(f.sheet_count), 0) AS sheets
                   FROM (SELECT fonds_code, file_code, coalesce(sum(page_count), 0) AS pages FROM digital_objects
                         GROUP BY fonds_code, file_code) d
                   JOIN files f USING (fonds_code, file_code) GROUP BY f.site_code),
            ho AS (SELECT sender_site_code AS site_code,
                       sum(metres) FILTER (WHERE receiver_kind = 'HISTORICAL_ARCHIVE') AS transferred,
                       sum(metres) FILTER (WHERE receiver_kind <> 'HISTORICAL_ARCHIVE') AS handed
                   FROM handovers WHERE sender_site_code IS NOT NULL GROUP BY sender_site_code),
            de AS (SELECT site_code, sum(metres) AS destroyed FROM destructions WHERE status = 'APPLIED' GROUP BY site_code)
            SELECT s.site_code, s.name, s.unit_code, coalesce(c.last_sequence, 0) AS last_sequence,
                coalesce(ext.inventoried, 0) AS inventoried, coalesce(ext.unsorted, 0) AS unsorted,
                coalesce(ext.inventoried, 0) - coalesce(ext.unsorted, 0) AS sorted,
                coalesce(ext.boxed, 0) AS boxed, coalesce(ext.sealed, 0) AS sealed,
                coalesce(ext.itemised_fonds, 0) AS itemised_fonds, coalesce(ext.reported_fonds, 0) AS reported_fonds,
                coalesce(dg.sheets, 0) AS digitized_sheets, coalesce(dg.pages, 0) AS digitized_pages,
                coalesce(fl.files, 0) AS files, coalesce(fl.ap_transfer, 0) AS ap_transfer,
                coalesce(fl.ap_keep, 0) AS ap_keep, coalesce(fl.ap_destroy, 0) AS ap_destroy,
                coalesce(fl.sh_transfer, 0) AS sh_transfer, coalesce(fl.sh_keep, 0) AS sh_keep,
                coalesce(fl.legacy, 0) AS legacy,
                coalesce(ho.transferred, 0) AS transferred, coalesce(ho.handed, 0) AS handed,
                coalesce(de.destroyed, 0) AS destroyed
            FROM sites s
            LEFT JOIN site_cursors c USING (site_code) LEFT JOIN ext USING (site_code)
            LEFT JOIN fl USING (site_code) LEFT JOIN dg USING (site_code) LEFT JOIN ho USING (site_code)
            LEFT JOIN de USING (site_code)
            WHERE s.role <> 'HISTORICAL_ARCHIVE'
            ORDER BY s.site_code""".formatted(PER_FONDS);

    private static final String RATES = """
            SELECT site_code, measure, sum(amount) FROM progress_activity
            WHERE day > :since AND day <= :today GROUP BY site_code, measure""";

    // Per former district: the site's unit on the last day of the old units; a district itself, the district of an
    // old commune, or the districts a later unit came from.
    static final String DISTRICTS = """
            SELECT DISTINCT s.site_code, d.unit_code, d.name, d.unit_type
            FROM sites s
            CROSS JOIN LATERAL archive_unit_ref(s.unit_code, :former) r(unit_code)
            JOIN units u ON u.unit_code = r.unit_code
            CROSS JOIN LATERAL (
                SELECT u.unit_code WHERE u.level = 'DISTRICT'
                UNION SELECT u.parent_unit_code WHERE u.level IN ('COMMUNE', 'WARD', 'TOWNSHIP')
                UNION SELECT l.old_unit_code FROM unit_lineage l WHERE l.new_unit_code = u.unit_code AND l.derived) x(code)
            JOIN units d ON d.unit_code = x.code AND d.level = 'DISTRICT'""";

    // Per new unit: the site's unit today when it is valid today, else its successors valid today.
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
            SELECT DISTINCT f.site_code, u.unit_code, u.name, u.unit_type FROM forward f
            JOIN units u ON u.unit_code = f.unit_code
            WHERE (u.valid_from IS NULL OR u.valid_from <= :today) AND (u.valid_to IS NULL OR u.valid_to >= :today)
              AND u.level IN ('COMMUNE', 'WARD', 'TOWNSHIP')""";

    // Whether each office sends or receives, by its unit today: a former unit (it has a successor) sends; a new
    // commune (the new side of a lineage row) receives. A department of the new province is neither.
    private static final String ROLES = """
            SELECT s.site_code,
                EXISTS (SELECT 1 FROM archive_unit_ref(s.unit_code, :today) r(unit_code)
                        JOIN unit_lineage l ON l.old_unit_code = r.unit_code AND l.effective_on <= :today) AS former,
                EXISTS (SELECT 1 FROM archive_unit_ref(s.unit_code, :today) r(unit_code)
                        JOIN units u ON u.unit_code = r.unit_code AND u.level IN ('COMMUNE', 'WARD', 'TOWNSHIP')
                        JOIN unit_lineage l ON l.new_unit_code = u.unit_code AND l.effective_on <= :today) AS receiving
            FROM sites s WHERE s.role <> 'HISTORICAL_ARCHIVE'""";

    // Per site, the sheets of its files per new commune their place resolves to (the place as of the last day of the
    // old units, forward through the lineage to the communes valid today); a file whose place is missing, unknown or
    // split over several new communes has no commune (NULL). A file without sheets counts one.
    private static final String PLACES = """
            WITH RECURSIVE places AS (SELECT DISTINCT place_unit_code AS place FROM files WHERE place_unit_code IS NOT NULL),
            forward(place, unit_code, depth) AS (
                SELECT p.place, r.unit_code, 0 FROM places p CROSS JOIN LATERAL archive_unit_ref(p.place, :former) r(unit_code)
                UNION ALL
                SELECT f.place, l.new_unit_code, f.depth + 1 FROM forward f
                JOIN unit_lineage l ON l.old_unit_code = f.unit_code AND l.effective_on <= :today
                WHERE f.depth < 8),
            commune AS (
                SELECT f.place, min(u.unit_code) AS unit_code FROM forward f JOIN units u ON u.unit_code = f.unit_code
                WHERE (u.valid_from IS NULL OR u.valid_from <= :today) AND (u.valid_to IS NULL OR u.valid_to >= :today)
                  AND u.level IN ('COMMUNE', 'WARD', 'TOWNSHIP')
                GROUP BY f.place HAVING count(DISTINCT u.unit_code) = 1)
            SELECT f.site_code, c.unit_code, u.name, u.unit_type,
                sum(CASE WHEN f.sheet_count > 0 THEN f.sheet_count ELSE 1 END) AS sheets
            FROM files f LEFT JOIN commune c ON c.place = f.place_unit_code LEFT JOIN units u ON u.unit_code = c.unit_code
            WHERE f.custody_state <> 'WITHDRAWN'
            GROUP BY f.site_code, c.unit_code, u.name, u.unit_type
            ORDER BY f.site_code, c.unit_code NULLS LAST""";

    /**
     * One reading of the catalogue as of a day, with the reference data as it is now.
     *
     * @param districtNames former district unit code → its name with its type
     * @param places per site, new commune key ("" for files whose new commune is not known) → sheets; empty unless
     *        asked for
     * @param newUnits per site, the new communes or wards valid today its unit is or went to; empty unless asked for
     * @param unitNames new commune key → name with its type, for the communes {@code places} and {@code newUnits} name
     */
    record Reading(List<ProgressRows.Office> offices, Map<String, String> districtNames,
                   Map<String, Map<String, Long>> places, Map<String, List<String>> newUnits,
                   Map<String, String> unitNames) {
    }

    private final JdbcClient jdbc;
    private final ProgressProperties properties;
    private final CatalogueAt catalogueAt;

    ProgressReading(JdbcClient jdbc, ProgressProperties properties, CatalogueAt catalogueAt) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.catalogueAt = catalogueAt;
    }

    /**
     * The catalogue as of {@code day}, units grouped as they are on {@code today}.
     *
     * @param withUnits also read {@link Reading#places} and {@link Reading#newUnits}, for the per-new-commune view
     */
    Reading read(LocalDate day, LocalDate today, int windowDays, boolean withUnits) {
        Map<String, Map<String, BigDecimal>> rates = new HashMap<>();
        jdbc.sql(RATES).param("since", day.minusDays(windowDays)).param("today", day).query(rs -> {
            rates.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2), rs.getBigDecimal(3));
        });
        Map<String, List<String>> districts = new HashMap<>();
        Map<String, String> districtNames = new HashMap<>();
        jdbc.sql(DISTRICTS).param("former", properties.formerUnitsOn()).query(rs -> {
            districts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            districtNames.put(rs.getString(2), typed(rs.getString(4), rs.getString(3)));
        });
        Map<String, boolean[]> roles = new HashMap<>();
        jdbc.sql(ROLES).param("today", today).query(rs -> {
            roles.put(rs.getString(1), new boolean[] {rs.getBoolean(2), rs.getBoolean(3)});
        });
        Map<String, List<String>> newUnits = new HashMap<>();
        Map<String, String> unitNames = new HashMap<>();
        if (withUnits) {
            jdbc.sql(NEW_UNITS).param("today", today).query(rs -> {
                unitNames.put(rs.getString(2), typed(rs.getString(4), rs.getString(3)));
                newUnits.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            });
        }
        Map<String, Map<String, Long>> places = new HashMap<>();
        List<ProgressRows.Office> offices = catalogueAt.read(day, () -> {
            if (withUnits) {
                jdbc.sql(PLACES).param("former", properties.formerUnitsOn()).param("today", today).query(rs -> {
                    String unit = rs.getString(2);
                    places.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(unit == null ? "" : unit, rs.getLong(5));
                    if (unit != null) {
                        unitNames.putIfAbsent(unit, typed(rs.getString(4), rs.getString(3)));
                    }
                });
            }
            return jdbc.sql(FIGURES).query((rs, n) -> {
                String code = rs.getString("site_code");
                boolean[] role = roles.getOrDefault(code, new boolean[2]);
                return new ProgressRows.Office(code, rs.getString("name"), rs.getString("unit_code"),
                        rs.getLong("last_sequence"), figures(rs), rates.getOrDefault(code, Map.of()),
                        districts.getOrDefault(code, List.of()).stream().sorted().toList(), role[0], role[1]);
            }).list();
        });
        return new Reading(offices, districtNames, places, newUnits, unitNames);
    }

    /** One office's figures, when it is in the catalogue and not the historical archive; to be run inside a reading. */
    Optional<Figures> figuresOf(String siteCode) {
        return jdbc.sql(FIGURES).query((rs, n) -> rs.getString("site_code").equals(siteCode) ? figures(rs) : null)
                .list().stream().filter(x -> x != null).findFirst();
    }

    /**
     * The offices each group holds: per former district (DISTRICT, by the district's unit code) or per new commune or
     * ward valid on {@code today} (UNIT, by its unit code).
     */
    Map<String, Set<String>> members(boolean byDistrict, LocalDate today) {
        Map<String, Set<String>> members = new LinkedHashMap<>();
        jdbc.sql(byDistrict ? DISTRICTS : NEW_UNITS).param("former", properties.formerUnitsOn())
                .param("today", today).query(rs -> {
                    members.computeIfAbsent(rs.getString(2), k -> new LinkedHashSet<>()).add(rs.getString(1));
                });
        return members;
    }

    private Figures figures(ResultSet rs) throws SQLException {
        BigDecimal perMetre = properties.sheetsPerMetre();
        return new Figures(rs.getBigDecimal("inventoried"), rs.getBigDecimal("unsorted"), rs.getBigDecimal("sorted"),
                rs.getBigDecimal("boxed"), rs.getBigDecimal("sealed"), metres(rs.getBigDecimal("digitized_sheets"), perMetre),
                rs.getLong("digitized_pages"), rs.getLong("files"), rs.getLong("ap_transfer"), rs.getLong("ap_keep"),
                rs.getLong("ap_destroy"), metres(rs.getBigDecimal("sh_transfer"), perMetre),
                metres(rs.getBigDecimal("sh_keep"), perMetre), rs.getBigDecimal("transferred"),
                rs.getBigDecimal("handed"), rs.getBigDecimal("destroyed"), rs.getLong("itemised_fonds"),
                rs.getLong("reported_fonds"), rs.getLong("legacy"));
    }

    static BigDecimal metres(BigDecimal sheets, BigDecimal perMetre) {
        return sheets.divide(perMetre, 2, RoundingMode.HALF_UP);
    }

    /** A unit's name as people say it: "huyện Cái Nước", "xã Tân Hưng". */
    static String typed(String type, String name) {
        String word = switch (type) {
            case "huyen" -> "huyện ";
            case "thi_xa" -> "thị xã ";
            case "thanh_pho" -> "thành phố ";
            case "xa" -> "xã ";
            case "phuong" -> "phường ";
            case "thi_tran" -> "thị trấn ";
            default -> "";
        };
        return word + name;
    }
}
