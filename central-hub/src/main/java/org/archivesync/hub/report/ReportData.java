package org.archivesync.hub.report;

import java.math.BigDecimal;
import java.text.Collator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.archivesync.hub.api.InvalidRequestException;
import org.archivesync.hub.asof.CatalogueAt;
import org.archivesync.hub.progress.Figures;
import org.archivesync.hub.progress.MilestoneProgress;
import org.archivesync.hub.progress.Progress;
import org.archivesync.hub.progress.Report;
import org.archivesync.hub.progress.Row;

/**
 * What the report prints, read from {@link Progress} through this one adapter (the only class of the package that
 * knows Progress's API): figures per former district, per new commune (a {@code shared:<site>} row that Progress
 * gives stays a line of its own, labelled as given, never added into a commune), the province's total (each office
 * once), the milestones of each district with their status, and the offices at risk.
 *
 * @param from the first day of the period the report covers
 * @param asOf the day the figures are as of (the end of the period)
 * @param omittedRows rows Progress had beyond the report's bound, not printed
 */
record ReportData(String campaignCode, String campaignName, LocalDate from, LocalDate asOf, List<Line> districts,
                  Line total, List<Line> communes, List<MilestoneLine> milestones, List<AtRisk> atRisk,
                  int omittedRows) {

    static final String SHARED = "shared:";
    private static final String UNGROUPED = "-";

    /** What a line is: a group (district or commune), a shared row, offices of no known unit, or the province. */
    enum Kind { GROUP, SHARED, UNGROUPED, TOTAL }

    /** The figures of one line, in linear metres (mét giá) except files and boxes. */
    record Measures(BigDecimal inventoried, BigDecimal sorted, BigDecimal packed, BigDecimal sealed,
                    BigDecimal digitized, BigDecimal handedOver, BigDecimal transferred, long files, long boxes,
                    BigDecimal destroyed) {
    }

    /** One line of a figures table; {@code name} is null for the total and the ungrouped line (the template names them). */
    record Line(String key, String name, Kind kind, Measures measures) {
    }

    /**
     * One milestone of one former district.
     *
     * @param fraction achieved / target, null without a target
     * @param forecastOn null when done or when nothing moves
     * @param daysLate null unless late
     */
    record MilestoneLine(String district, String milestone, LocalDate dueOn, BigDecimal target, BigDecimal achieved,
                         BigDecimal fraction, LocalDate forecastOn, Long daysLate, String status) {
    }

    /** An office at risk and the milestones it is at risk on. */
    record AtRisk(String siteCode, String name, List<MilestoneLine> milestones) {
    }

    /**
     * The report's data for a campaign, as of {@code asOf}: the live catalogue when {@code asOf} is {@code today},
     * else the catalogue rebuilt up to that day ({@link CatalogueAt}).
     *
     * <p>Progress reads its figures as of {@code asOf} itself (forecasts count from that day); the box counts are read
     * from the same day's copy of the catalogue.
     *
     * @param at empty while the hub has no as-of view; a past {@code asOf} is then refused
     * @throws org.archivesync.hub.api.NotFoundException when there is no such campaign
     * @throws InvalidRequestException for a past {@code asOf} without an as-of view
     */
    static ReportData from(Progress progress, Optional<CatalogueAt> at, BoxCounts boxes, String campaignCode,
                           LocalDate from, LocalDate asOf, LocalDate today, int maxRows) {
        Map<String, Long> siteBoxes;
        if (asOf.isBefore(today)) {
            CatalogueAt catalogue = at.orElseThrow(() -> new InvalidRequestException("asOf", asOf,
                    "this hub cannot show the catalogue as of a past day; leave asOf out for today"));
            // Not nested around the progress read: Progress reads its own figures as of that day, and a reader inside
            // a reader of the same day could wait on the copy's rebuild it holds back.
            siteBoxes = catalogue.read(asOf, boxes::perSite);
        } else {
            siteBoxes = boxes.perSite();
        }
        return read(progress, boxes, siteBoxes, campaignCode, from, asOf, today, maxRows);
    }

    private static ReportData read(Progress progress, BoxCounts boxes, Map<String, Long> siteBoxes, String campaignCode,
                                   LocalDate from, LocalDate asOf, LocalDate today, int maxRows) {
        List<Report> views = progress.reports(campaignCode, List.of("DISTRICT", "UNIT", "SITE"), maxRows, asOf);
        Report districts = views.get(0);
        Report units = views.get(1);
        Report sites = views.get(2);
        Set<String> siteCodes = new HashSet<>();
        sites.rows().items().forEach(r -> siteCodes.add(r.key()));
        Set<String> sharedSites = new HashSet<>();
        units.rows().items().stream().filter(r -> r.key().startsWith(SHARED))
                .forEach(r -> sharedSites.add(r.key().substring(SHARED.length())));

        List<Line> districtLines = lines(districts.rows().items(), boxes.districts(), siteBoxes, siteCodes, Set.of());
        List<Line> communeLines = lines(units.rows().items(), boxes.newUnits(today), siteBoxes, siteCodes, sharedSites);

        Figures all = Figures.ZERO;
        long allBoxes = 0;
        List<AtRisk> atRisk = new ArrayList<>();
        for (Row r : sites.rows().items()) {
            all = all.plus(r.figures());
            allBoxes += siteBoxes.getOrDefault(r.key(), 0L);
            if (r.atRisk()) {
                atRisk.add(new AtRisk(r.key(), r.name(), r.milestones().stream()
                        .filter(MilestoneProgress::atRisk).map(m -> milestone(r.name(), m)).toList()));
            }
        }
        atRisk.sort(Comparator.comparing(AtRisk::name, COLLATOR).thenComparing(AtRisk::siteCode));

        List<MilestoneLine> milestones = new ArrayList<>();
        for (Line d : districtLines) {
            Row row = districts.rows().items().stream().filter(r -> r.key().equals(d.key())).findFirst()
                    .orElseThrow();
            row.milestones().forEach(m -> milestones.add(milestone(d.name(), m)));
        }
        int omitted = omitted(districts) + omitted(units) + omitted(sites);
        return new ReportData(campaignCode, districts.campaign().name(), from, asOf, districtLines,
                new Line("", null, Kind.TOTAL, measures(all, allBoxes)), communeLines, milestones, atRisk, omitted);
    }

    private static final Comparator<String> COLLATOR = Collator.getInstance(Locale.forLanguageTag("vi"))::compare;

    /**
     * The lines of a grouping, groups by name, then shared rows, then offices of no known unit. A group's boxes are
     * its offices' boxes, except those of an office with a shared row, whose boxes are on that row only.
     */
    private static List<Line> lines(List<Row> rows, Map<String, Set<String>> members,
                                  Map<String, Long> siteBoxes, Set<String> siteCodes, Set<String> sharedSites) {
        Set<String> grouped = new HashSet<>();
        members.values().forEach(grouped::addAll);
        List<Line> groups = new ArrayList<>();
        List<Line> shared = new ArrayList<>();
        List<Line> ungrouped = new ArrayList<>();
        for (Row r : rows) {
            long count;
            if (r.key().startsWith(SHARED)) {
                count = siteBoxes.getOrDefault(r.key().substring(SHARED.length()), 0L);
                shared.add(new Line(r.key(), r.name(), Kind.SHARED, measures(r.figures(), count)));
            } else if (r.key().equals(UNGROUPED)) {
                count = siteCodes.stream().filter(s -> !grouped.contains(s))
                        .mapToLong(s -> siteBoxes.getOrDefault(s, 0L)).sum();
                ungrouped.add(new Line(r.key(), null, Kind.UNGROUPED, measures(r.figures(), count)));
            } else {
                count = members.getOrDefault(r.key(), Set.of()).stream()
                        .filter(s -> siteCodes.contains(s) && !sharedSites.contains(s))
                        .mapToLong(s -> siteBoxes.getOrDefault(s, 0L)).sum();
                groups.add(new Line(r.key(), r.name(), Kind.GROUP, measures(r.figures(), count)));
            }
        }
        groups.sort(Comparator.comparing(Line::name, COLLATOR).thenComparing(Line::key));
        shared.sort(Comparator.comparing(Line::key));
        List<Line> all = new ArrayList<>(groups);
        all.addAll(shared);
        all.addAll(ungrouped);
        return List.copyOf(all);
    }

    private static Measures measures(Figures f, long boxes) {
        return new Measures(f.inventoriedMetres(), f.sortedMetres(), f.boxedMetres(),
                f.sealedMetres(), f.digitizedMetres(), f.handedOverMetres(), f.transferredMetres(), f.fileCount(), boxes,
                f.destroyedMetres());
    }

    private static MilestoneLine milestone(String district, MilestoneProgress m) {
        return new MilestoneLine(district, m.name(), m.dueOn(), m.targetMetres(), m.achievedMetres(), m.fraction(),
                m.forecastOn(), m.daysLate(), m.status().name());
    }

    private static int omitted(Report r) {
        return (int) Math.max(0, r.rows().totalElements() - r.rows().items().size());
    }
}
