package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.archivesync.hub.api.ConflictException;
import org.archivesync.hub.api.NotFoundException;
import org.archivesync.hub.api.Page;
import org.archivesync.hub.asof.CatalogueAt;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Campaigns (đợt, e.g. "Sáp nhập 2025") with their milestones, and each site's progress against them, per site, per
 * former district and per new unit, with a forecast from the recent rate and the sites at risk first.
 *
 * <p>Figures come from the catalogue's projections as they stood at the end of the day asked for (through
 * {@link CatalogueAt}; today by default); rates from the daily activity the {@link ProgressRecorder} keeps from the
 * event log (metres per day over the {@code rate-window} days ending on that day, by the events' occurredAt).
 * Reference data (sites, units, lineage, campaigns) is read as it is now. What each {@link MilestoneKind} measures, on
 * which offices and against which base, is in {@link MilestoneRules}: SEALED against sorted metres on every office;
 * TRANSFERRED against the files appraised for transfer, on every office but a new commune; HANDED_OVER against the
 * files appraised to be kept at the successor, on offices of former units only. An office not measured on a milestone
 * shows NOT_MEASURED and is left out of its group's target; a zero target is NOTHING_TO_DO, never at risk.
 *
 * <p>A milestone is due per office ({@link Milestone#dueFor}), and a group row on the latest date of its members. A
 * milestone is at risk when the forecast date is after its due date, or when work remains and nothing moved in the
 * window. Per former district a site counts in full under each district its unit came from. Per new unit an office
 * whose unit went to several new communes is apportioned by its files' place, the rest shown once in a row
 * {@code shared:<site>}; the rows of one office add up to its figures.
 *
 * <p>Arguments are never null unless said; results are never null.
 */
public final class Progress {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private static final String CAMPAIGNS = """
            SELECT campaign_code, name, starts_on FROM campaigns ORDER BY starts_on DESC, campaign_code""";
    private static final String CAMPAIGN = "SELECT campaign_code, name, starts_on FROM campaigns WHERE campaign_code = :code";
    private static final String MILESTONES = """
            SELECT kind, name, due_on FROM campaign_milestones WHERE campaign_code = :code ORDER BY due_on, kind""";
    private static final String MILESTONE_DATES = """
            SELECT kind, scope, scope_code, due_on FROM campaign_milestone_dates WHERE campaign_code = :code
            ORDER BY kind, scope, scope_code""";
    private static final String DELETE_MILESTONE_DATES = """
            DELETE FROM campaign_milestone_dates WHERE campaign_code = :code AND kind = :kind""";
    private static final String INSERT_MILESTONE_DATE = """
            INSERT INTO campaign_milestone_dates (campaign_code, kind, scope, scope_code, due_on)
            VALUES (:code, :kind, :scope, :scopeCode, :due)""";
    private static final String DISTRICT_EXISTS = "SELECT count(*) FROM units WHERE unit_code = :code AND level = 'DISTRICT'";
    private static final String SITE_EXISTS = "SELECT count(*) FROM sites WHERE site_code = :code";
    private static final String INSERT_CAMPAIGN = """
            INSERT INTO campaigns (campaign_code, name, starts_on, created_at, updated_at)
            VALUES (:code, :name, :starts, :at, :at) ON CONFLICT (campaign_code) DO NOTHING""";
    private static final String UPSERT_CAMPAIGN = """
            INSERT INTO campaigns (campaign_code, name, starts_on, created_at, updated_at)
            VALUES (:code, :name, :starts, :at, :at)
            ON CONFLICT (campaign_code) DO UPDATE SET name = excluded.name, starts_on = excluded.starts_on,
                updated_at = excluded.updated_at""";
    private static final String DELETE_MILESTONES = "DELETE FROM campaign_milestones WHERE campaign_code = :code";
    private static final String UPSERT_MILESTONE = """
            INSERT INTO campaign_milestones (campaign_code, kind, name, due_on) VALUES (:code, :kind, :name, :due)
            ON CONFLICT (campaign_code, kind) DO UPDATE SET name = excluded.name, due_on = excluded.due_on""";
    private static final String DELETE_MILESTONE = """
            DELETE FROM campaign_milestones WHERE campaign_code = :code AND kind = :kind""";
    private static final String TOUCH = "UPDATE campaigns SET updated_at = :at WHERE campaign_code = :code";

    // Each fonds' figures at each site, per storage location: the metres an office reports packed or sealed at a
    // location are its statement of all that is there, the boxes it itemised are those it has listed so far, so a
    // location counts the larger of the two (Cái Nước reports ~1,500 m packed in bulk and has itemised a few dozen
    // boxes: 1,500 m, not the boxes alone, nor both added). A fonds' totals are its per-location rows when it has any,
    // else its whole-fonds row (location_code NULL), against which all its boxes are compared. source says which side
    // gave the figures: BOXES, EXTENTS, MIXED (some figures each way: Cái Nước's packing is reported, its sealing comes
    // from its few sealed boxes) or NONE. ProgressRecorder keeps the daily activity by the same rule (FondsPacking).
    private static final String PER_FONDS = """
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
    private static final String FIGURES = """
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

    private static final String SITE_FONDS = """
            WITH %s
            SELECT p.fonds_code, f.name, p.inventoried, p.unsorted, p.boxed, p.sealed, p.source
            FROM per_fonds p LEFT JOIN fonds f USING (fonds_code)
            WHERE p.site_code = :site ORDER BY p.fonds_code""".formatted(PER_FONDS);

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

    private static final String RATES = """
            SELECT site_code, measure, sum(amount) FROM progress_activity
            WHERE day > :since AND day <= :today GROUP BY site_code, measure""";

    // Per former district: the site's unit on the last day of the old units; a district itself, the district of an
    // old commune, or the districts a later unit came from.
    private static final String DISTRICTS = """
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

    private static final String HISTORY = """
            WITH district AS (%s)
            SELECT d.unit_code, d.name, d.unit_type, a.day, sum(a.amount) AS amount
            FROM progress_activity a JOIN district d USING (site_code)
            WHERE a.measure = :measure AND a.day <= :today
            GROUP BY d.unit_code, d.name, d.unit_type, a.day ORDER BY a.day""".formatted(DISTRICTS);

    private static final String BY_DECISION = """
            SELECT coalesce(a.decision, 'NONE') AS decision, sum(coalesce(f.sheet_count, 0)) AS sheets,
                   count(*) AS files
            FROM files f LEFT JOIN appraisals a USING (fonds_code, file_code)
            WHERE f.custody_state <> 'WITHDRAWN'
            GROUP BY 1 ORDER BY 1""";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final ProgressProperties properties;
    private final Clock clock;
    private final CatalogueAt catalogueAt;

    Progress(JdbcClient jdbc, TransactionOperations transactions, ProgressProperties properties, Clock clock,
             CatalogueAt catalogueAt) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.catalogueAt = catalogueAt;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Campaigns

    /**
     * A milestone: one of {@link MilestoneKind}'s names, due on a date by default, with other dates for some former
     * districts or offices.
     *
     * @param dueOn the default date, for every office without a date of its own or of its district
     * @param dates other dates, at most one per scope and code
     */
    public record Milestone(String kind, String name, LocalDate dueOn, List<DueDate> dates) {

        public Milestone {
            dates = List.copyOf(dates);
        }

        /** A milestone with one date for everybody. */
        public Milestone(String kind, String name, LocalDate dueOn) {
            this(kind, name, dueOn, List.of());
        }

        /**
         * The date that applies to an office: its own, else its former district's (the first of {@code districts}
         * that has one), else the default.
         *
         * @param districts the former districts the office's unit belonged to, possibly empty
         */
        public LocalDate dueFor(String siteCode, List<String> districts) {
            for (DueDate d : dates) {
                if (d.scope() == DueDate.Scope.SITE && d.code().equals(siteCode)) {
                    return d.dueOn();
                }
            }
            for (String district : districts) {
                for (DueDate d : dates) {
                    if (d.scope() == DueDate.Scope.DISTRICT && d.code().equals(district)) {
                        return d.dueOn();
                    }
                }
            }
            return dueOn;
        }
    }

    /**
     * A milestone's date for one former district (its unit code) or one office (its site code).
     */
    public record DueDate(Scope scope, String code, LocalDate dueOn) {

        /** What {@code code} names. */
        public enum Scope { DISTRICT, SITE }
    }

    /** A campaign with its milestones, earliest due first. */
    public record Campaign(String campaignCode, String name, LocalDate startsOn, List<Milestone> milestones) {
    }

    /** Every campaign, latest start first. */
    public List<Campaign> campaigns() {
        return jdbc.sql(CAMPAIGNS).query((rs, n) -> campaign(rs)).list();
    }

    /** @throws NotFoundException when there is no such campaign */
    public Campaign campaign(String code) {
        return jdbc.sql(CAMPAIGN).param("code", code).query((rs, n) -> campaign(rs)).optional()
                .orElseThrow(() -> new NotFoundException("campaign", code));
    }

    /** @throws ConflictException when a campaign has this code */
    public Campaign createCampaign(Campaign c) {
        transactions.executeWithoutResult(tx -> {
            if (jdbc.sql(INSERT_CAMPAIGN).param("code", c.campaignCode()).param("name", c.name())
                    .param("starts", c.startsOn()).param("at", now()).update() == 0) {
                throw new ConflictException("campaign", c.campaignCode());
            }
            c.milestones().forEach(m -> saveMilestone(c.campaignCode(), m));
        });
        return campaign(c.campaignCode());
    }

    /**
     * The date scopes that name nothing the hub knows: a DISTRICT that is not a district unit, a SITE that is not
     * enrolled; each as "SCOPE code". Empty when all are known.
     */
    public List<String> unknownScopes(List<DueDate> dates) {
        List<String> unknown = new ArrayList<>();
        for (DueDate d : dates) {
            String sql = d.scope() == DueDate.Scope.DISTRICT ? DISTRICT_EXISTS : SITE_EXISTS;
            if (jdbc.sql(sql).param("code", d.code()).query(Long.class).single() == 0) {
                unknown.add(d.scope() + " " + d.code());
            }
        }
        return unknown;
    }

    /** Creates or replaces a campaign and all its milestones. */
    public Campaign saveCampaign(Campaign c) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql(UPSERT_CAMPAIGN).param("code", c.campaignCode()).param("name", c.name()).param("starts", c.startsOn())
                    .param("at", now()).update();
            jdbc.sql(DELETE_MILESTONES).param("code", c.campaignCode()).update();
            c.milestones().forEach(m -> saveMilestone(c.campaignCode(), m));
        });
        return campaign(c.campaignCode());
    }

    /**
     * Sets one milestone of a campaign.
     *
     * @throws NotFoundException when there is no such campaign
     */
    public Campaign setMilestone(String code, Milestone m) {
        campaign(code);
        transactions.executeWithoutResult(tx -> {
            saveMilestone(code, m);
            jdbc.sql(TOUCH).param("code", code).param("at", now()).update();
        });
        return campaign(code);
    }

    /** @throws NotFoundException when the campaign or the milestone does not exist */
    public Campaign removeMilestone(String code, String kind) {
        campaign(code);
        if (jdbc.sql(DELETE_MILESTONE).param("code", code).param("kind", kind).update() == 0) {
            throw new NotFoundException("milestone", code + "/" + kind);
        }
        return campaign(code);
    }

    private void saveMilestone(String code, Milestone m) {
        jdbc.sql(UPSERT_MILESTONE).param("code", code).param("kind", m.kind()).param("name", m.name())
                .param("due", m.dueOn()).update();
        jdbc.sql(DELETE_MILESTONE_DATES).param("code", code).param("kind", m.kind()).update();
        for (DueDate d : m.dates()) {
            jdbc.sql(INSERT_MILESTONE_DATE).param("code", code).param("kind", m.kind()).param("scope", d.scope().name())
                    .param("scopeCode", d.code()).param("due", d.dueOn()).update();
        }
    }

    private Campaign campaign(ResultSet rs) throws SQLException {
        String code = rs.getString(1);
        Map<String, List<DueDate>> dates = new HashMap<>();
        jdbc.sql(MILESTONE_DATES).param("code", code).query(d -> {
            dates.computeIfAbsent(d.getString(1), k -> new ArrayList<>()).add(new DueDate(
                    DueDate.Scope.valueOf(d.getString(2)), d.getString(3), d.getObject(4, LocalDate.class)));
        });
        List<Milestone> milestones = jdbc.sql(MILESTONES).param("code", code)
                .query((m, n) -> new Milestone(m.getString(1), m.getString(2), m.getObject(3, LocalDate.class),
                        dates.getOrDefault(m.getString(1), List.of()))).list();
        return new Campaign(code, rs.getString(2), rs.getObject(3, LocalDate.class), milestones);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Progress

    /**
     * What a site, district or unit has (as of a day). Metres are linear metres.
     *
     * @param sortedMetres sorted (đã chỉnh lý): inventoried − unsorted, the base of the SEALED milestone
     * @param digitizedMetres sheets of the files with scans, in metres
     * @param transferTargetMetres files appraised TRANSFER_TO_HISTORICAL, in metres (sheets)
     * @param handOverTargetMetres files appraised KEEP_AT_SUCCESSOR, in metres (sheets)
     * @param boxedMetres packed (đã đóng hộp): per fonds and storage location, the larger of the packed metres last
     *        reported there and its itemised boxes there
     * @param sealedMetres sealed (đã niêm phong), by the same rule
     * @param itemisedFonds fonds whose packed or sealed metres come, at some location, from itemised boxes (in a row
     *        apportioned per new commune: the office's fonds that contribute to it, not a share)
     * @param reportedFonds fonds whose packed or sealed metres come, at some location, from reported totals (likewise);
     *        a fonds with both counts in both
     * @param legacyRetentionFiles files whose retention is "Lâu dài" or "Tạm thời" as older lists wrote it, waiting for
     *        re-appraisal
     */
    public record Figures(BigDecimal inventoriedMetres, BigDecimal unsortedMetres, BigDecimal sortedMetres,
                          BigDecimal boxedMetres, BigDecimal sealedMetres, BigDecimal digitizedMetres,
                          long digitizedPages, long fileCount, long appraisedTransfer, long appraisedKeep,
                          long appraisedDestroy, BigDecimal transferTargetMetres, BigDecimal handOverTargetMetres,
                          BigDecimal transferredMetres, BigDecimal handedOverMetres, BigDecimal destroyedMetres,
                          long itemisedFonds, long reportedFonds, long legacyRetentionFiles) {

        /** Nothing yet. */
        public static final Figures ZERO = new Figures(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0);

        /** The sum of two sites' or groups' figures. */
        public Figures plus(Figures o) {
            return new Figures(inventoriedMetres.add(o.inventoriedMetres), unsortedMetres.add(o.unsortedMetres),
                    sortedMetres.add(o.sortedMetres), boxedMetres.add(o.boxedMetres), sealedMetres.add(o.sealedMetres),
                    digitizedMetres.add(o.digitizedMetres), digitizedPages + o.digitizedPages, fileCount + o.fileCount,
                    appraisedTransfer + o.appraisedTransfer, appraisedKeep + o.appraisedKeep,
                    appraisedDestroy + o.appraisedDestroy, transferTargetMetres.add(o.transferTargetMetres),
                    handOverTargetMetres.add(o.handOverTargetMetres), transferredMetres.add(o.transferredMetres),
                    handedOverMetres.add(o.handedOverMetres), destroyedMetres.add(o.destroyedMetres),
                    itemisedFonds + o.itemisedFonds, reportedFonds + o.reportedFonds,
                    legacyRetentionFiles + o.legacyRetentionFiles);
        }

        /**
         * Where the packed and sealed metres come from: BOXES (itemised boxes only), EXTENTS (reported totals only),
         * MIXED (some of each), or NONE (nothing packed either way).
         */
        public String packingSource() {
            return source(itemisedFonds, reportedFonds);
        }
    }

    static String source(long itemised, long reported) {
        return itemised > 0 ? (reported > 0 ? "MIXED" : "BOXES") : (reported > 0 ? "EXTENTS" : "NONE");
    }

    /**
     * One fonds of a site.
     *
     * @param name null when the fonds is not registered at the hub
     * @param packingSource BOXES (itemised boxes), EXTENTS (reported totals), MIXED (some figures each way, e.g.
     *        packed as reported and sealed from boxes) or NONE
     */
    public record FondsFigures(String fondsCode, String name, BigDecimal inventoriedMetres, BigDecimal unsortedMetres,
                               BigDecimal boxedMetres, BigDecimal sealedMetres, String packingSource) {
    }

    /**
     * One storage location of a site.
     *
     * @param locationCode null for totals reported for a fonds as a whole and boxes with no location
     * @param name null when the site never registered the location (or for the null location)
     * @param registered false for a code the site used without registering it
     */
    public record LocationFigures(String locationCode, String name, boolean registered, BigDecimal sortedMetres,
                                  BigDecimal unsortedMetres, BigDecimal packedMetres, BigDecimal sealedMetres) {
    }

    /** A site's fonds and storage locations, for its progress page, as of {@code asOf}. */
    public record SiteDetail(String siteCode, String name, Figures figures, List<FondsFigures> fonds,
                             List<LocationFigures> locations, LocalDate asOf) {
    }

    /** A site's figures per fonds and per storage location now; see {@link #site(String, LocalDate)}. */
    public SiteDetail site(String siteCode) {
        return site(siteCode, null);
    }

    /**
     * A site's figures per fonds (saying where each fonds' packing figures come from) and per storage location.
     *
     * @param asOf the day (null: today)
     * @throws NotFoundException when there is no such site (or it is the historical archive)
     */
    public SiteDetail site(String siteCode, LocalDate asOf) {
        LocalDate day = asOf == null ? today() : asOf;
        return catalogueAt.read(day, () -> {
            Figures figures = jdbc.sql(FIGURES).query((rs, n) -> rs.getString("site_code").equals(siteCode)
                    ? figures(rs) : null).list().stream().filter(x -> x != null).findFirst()
                    .orElseThrow(() -> new NotFoundException("site", siteCode));
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

    /** How a milestone stands for a row. */
    public enum MilestoneStatus {
        /** Achieved reached the target. */
        DONE,
        /** The recent rate finishes by the due date. */
        ON_TRACK,
        /** The recent rate finishes after the due date, or work is left and nothing moved in the rate window. */
        AT_RISK,
        /** The target is zero (nothing sorted, nothing appraised for it): nothing to do, never at risk. */
        NOTHING_TO_DO,
        /** No office of the row is measured on this kind (e.g. a new commune on HANDED_OVER: it receives). */
        NOT_MEASURED
    }

    /**
     * Progress against one milestone.
     *
     * @param kind a {@link MilestoneKind} name
     * @param dueOn the date applied to this row: an office's own, its former district's or the default; for a group,
     *        the latest of its measured members' dates
     * @param fraction achieved / target, at most 1; null without a target
     * @param metresPerDay the recent rate (the window ending on the as-of day)
     * @param forecastOn when the rate finishes the rest, counted from the as-of day; null when done, when nothing moves
     *        or when there is nothing to measure
     * @param daysLate forecast minus due date when late; null otherwise (and when nothing moves)
     */
    public record MilestoneProgress(String kind, String name, LocalDate dueOn, BigDecimal targetMetres,
                                    BigDecimal achievedMetres, BigDecimal fraction, BigDecimal metresPerDay,
                                    LocalDate forecastOn, Long daysLate, MilestoneStatus status, boolean atRisk) {
    }

    /**
     * One row of a progress view.
     *
     * @param key site code, unit key, "-" for sites whose unit is not known, or {@code shared:<site code>} for the part
     *        of an office's figures whose new commune is not known
     * @param name the site's or unit's name (for a shared row, the site's name)
     * @param sites sites in the group; sitesAtRisk those at risk on some milestone
     * @param sharedAmong for a shared row, the names of the new communes the part may belong to; empty otherwise
     */
    public record Row(String key, String name, int sites, int sitesAtRisk, Figures figures,
                      List<MilestoneProgress> milestones, boolean atRisk, List<String> sharedAmong) {

        /** The key prefix of a row holding the part of one office's figures whose new commune is not known. */
        public static final String SHARED = "shared:";

        /** Whether this row is the not-apportioned part of one office (key {@code shared:<site>}). */
        public boolean shared() {
            return key.startsWith(SHARED);
        }
    }

    /** A progress view: the campaign, the day it is as of, the grouping and a page of rows (at risk first). */
    public record Report(Campaign campaign, LocalDate asOf, String groupedBy, int rateWindowDays, Page<Row> rows) {
    }

    /** A site's figures for archive.site-progress (fields of the SiteProgress schema). */
    public record SiteFigures(String siteCode, String unitCode, Instant asOf, Figures figures, long lastSequence,
                              boolean atRisk) {
    }

    /** The progress of a campaign today; see {@link #report(String, String, boolean, int, int, LocalDate)}. */
    public Report report(String campaignCode, String groupBy, boolean atRiskOnly, int page, int size) {
        return report(campaignCode, groupBy, atRiskOnly, page, size, null);
    }

    /**
     * The progress of a campaign as of a day: the catalogue as it stood at the end of that day, the rates of the window
     * ending then, forecasts counted from then; units grouped as they are today.
     *
     * @param groupBy SITE, DISTRICT (former district) or UNIT (new commune or ward; an office under several new
     *        communes is apportioned, see {@link Row#shared()})
     * @param asOf the day (null: today)
     * @throws NotFoundException when there is no such campaign
     */
    public Report report(String campaignCode, String groupBy, boolean atRiskOnly, int page, int size, LocalDate asOf) {
        Campaign campaign = campaign(campaignCode);
        LocalDate day = asOf == null ? today() : asOf;
        return report(campaign, groupBy, atRiskOnly, page, size, day, read(day, "UNIT".equals(groupBy)));
    }

    /** Several views of one campaign today; see {@link #reports(String, List, int, LocalDate)}. */
    public List<Report> reports(String campaignCode, List<String> groupBys, int size) {
        return reports(campaignCode, groupBys, size, null);
    }

    /**
     * Several views of one campaign from one reading of the catalogue (the figures are read once, not once per view):
     * the first page of each grouping, at most {@code size} rows, in the order asked.
     *
     * @param groupBys each SITE, DISTRICT or UNIT
     * @param asOf the day (null: today)
     * @throws NotFoundException when there is no such campaign
     */
    public List<Report> reports(String campaignCode, List<String> groupBys, int size, LocalDate asOf) {
        Campaign campaign = campaign(campaignCode);
        LocalDate day = asOf == null ? today() : asOf;
        Reading reading = read(day, groupBys.contains("UNIT"));
        return groupBys.stream().map(g -> report(campaign, g, false, 0, size, day, reading)).toList();
    }

    /** The earliest day a view can be as of. */
    public static final LocalDate EARLIEST_AS_OF = LocalDate.of(2000, 1, 1);

    /** Today in Việt Nam, the latest day a view can be as of. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(VIETNAM));
    }

    private Report report(Campaign campaign, String groupBy, boolean atRiskOnly, int page, int size, LocalDate asOf,
                          Reading reading) {
        ProgressRows rows = new ProgressRows(campaign, asOf, windowDays());
        List<Row> out = switch (groupBy) {
            case "SITE" -> reading.offices().stream().map(o -> rows.row(o.code(), o.name(), List.of(o.whole()), List.of()))
                    .toList();
            case "DISTRICT" -> byDistrict(rows, reading);
            case "UNIT" -> byNewUnit(rows, reading);
            default -> throw new IllegalArgumentException("groupBy is SITE, DISTRICT or UNIT: " + groupBy);
        };
        List<Row> sorted = out.stream().filter(r -> !atRiskOnly || r.atRisk()).sorted(AT_RISK_FIRST).toList();
        int from = Math.min(sorted.size(), page * size);
        Page<Row> p = Page.of(sorted.subList(from, Math.min(sorted.size(), from + size)), page, size, sorted.size());
        return new Report(campaign, asOf, groupBy, windowDays(), p);
    }

    /** A site counts in full under each former district its unit came from. */
    private List<Row> byDistrict(ProgressRows rows, Reading reading) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, List<ProgressRows.Part>> members = new LinkedHashMap<>();
        List<ProgressRows.Part> ungrouped = new ArrayList<>();
        for (ProgressRows.Office o : reading.offices()) {
            if (o.districts().isEmpty()) {
                ungrouped.add(o.whole());
            }
            for (String d : o.districts()) {
                names.put(d, reading.districtNames().get(d));
                members.computeIfAbsent(d, k -> new ArrayList<>()).add(o.whole());
            }
        }
        List<Row> out = new ArrayList<>();
        members.forEach((key, list) -> out.add(rows.row(key, names.get(key), list, List.of())));
        if (!ungrouped.isEmpty()) {
            out.add(rows.row("-", "-", ungrouped, List.of()));
        }
        return out;
    }

    /**
     * An office whose unit went to one new commune counts there in full. An office whose unit went to several is
     * apportioned by its files' place: the sheets of files whose place resolves to one new commune give that commune
     * its share (a file without sheets counts one), and the rest is one row {@code shared:<site>} naming the communes
     * it may belong to. The parts of an office add up to its figures exactly.
     */
    private List<Row> byNewUnit(ProgressRows rows, Reading reading) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, List<String>> candidates = new HashMap<>();
        jdbc.sql(NEW_UNITS).param("today", today()).query(rs -> {
            names.put(rs.getString(2), typed(rs.getString(4), rs.getString(3)));
            candidates.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        });
        reading.placeNames().forEach(names::putIfAbsent);
        Map<String, List<ProgressRows.Part>> members = new LinkedHashMap<>();
        List<ProgressRows.Part> ungrouped = new ArrayList<>();
        List<Row> out = new ArrayList<>();
        for (ProgressRows.Office o : reading.offices()) {
            List<String> units = candidates.getOrDefault(o.code(), List.of()).stream().sorted().toList();
            if (units.isEmpty()) {
                ungrouped.add(o.whole());
                continue;
            }
            if (units.size() == 1) {
                members.computeIfAbsent(units.get(0), k -> new ArrayList<>()).add(o.whole());
                continue;
            }
            String shared = Row.SHARED + o.code();
            Map<String, Long> weights = new LinkedHashMap<>();
            reading.places().getOrDefault(o.code(), Map.of()).forEach((unit, sheets) ->
                    weights.merge(unit.isEmpty() ? shared : unit, sheets, Long::sum));
            if (weights.values().stream().mapToLong(Long::longValue).sum() == 0) {
                weights.put(shared, 1L);
            }
            Map<String, Figures> figures = Apportionment.split(o.figures(), weights);
            Map<String, Map<String, BigDecimal>> rates = Apportionment.splitEach(o.rates(), weights);
            for (String key : weights.keySet()) {
                ProgressRows.Part part = new ProgressRows.Part(o, figures.get(key), rates.get(key));
                if (key.equals(shared)) {
                    out.add(rows.row(shared, o.name(), List.of(part),
                            units.stream().map(names::get).sorted().toList()));
                } else {
                    members.computeIfAbsent(key, k -> new ArrayList<>()).add(part);
                }
            }
        }
        members.forEach((key, list) -> out.add(rows.row(key, names.get(key), list, List.of())));
        if (!ungrouped.isEmpty()) {
            out.add(rows.row("-", "-", ungrouped, List.of()));
        }
        return out;
    }

    /**
     * Every site's figures now, for publishing to {@code archive.site-progress}; {@code atRisk} is against the
     * campaign that started last (false when there is none).
     */
    public List<SiteFigures> siteFigures() {
        LocalDate today = today();
        Optional<Campaign> latest = campaigns().stream().findFirst();
        Instant asOf = clock.instant();
        Reading reading = read(today, false);
        Optional<ProgressRows> rows = latest.map(c -> new ProgressRows(c, today, windowDays()));
        return reading.offices().stream().map(o -> new SiteFigures(o.code(), o.unitCode(), asOf, o.figures(),
                o.lastSequence(), rows.map(r -> r.row(o.code(), o.name(), List.of(o.whole()), List.of()).atRisk())
                        .orElse(false))).toList();
    }

    /**
     * The offices each group of a progress view holds, as the views group them: per former district (DISTRICT, by the
     * district's unit code) or per new commune or ward valid on {@code today} (UNIT, by its unit code). An office can
     * be in several groups.
     */
    public Map<String, Set<String>> members(String groupBy, LocalDate today) {
        Map<String, Set<String>> members = new LinkedHashMap<>();
        jdbc.sql("DISTRICT".equals(groupBy) ? DISTRICTS : NEW_UNITS).param("former", properties.formerUnitsOn())
                .param("today", today).query(rs -> {
                    members.computeIfAbsent(rs.getString(2), k -> new LinkedHashSet<>()).add(rs.getString(1));
                });
        return members;
    }

    /** The measures the progress recorder keeps per site and day (progress_activity.measure), for {@link #history}. */
    public static final List<String> MEASURES = List.of("SEALED_METRES", "BOXED_METRES", "INVENTORIED_METRES",
            "TRANSFERRED_METRES", "HANDED_OVER_METRES", "DESTROYED_METRES", "DIGITIZED_PAGES", "APPRAISED_FILES");

    /** One former district's running total of a measure, one value per day in {@code days} of the history. */
    public record Series(String key, String name, List<BigDecimal> cumulative) {
    }

    /** Running totals per former district over the same days, oldest first. */
    public record History(String measure, List<LocalDate> days, List<Series> series) {
    }

    /** A measure's history up to today; see {@link #history(String, LocalDate)}. */
    public History history(String measure) {
        return history(measure, null);
    }

    /**
     * How a measure grew per former district, for the console's line chart: the running total at the end of every day
     * up to {@code asOf} on which some district's figure changed. A site counts under each district its unit came
     * from, as in {@link #report}.
     *
     * @param measure one of {@link #MEASURES}
     * @param asOf the last day (null: today)
     */
    public History history(String measure, LocalDate asOf) {
        LocalDate day = asOf == null ? today() : asOf;
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Map<LocalDate, BigDecimal>> perDay = new LinkedHashMap<>();
        TreeSet<LocalDate> days = new TreeSet<>();
        jdbc.sql(HISTORY).param("former", properties.formerUnitsOn()).param("today", day).param("measure", measure)
                .query(rs -> {
                    String key = rs.getString(1);
                    names.putIfAbsent(key, typed(rs.getString(3), rs.getString(2)));
                    LocalDate d = rs.getObject(4, LocalDate.class);
                    days.add(d);
                    perDay.computeIfAbsent(key, k -> new HashMap<>()).put(d, rs.getBigDecimal(5));
                });
        List<Series> series = new ArrayList<>();
        perDay.forEach((key, amounts) -> {
            List<BigDecimal> running = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (LocalDate d : days) {
                total = total.add(amounts.getOrDefault(d, BigDecimal.ZERO));
                running.add(total);
            }
            series.add(new Series(key, names.get(key), running));
        });
        series.sort(Comparator.comparing(Series::name));
        return new History(measure, List.copyOf(days), series);
    }

    /** Metres (from sheets) and files per appraisal decision, NONE for files not appraised yet; withdrawn files left out. */
    public record DecisionTotal(String decision, BigDecimal metres, long files) {
    }

    /** The province's files by appraisal decision (TRANSFER_TO_HISTORICAL, KEEP_AT_SUCCESSOR, DESTROY, NONE). */
    public List<DecisionTotal> byDecision() {
        BigDecimal perMetre = properties.sheetsPerMetre();
        return jdbc.sql(BY_DECISION).query((rs, n) -> new DecisionTotal(rs.getString(1),
                metres(rs.getBigDecimal(2), perMetre), rs.getLong(3))).list();
    }

    /**
     * One reading of the catalogue as of a day, with the reference data as it is now.
     *
     * @param places per site, new commune key ("" for files whose new commune is not known) → sheets; empty unless
     *        asked for
     * @param placeNames new commune key → name, for the communes {@code places} names
     */
    private record Reading(List<ProgressRows.Office> offices, Map<String, String> districtNames,
                           Map<String, Map<String, Long>> places, Map<String, String> placeNames) {
    }

    private Reading read(LocalDate day, boolean withPlaces) {
        LocalDate today = today();
        Map<String, Map<String, BigDecimal>> rates = new HashMap<>();
        jdbc.sql(RATES).param("since", day.minusDays(windowDays())).param("today", day).query(rs -> {
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
        Map<String, Map<String, Long>> places = new HashMap<>();
        Map<String, String> placeNames = new HashMap<>();
        List<ProgressRows.Office> offices = catalogueAt.read(day, () -> {
            if (withPlaces) {
                jdbc.sql(PLACES).param("former", properties.formerUnitsOn()).param("today", today).query(rs -> {
                    String unit = rs.getString(2);
                    places.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(unit == null ? "" : unit, rs.getLong(5));
                    if (unit != null) {
                        placeNames.put(unit, typed(rs.getString(4), rs.getString(3)));
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
        return new Reading(offices, districtNames, places, placeNames);
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

    /** At risk first; among them, nothing moving, then the latest forecast; then the least done. */
    private static final Comparator<Row> AT_RISK_FIRST = Comparator.comparing((Row r) -> !r.atRisk())
            .thenComparing(r -> -lateness(r))
            .thenComparing(r -> r.milestones().stream().map(MilestoneProgress::fraction).filter(x -> x != null)
                    .min(Comparator.naturalOrder()).orElse(BigDecimal.ONE))
            .thenComparing(Row::key);

    private static long lateness(Row r) {
        long worst = 0;
        for (MilestoneProgress m : r.milestones()) {
            if (m.atRisk()) {
                worst = Math.max(worst, m.daysLate() == null ? Long.MAX_VALUE / 2 : m.daysLate());
            }
        }
        return worst;
    }

    private int windowDays() {
        return (int) Math.max(1, properties.rateWindow().toDays());
    }

    private java.time.OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static BigDecimal metres(BigDecimal sheets, BigDecimal perMetre) {
        return sheets.divide(perMetre, 2, RoundingMode.HALF_UP);
    }

    private static String typed(String type, String name) {
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
