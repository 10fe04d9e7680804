package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a progress view from one reading of the catalogue, grouped per office (SITE), per former district
 * (DISTRICT) or per new commune or ward (UNIT), at risk first. No I/O: the reading is {@link ProgressReading}'s and the
 * milestones of each row {@link ProgressRows}'.
 */
final class ProgressGroups {

    /** At risk first; among them, nothing moving, then the latest forecast; then the least done. */
    static final Comparator<Row> AT_RISK_FIRST = Comparator.comparing((Row r) -> !r.atRisk())
            .thenComparing(r -> -lateness(r))
            .thenComparing(r -> r.milestones().stream().map(MilestoneProgress::fraction).filter(x -> x != null)
                    .min(Comparator.naturalOrder()).orElse(BigDecimal.ONE))
            .thenComparing(Row::key);

    private ProgressGroups() {
    }

    /**
     * Every row of one grouping, at risk first.
     *
     * @param groupBy SITE, DISTRICT or UNIT (UNIT needs a reading with its units)
     * @throws IllegalArgumentException for any other grouping
     */
    static List<Row> rows(String groupBy, ProgressRows rows, ProgressReading.Reading reading) {
        List<Row> out = switch (groupBy) {
            case "SITE" -> reading.offices().stream()
                    .map(o -> rows.row(o.code(), o.name(), List.of(o.whole()), List.of())).toList();
            case "DISTRICT" -> byDistrict(rows, reading);
            case "UNIT" -> byNewUnit(rows, reading);
            default -> throw new IllegalArgumentException("groupBy is SITE, DISTRICT or UNIT: " + groupBy);
        };
        return out.stream().sorted(AT_RISK_FIRST).toList();
    }

    /** A site counts in full under each former district its unit came from. */
    static List<Row> byDistrict(ProgressRows rows, ProgressReading.Reading reading) {
        Map<String, List<ProgressRows.Part>> members = new LinkedHashMap<>();
        List<ProgressRows.Part> ungrouped = new ArrayList<>();
        for (ProgressRows.Office o : reading.offices()) {
            if (o.districts().isEmpty()) {
                ungrouped.add(o.whole());
            }
            for (String d : o.districts()) {
                members.computeIfAbsent(d, k -> new ArrayList<>()).add(o.whole());
            }
        }
        List<Row> out = new ArrayList<>();
        members.forEach((key, list) -> out.add(rows.row(key, reading.districtNames().get(key), list, List.of())));
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
    static List<Row> byNewUnit(ProgressRows rows, ProgressReading.Reading reading) {
        Map<String, String> names = reading.unitNames();
        Map<String, List<ProgressRows.Part>> members = new LinkedHashMap<>();
        List<ProgressRows.Part> ungrouped = new ArrayList<>();
        List<Row> out = new ArrayList<>();
        for (ProgressRows.Office o : reading.offices()) {
            List<String> units = reading.newUnits().getOrDefault(o.code(), List.of()).stream().sorted().toList();
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

    private static long lateness(Row r) {
        long worst = 0;
        for (MilestoneProgress m : r.milestones()) {
            if (m.atRisk()) {
                worst = Math.max(worst, m.daysLate() == null ? Long.MAX_VALUE / 2 : m.daysLate());
            }
        }
        return worst;
    }
}
