package org.archivesync.hub.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's texts and table cells, from the data and the template, shared by the xlsx and the PDF so both print
 * the same thing. Cells are strings, or numbers ({@link BigDecimal} metres, {@link Long} counts) that the workbook
 * keeps as numbers and the PDF writes the Vietnamese way (1.500,25). No I/O.
 */
final class ReportLayout {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    static final List<String> FIGURE_COLUMNS = List.of("column.inventoried", "column.sorted", "column.packed",
            "column.sealed", "column.digitized", "column.handed-over", "column.transferred", "column.files",
            "column.boxes", "column.destroyed");

    private final ReportTemplate t;
    private final ReportData d;
    private final LocalDate issuedOn;
    private final String number;

    /**
     * @param issuedOn the date of the document (today)
     * @param number the document's number (số), null or blank when the clerk writes it in
     */
    ReportLayout(ReportTemplate template, ReportData data, LocalDate issuedOn, String number) {
        this.t = template;
        this.d = data;
        this.issuedOn = issuedOn;
        this.number = number == null || number.isBlank() ? template.text("number-blank") : number.strip();
    }

    ReportData data() {
        return d;
    }

    ReportTemplate template() {
        return t;
    }

    String text(String key) {
        return t.text(key, values());
    }

    /** Placeholders every text may use. */
    private Map<String, String> values() {
        return Map.of("number", number, "place", t.text("place"), "day", String.format("%02d", issuedOn.getDayOfMonth()),
                "month", month(issuedOn.getMonthValue()), "year", Integer.toString(issuedOn.getYear()),
                "campaign", d.campaignName(), "campaignCode", d.campaignCode(), "from", day(d.from()),
                "to", day(d.asOf()), "asOf", day(d.asOf()));
    }

    /** Nghị định 30/2020/NĐ-CP writes months 1 and 2 with a leading zero (so they cannot be extended), others plain. */
    static String month(int month) {
        return month <= 2 ? "0" + month : Integer.toString(month);
    }

    /** Top left: governing body, issuing body (bold), number. */
    List<String> issuer() {
        return List.of(text("governing-body"), text("issuing-body"), text("number"));
    }

    /** Top right: Quốc hiệu (bold), tiêu ngữ (bold, underlined), place and date. */
    List<String> motto() {
        return List.of(text("country"), text("motto"), text("place-date"));
    }

    List<String> figureHeader(boolean districts) {
        List<String> h = new ArrayList<>(List.of(text("column.no"), text(districts ? "column.district" : "column.commune")));
        FIGURE_COLUMNS.forEach(k -> h.add(text(k)));
        return h;
    }

    /** STT, name and the ten figures of each line; the province's total last when {@code withTotal}. */
    List<List<Object>> figureRows(List<ReportData.Line> lines, boolean withTotal) {
        List<List<Object>> rows = new ArrayList<>();
        int n = 0;
        for (ReportData.Line l : lines) {
            rows.add(figures(Integer.toString(++n), name(l), l.measures()));
        }
        if (withTotal) {
            rows.add(figures("", text("total"), d.total().measures()));
        }
        return rows;
    }

    private String name(ReportData.Line l) {
        return switch (l.kind()) {
            case GROUP -> l.name();
            // Labelled as what it is: one office's part that no new commune can take, printed once.
            case SHARED -> t.text("communes.shared", Map.of("office", l.name()));
            case UNGROUPED -> text("ungrouped");
            case TOTAL -> text("total");
        };
    }

    private static List<Object> figures(String no, String name, ReportData.Measures m) {
        return Arrays.asList(no, name, m.inventoried(), m.sorted(), m.packed(), m.sealed(), m.digitized(),
                m.handedOver(), m.transferred(), m.files(), m.boxes(), m.destroyed());
    }

    List<String> milestoneHeader() {
        return List.of(text("column.no"), text("milestone.district"), text("milestone.name"), text("milestone.due"),
                text("milestone.target"), text("milestone.achieved"), text("milestone.percent"),
                text("milestone.forecast"), text("milestone.status"));
    }

    List<List<Object>> milestoneRows() {
        List<List<Object>> rows = new ArrayList<>();
        int n = 0;
        for (ReportData.MilestoneLine m : d.milestones()) {
            rows.add(Arrays.asList(Integer.toString(++n), m.district() == null ? text("ungrouped") : m.district(),
                    m.milestone(), day(m.dueOn()), m.target(), m.achieved(), percent(m.fraction()), day(m.forecastOn()),
                    t.status(m.status())));
        }
        return rows;
    }

    List<String> atRiskHeader() {
        return List.of(text("column.no"), text("at-risk.office"), text("at-risk.code"), text("at-risk.milestones"));
    }

    List<List<Object>> atRiskRows() {
        List<List<Object>> rows = new ArrayList<>();
        int n = 0;
        for (ReportData.AtRisk a : d.atRisk()) {
            List<String> lines = a.milestones().stream().map(m -> t.text(m.daysLate() == null ? "at-risk.line"
                    : "at-risk.late", Map.of("milestone", m.milestone(), "due", day(m.dueOn()),
                    "status", t.status(m.status()), "days", m.daysLate() == null ? "" : m.daysLate().toString())))
                    .toList();
            rows.add(Arrays.asList(Integer.toString(++n), a.name(), a.siteCode(), String.join("\n", lines)));
        }
        return rows;
    }

    /** The recipients, one a line. */
    List<String> recipients() {
        return List.of(text("recipients").split("\n"));
    }

    /** The line saying rows were left out, or null when none were. */
    String truncated() {
        return d.omittedRows() == 0 ? null
                : t.text("truncated", Map.of("count", Integer.toString(d.omittedRows())));
    }

    static String day(LocalDate date) {
        return date == null ? "" : DAY.format(date);
    }

    static String percent(BigDecimal fraction) {
        return fraction == null ? "" : fraction.movePointRight(2).setScale(0, RoundingMode.DOWN).toPlainString() + " %";
    }

    /** A cell as the PDF writes it: metres with two decimals, Vietnamese separators; counts grouped. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        DecimalFormatSymbols vi = DecimalFormatSymbols.getInstance(Locale.forLanguageTag("vi-VN"));
        vi.setGroupingSeparator('.');
        vi.setDecimalSeparator(',');
        if (value instanceof BigDecimal m) {
            return new DecimalFormat("#,##0.00", vi).format(m);
        }
        if (value instanceof Long c) {
            return new DecimalFormat("#,##0", vi).format(c);
        }
        return value.toString();
    }
}
