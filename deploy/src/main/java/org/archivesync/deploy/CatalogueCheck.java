package org.archivesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.archivesync.deploy.CaMauOffices.Office;
import org.archivesync.deploy.FileListGenerator.FileList;
import org.archivesync.deploy.FileListGenerator.FileRow;

/**
 * The demo's last word on the records model: every file of every list the offices imported is found in the provincial
 * catalogue (the hub's {@code GET /api/files}) as the sheet wrote it: its fonds' own box, its hồ sơ số, số và ký hiệu,
 * mục lục số, classification group, dates at the precision written ("2003", "06/2003") and retention as written
 * ("Lâu dài", "Tạm thời"). A difference stops the demo with the first rows that differ.
 */
final class CatalogueCheck {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");

    private CatalogueCheck() {
    }

    /** The summary line; throws {@link LocalStackException} naming the files that differ. */
    static String asWritten(HubProcess hub, Map<Office, List<FileList>> imported) {
        int files = 0;
        int fonds = 0;
        int yearOnly = 0;
        int monthOnly = 0;
        int ranges = 0;
        int legacy = 0;
        List<String> differences = new ArrayList<>();
        Map<String, Set<String>> fondsWithH001 = new LinkedHashMap<>();
        for (Map.Entry<Office, List<FileList>> office : imported.entrySet()) {
            Map<String, List<FileRow>> byFonds = new LinkedHashMap<>();
            for (FileList list : office.getValue()) {
                byFonds.computeIfAbsent(list.fonds().code(), k -> new ArrayList<>()).addAll(list.files());
            }
            for (Map.Entry<String, List<FileRow>> entry : byFonds.entrySet()) {
                if (entry.getValue().isEmpty()) {
                    continue;
                }
                fonds++;
                Map<String, JsonNode> catalogue = new LinkedHashMap<>();
                hub.files(entry.getKey()).forEach(hit -> catalogue.put(hit.path("fileCode").asText(), hit));
                for (FileRow f : entry.getValue()) {
                    files++;
                    JsonNode hit = catalogue.get(f.fileCode());
                    String difference = hit == null ? "not in the catalogue" : difference(f, hit);
                    if (difference != null && differences.size() < 5) {
                        differences.add(f.fondsCode() + "/" + f.fileCode() + ": " + difference);
                    }
                    yearOnly += "YEAR".equals(f.startPrecision()) && Objects.equals(f.start(), f.end()) ? 1 : 0;
                    monthOnly += "MONTH".equals(f.startPrecision()) ? 1 : 0;
                    ranges += "YEAR".equals(f.startPrecision()) && !Objects.equals(f.start(), f.end()) ? 1 : 0;
                    legacy += f.legacyRetention() != null ? 1 : 0;
                    if ("H001".equals(f.boxCode())) {
                        fondsWithH001.computeIfAbsent(office.getKey().siteCode(), k -> new HashSet<>()).add(f.fondsCode());
                    }
                }
            }
        }
        if (!differences.isEmpty()) {
            throw new LocalStackException("the catalogue does not hold the files as the sheets wrote them: "
                    + String.join("; ", differences));
        }
        long officesWithSeveralH001 = fondsWithH001.values().stream().filter(f -> f.size() > 1).count();
        return String.format(Locale.US, "catalogue as the sheets wrote it: %d files of %d fonds checked through "
                        + "GET /api/files, every box, hồ sơ số, số và ký hiệu, mục lục số, group and date as written "
                        + "(%d year-only, %d month-only, %d ranges from one cell, %d with retention \"Lâu dài\"/\"Tạm thời\" "
                        + "flagged for re-appraisal); %s",
                files, fonds, yearOnly, monthOnly, ranges, legacy, officesWithSeveralH001 == 1
                        ? "1 office keeps several fonds, each with its own box H001"
                        : officesWithSeveralH001 + " offices keep several fonds, each with its own box H001");
    }

    /** What differs between the row and the catalogue's file, or null when nothing does. */
    static String difference(FileRow f, JsonNode hit) {
        List<String> out = new ArrayList<>();
        compare(out, "boxCode", f.boxCode(), hit);
        compare(out, "fileNumber", f.fileNumber(), hit);
        compare(out, "reference", f.reference(), hit);
        compare(out, "listNumber", f.listNumber(), hit);
        compare(out, "series", f.series(), hit);
        compare(out, "retention", f.retention(), hit);
        if (!f.secret()) {
            compare(out, "startDate", written(f.start(), f.startPrecision()), hit);
            compare(out, "startPrecision", f.startPrecision(), hit);
            compare(out, "endDate", written(f.end(), f.endPrecision()), hit);
            compare(out, "endPrecision", f.endPrecision(), hit);
        }
        if (f.legacyRetention() != null && !hit.path("retentionNeedsReappraisal").asBoolean()) {
            out.add("retentionNeedsReappraisal: false");
        }
        return out.isEmpty() ? null : String.join(", ", out);
    }

    private static void compare(List<String> out, String field, String expected, JsonNode hit) {
        JsonNode node = hit.path(field);
        String actual = node.isMissingNode() || node.isNull() ? null : node.asText();
        if (!Objects.equals(expected, actual)) {
            out.add(field + " " + actual + " (sheet: " + expected + ")");
        }
    }

    /** The date as the REST API writes it at its precision: "2003", "2003-06" or "2003-06-12". */
    private static String written(LocalDate date, String precision) {
        if (date == null) {
            return null;
        }
        return switch (precision) {
            case "YEAR" -> Integer.toString(date.getYear());
            case "MONTH" -> MONTH.format(date);
            default -> date.toString();
        };
    }
}
