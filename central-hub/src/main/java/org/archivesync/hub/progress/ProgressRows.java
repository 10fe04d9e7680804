package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One campaign's rows as of a day, from offices or parts of offices: which offices each milestone is measured on,
 * which date applies, and the forecast against it. No I/O.
 */
final class ProgressRows {

    /**
     * An office (cơ quan) with what it has as of the day.
     *
     * @param districts the former districts its unit belonged to (for their milestone dates), possibly empty
     * @param former its unit today is a former unit, with a successor in the lineage (it sends)
     * @param receiving its unit today is a new commune formed by the merger (it receives)
     */
    record Office(String code, String name, String unitCode, long lastSequence, Figures figures,
                  Map<String, BigDecimal> rates, List<String> districts, boolean former, boolean receiving) {

        Part whole() {
            return new Part(this, figures, rates);
        }
    }

    /** What an office contributes to one row: all of it, or its share in one new commune. */
    record Part(Office office, Figures figures, Map<String, BigDecimal> rates) {
    }

    private final Campaign campaign;
    private final LocalDate asOf;
    private final int windowDays;

    ProgressRows(Campaign campaign, LocalDate asOf, int windowDays) {
        this.campaign = campaign;
        this.asOf = asOf;
        this.windowDays = windowDays;
    }

    /**
     * A row summing its parts. A milestone counts only the parts of offices measured on it and is due on the latest
     * of their dates; when none is, it is NOT_MEASURED.
     */
    Row row(String key, String name, List<Part> parts, List<String> sharedAmong) {
        Figures total = Figures.ZERO;
        Set<String> offices = new HashSet<>();
        for (Part p : parts) {
            total = total.plus(p.figures());
            offices.add(p.office().code());
        }
        List<MilestoneProgress> milestones = milestones(parts);
        boolean atRisk = milestones.stream().anyMatch(MilestoneProgress::atRisk);
        int sitesAtRisk;
        if (parts.size() == 1) {
            sitesAtRisk = atRisk ? 1 : 0;
        } else {
            Set<String> risky = new HashSet<>();
            for (Part p : parts) {
                if (milestones(List.of(p)).stream().anyMatch(MilestoneProgress::atRisk)) {
                    risky.add(p.office().code());
                }
            }
            sitesAtRisk = risky.size();
        }
        return new Row(key, name, offices.size(), sitesAtRisk, total, milestones, atRisk, List.copyOf(sharedAmong));
    }

    List<MilestoneProgress> milestones(List<Part> parts) {
        List<MilestoneProgress> out = new ArrayList<>();
        for (Milestone m : campaign.milestones()) {
            MilestoneKind kind = m.kind();
            BigDecimal target = BigDecimal.ZERO;
            BigDecimal achieved = BigDecimal.ZERO;
            BigDecimal window = BigDecimal.ZERO;
            LocalDate due = null;
            LocalDate latestOfAll = null;
            for (Part p : parts) {
                LocalDate d = m.dueFor(p.office().code(), p.office().districts());
                latestOfAll = latest(latestOfAll, d);
                if (!MilestoneRules.measuredOn(kind, p.office().former(), p.office().receiving())) {
                    continue;
                }
                due = latest(due, d);
                MilestoneRules.Basis b = MilestoneRules.basis(kind, p.figures());
                target = target.add(b.target());
                achieved = achieved.add(b.achieved());
                window = window.add(p.rates().getOrDefault(b.rateMeasure(), BigDecimal.ZERO));
            }
            out.add(due == null
                    ? Forecast.notMeasured(kind, m.name(), latestOfAll == null ? m.dueOn() : latestOfAll)
                    : Forecast.forecast(kind, m.name(), due, target, achieved, window, windowDays, asOf));
        }
        return out;
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
