package org.archivesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's last word on the campaign (#17): the hub's progress, as of a day inside the campaign, tells the field
 * report's story (DOMAIN.md §5) against the field report's dates. Read through the hub's REST API as the console reads
 * it; a difference stops the demo, naming the figure.
 *
 * <ul>
 * <li>Cái Nước: over 2,200 m in the district, about 1,500 m of it packed (reported in bulk, not itemised);</li>
 * <li>Trần Văn Thời: 133.1 m sorted, 1,104 m of unsorted backlog;</li>
 * <li>the milestones carry the dates of the field report: Cái Nước's transfer due 20/6, Trần Văn Thời's 16/6;</li>
 * <li>per new commune nothing is counted twice: the rows (with the shared rows) add up to the offices' figures;</li>
 * <li>a new commune is not measured on handing over (it receives).</li>
 * </ul>
 */
final class ProgressCheck {

    private ProgressCheck() {
    }

    /** The summary line; throws {@link LocalStackException} naming what differs. */
    static String fieldReport(HubProcess hub, CaMauOffices.Campaign campaign, LocalDate asOf) {
        List<String> wrong = new ArrayList<>();
        Map<String, JsonNode> sites = rows(hub.progress(campaign.code(), "SITE", asOf));
        JsonNode caiNuoc = figures(sites, CaMauOffices.CAI_NUOC.siteCode(), wrong);
        JsonNode tranVanThoi = figures(sites, CaMauOffices.TRAN_VAN_THOI.siteCode(), wrong);
        expect(wrong, "Cái Nước inventoried", metres(caiNuoc, "inventoriedMetres"), "2228.40");
        expect(wrong, "Cái Nước packed", metres(caiNuoc, "boxedMetres"), "1500.00");
        expect(wrong, "Trần Văn Thời sorted", metres(tranVanThoi, "sortedMetres"), "133.10");
        expect(wrong, "Trần Văn Thời unsorted", metres(tranVanThoi, "unsortedMetres"), "1104.00");

        Map<String, JsonNode> districts = rows(hub.progress(campaign.code(), "DISTRICT", asOf));
        expect(wrong, "Cái Nước's transfer due", due(districts.get(CaMauOffices.CAI_NUOC.unitCode()), "TRANSFERRED"),
                "2025-06-20");
        expect(wrong, "Trần Văn Thời's transfer due",
                due(districts.get(CaMauOffices.TRAN_VAN_THOI.unitCode()), "TRANSFERRED"), "2025-06-16");
        String tanHungHandover = status(sites.get(CaMauOffices.TAN_HUNG.siteCode()), "HANDED_OVER");
        expect(wrong, "xã Tân Hưng on handing over", tanHungHandover, "NOT_MEASURED");
        String communeSealed = status(sites.get(CaMauOffices.DAM_DOI.siteCode()), "SEALED");
        expect(wrong, "xã Đầm Dơi sealed by 5/6", communeSealed, "DONE");

        Map<String, JsonNode> units = rows(hub.progress(campaign.code(), "UNIT", asOf));
        BigDecimal perSite = sum(sites, "inventoriedMetres");
        BigDecimal perUnit = sum(units, "inventoriedMetres");
        expect(wrong, "inventoried per new commune, shared rows included, against per office", perUnit.toPlainString(),
                perSite.toPlainString());
        long shared = units.keySet().stream().filter(k -> k.startsWith("shared:")).count();
        if (!wrong.isEmpty()) {
            throw new LocalStackException("the campaign's progress as of " + DemoMain.day(asOf) + " does not tell the "
                    + "field report's story: " + String.join("; ", wrong));
        }
        long atRisk = sites.values().stream().filter(r -> r.path("atRisk").asBoolean()).count();
        return String.format(Locale.US, "campaign %s as of %s as the field report tells it: Cái Nước %s m, %s m packed "
                        + "(reported); Trần Văn Thời %s m sorted + %s m backlog; transfer due 20/6 for Cái Nước, 16/6 "
                        + "for Trần Văn Thời; %d offices at risk; per new commune %s m = per office %s m (%d shared "
                        + "rows, nothing counted twice)", campaign.code(), DemoMain.day(asOf),
                DemoScenario.metres(new BigDecimal(metres(caiNuoc, "inventoriedMetres"))),
                DemoScenario.metres(new BigDecimal(metres(caiNuoc, "boxedMetres"))),
                DemoScenario.metres(new BigDecimal(metres(tranVanThoi, "sortedMetres"))),
                DemoScenario.metres(new BigDecimal(metres(tranVanThoi, "unsortedMetres"))), atRisk,
                DemoScenario.metres(perUnit), DemoScenario.metres(perSite), shared);
    }

    private static Map<String, JsonNode> rows(JsonNode report) {
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        report.path("rows").path("items").forEach(r -> rows.put(r.path("key").asText(), r));
        return rows;
    }

    private static JsonNode figures(Map<String, JsonNode> rows, String key, List<String> wrong) {
        JsonNode row = rows.get(key);
        if (row == null) {
            wrong.add("no row for " + key);
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        return row.path("figures");
    }

    private static String metres(JsonNode figures, String field) {
        JsonNode v = figures.path(field);
        return v.isMissingNode() ? "missing" : v.decimalValue().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    private static BigDecimal sum(Map<String, JsonNode> rows, String field) {
        return rows.values().stream().map(r -> r.path("figures").path(field).decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2, java.math.RoundingMode.HALF_UP);
    }

    private static JsonNode milestone(JsonNode row, String kind) {
        if (row == null) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        for (JsonNode m : row.path("milestones")) {
            if (kind.equals(m.path("kind").asText())) {
                return m;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    private static String due(JsonNode row, String kind) {
        return milestone(row, kind).path("dueOn").asText("missing");
    }

    private static String status(JsonNode row, String kind) {
        return milestone(row, kind).path("status").asText("missing");
    }

    private static void expect(List<String> wrong, String what, String actual, String expected) {
        if (!expected.equals(actual)) {
            wrong.add(what + " is " + actual + ", expected " + expected);
        }
    }
}
