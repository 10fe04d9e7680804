package org.archivesync.hub.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import org.archivesync.hub.api.InvalidRequestException;
import org.archivesync.hub.progress.Campaign;
import org.archivesync.hub.progress.Campaigns;
import org.archivesync.hub.report.Reports;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The campaign report to Sở Nội vụ (báo cáo): an archivist picks the campaign, the period and the as-of day
 * (dd/MM/yyyy) and downloads the xlsx or the PDF from the API (ARCHIVIST: hub.security's export rule; the downloads
 * are audited there).
 */
@Controller
class ReportsController {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private final Campaigns campaigns;
    private final Reports reports;

    ReportsController(Campaigns campaigns, Reports reports) {
        this.campaigns = campaigns;
        this.reports = reports;
    }

    /** The two download links of a valid choice. */
    public record Downloads(String xlsx, String pdf) {
    }

    @GetMapping("/reports")
    String reports(@RequestParam(required = false) String campaign, @RequestParam(required = false) String asOf,
                   @RequestParam(required = false) String from, @RequestParam(required = false) String number,
                   Model model) {
        List<Campaign> campaigns = this.campaigns.campaigns();
        model.addAttribute("campaigns", campaigns);
        if (campaigns.isEmpty()) {
            return "reports";
        }
        Campaign chosen = campaigns.stream().filter(c -> c.campaignCode().equals(campaign)).findFirst()
                .orElse(campaigns.get(0));
        List<String> errors = new ArrayList<>();
        LocalDate day = parse(asOf, "as-of", errors);
        LocalDate start = parse(from, "from", errors);
        if (day == null) {
            day = reports.today();
        }
        if (start == null) {
            start = chosen.startsOn().isAfter(day) ? day : chosen.startsOn();
        }
        String num = number == null || number.isBlank() ? null : number.strip();
        for (InvalidRequestException.FieldError e : reports.refusals(day, start, num)) {
            errors.add(switch (e.parameter()) {
                case "asOf" -> "as-of";
                case "from" -> "from";
                default -> "number";
            });
        }
        model.addAttribute("campaign", chosen);
        model.addAttribute("asOfText", asOf == null ? DAY.format(day) : asOf);
        model.addAttribute("fromText", from == null ? DAY.format(start) : from);
        model.addAttribute("number", num == null ? "" : num);
        model.addAttribute("errors", errors.stream().distinct().toList());
        model.addAttribute("period", List.of(DAY.format(start), DAY.format(day)));
        if (errors.isEmpty()) {
            String query = "?asOf=" + day + "&from=" + start
                    + (num == null ? "" : "&number=" + URLEncoder.encode(num, StandardCharsets.UTF_8));
            String base = "/api/campaigns/" + URLEncoder.encode(chosen.campaignCode(), StandardCharsets.UTF_8);
            model.addAttribute("downloads", new Downloads(base + "/report.xlsx" + query, base + "/report.pdf" + query));
        }
        return "reports";
    }

    /** A dd/MM/yyyy date, or null (with {@code field} among the errors when it was given but is not a date). */
    private static LocalDate parse(String text, String field, List<String> errors) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(text.strip(), DAY);
        } catch (DateTimeParseException e) {
            errors.add(field);
            return null;
        }
    }
}
