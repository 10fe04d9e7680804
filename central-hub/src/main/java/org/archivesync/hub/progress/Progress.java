package org.archivesync.hub.progress;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.archivesync.hub.api.NotFoundException;
import org.archivesync.hub.api.Page;

/**
 * Each site's progress against the milestones of a campaign ({@link Campaigns} keeps them), per site, per former
 * district and per new unit, with a forecast from the recent rate and the sites at risk first; a site's figures per
 * fonds and storage location; the console's charts. Read-only: nothing here changes the catalogue.
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

    /** The earliest day a view can be as of. */
    public static final LocalDate EARLIEST_AS_OF = LocalDate.of(2000, 1, 1);

    /** The measures the progress recorder keeps per site and day (progress_activity.measure), for {@link #history}. */
    public static final List<String> MEASURES = List.of("SEALED_METRES", "BOXED_METRES", "INVENTORIED_METRES",
            "TRANSFERRED_METRES", "HANDED_OVER_METRES", "DESTROYED_METRES", "DIGITIZED_PAGES", "APPRAISED_FILES");

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final Campaigns campaigns;
    private final ProgressReading reading;
    private final SiteDetails sites;
    private final ProgressCharts charts;
    private final ProgressProperties properties;
    private final Clock clock;

    Progress(Campaigns campaigns, ProgressReading reading, SiteDetails sites, ProgressCharts charts,
             ProgressProperties properties, Clock clock) {
        this.campaigns = campaigns;
        this.reading = reading;
        this.sites = sites;
        this.charts = charts;
        this.properties = properties;
        this.clock = clock;
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
        Campaign campaign = campaigns.campaign(campaignCode);
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
        Campaign campaign = campaigns.campaign(campaignCode);
        LocalDate day = asOf == null ? today() : asOf;
        ProgressReading.Reading once = read(day, groupBys.contains("UNIT"));
        return groupBys.stream().map(g -> report(campaign, g, false, 0, size, day, once)).toList();
    }

    /** Today in Việt Nam, the latest day a view can be as of. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(VIETNAM));
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
        return sites.site(siteCode, asOf == null ? today() : asOf);
    }

    /**
     * Every site's figures now, for publishing to {@code archive.site-progress}; {@code atRisk} is against the
     * campaign that started last (false when there is none).
     */
    public List<SiteFigures> siteFigures() {
        LocalDate today = today();
        Optional<Campaign> latest = campaigns.campaigns().stream().findFirst();
        Instant asOf = clock.instant();
        ProgressReading.Reading now = read(today, false);
        Optional<ProgressRows> rows = latest.map(c -> new ProgressRows(c, today, windowDays()));
        return now.offices().stream().map(o -> new SiteFigures(o.code(), o.unitCode(), asOf, o.figures(),
                o.lastSequence(), rows.map(r -> r.row(o.code(), o.name(), List.of(o.whole()), List.of()).atRisk())
                        .orElse(false))).toList();
    }

    /**
     * The offices each group of a progress view holds, as the views group them: per former district (DISTRICT, by the
     * district's unit code) or per new commune or ward valid on {@code today} (UNIT, by its unit code). An office can
     * be in several groups.
     */
    public Map<String, Set<String>> members(String groupBy, LocalDate today) {
        return reading.members("DISTRICT".equals(groupBy), today);
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
        return charts.history(measure, asOf == null ? today() : asOf);
    }

    /** The province's files by appraisal decision (TRANSFER_TO_HISTORICAL, KEEP_AT_SUCCESSOR, DESTROY, NONE). */
    public List<DecisionTotal> byDecision() {
        return charts.byDecision();
    }

    private ProgressReading.Reading read(LocalDate day, boolean withUnits) {
        return reading.read(day, today(), windowDays(), withUnits);
    }

    private Report report(Campaign campaign, String groupBy, boolean atRiskOnly, int page, int size, LocalDate asOf,
                          ProgressReading.Reading read) {
        List<Row> sorted = ProgressGroups.rows(groupBy, new ProgressRows(campaign, asOf, windowDays()), read).stream()
                .filter(r -> !atRiskOnly || r.atRisk()).toList();
        int from = Math.min(sorted.size(), page * size);
        Page<Row> p = Page.of(sorted.subList(from, Math.min(sorted.size(), from + size)), page, size, sorted.size());
        return new Report(campaign, asOf, groupBy, windowDays(), p);
    }

    private int windowDays() {
        return (int) Math.max(1, properties.rateWindow().toDays());
    }
}
