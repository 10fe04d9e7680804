package org.archivesync.hub.console;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.archivesync.hub.progress.Campaign;
import org.archivesync.hub.progress.Campaigns;
import org.archivesync.hub.progress.DecisionTotal;
import org.archivesync.hub.progress.History;
import org.archivesync.hub.progress.Progress;
import org.archivesync.hub.progress.Report;
import org.archivesync.hub.progress.Row;
import org.archivesync.hub.progress.SiteDetail;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The overview (tổng quan): a campaign's milestones and progress per former district, per new unit and per office;
 * one office's progress per fonds and storage location; charts.
 */
@Controller
class OverviewController {

    private static final int ROWS = 500;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter INPUT_DAY = DateTimeFormatter.ofPattern("d/M/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private final Campaigns campaigns;
    private final Progress progress;
    private final MessageSource messages;

    OverviewController(Campaigns campaigns, Progress progress, MessageSource messages) {
        this.campaigns = campaigns;
        this.progress = progress;
        this.messages = messages;
    }

    /**
     * The overview as of a day: {@code asOf} as dd/MM/yyyy, from 01/01/2000 to today; a date that cannot be read or is
     * out of that range is said on the page (the value and why) and the figures are today's.
     */
    @GetMapping("/")
    String overview(@RequestParam(required = false) String campaign, @RequestParam(required = false) String asOf,
                    Model model) {
        List<Campaign> campaigns = this.campaigns.campaigns();
        model.addAttribute("campaigns", campaigns);
        if (campaigns.isEmpty()) {
            return "overview";
        }
        LocalDate day = asOf(asOf, model);
        String code = campaign != null ? campaign : campaigns.get(0).campaignCode();
        List<Report> views = progress.reports(code, List.of("DISTRICT", "UNIT", "SITE"), ROWS, day);
        Report districts = views.get(0);
        Report units = views.get(1);
        Report sites = views.get(2);
        model.addAttribute("campaign", districts.campaign());
        model.addAttribute("asOf", districts.asOf());
        model.addAttribute("districts", districts.rows().items());
        model.addAttribute("units", units.rows().items());
        model.addAttribute("total", ProgressBars.total(sites.rows().items()));
        model.addAttribute("sitesAtRisk", sites.rows().items().stream().filter(Row::atRisk).count());
        model.addAttribute("siteCount", sites.rows().items().size());
        model.addAttribute("siteRows", sites.rows().items().stream().sorted(java.util.Comparator.comparing(Row::name))
                .toList());
        model.addAttribute("bars", new ProgressBars());
        return "overview";
    }

    /** The day asked for, or null (today) with the refusal in the model when it cannot be used. */
    private LocalDate asOf(String text, Model model) {
        if (text == null || text.isBlank()) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(text.strip(), INPUT_DAY);
        } catch (DateTimeParseException e) {
            return refused(text, "overview.as-of-format", model);
        }
        if (day.isBefore(Progress.EARLIEST_AS_OF) || day.isAfter(progress.today())) {
            return refused(text, "overview.as-of-range", model);
        }
        return day;
    }

    private static LocalDate refused(String text, String reasonKey, Model model) {
        model.addAttribute("asOfInput", text.length() > 40 ? text.substring(0, 40) + "…" : text);
        model.addAttribute("asOfReason", reasonKey);
        return null;
    }

    /**
     * One office: its figures per fonds (saying where packing figures come from) and per storage location, as of a day
     * ({@code asOf} as on the overview).
     */
    @GetMapping("/progress/sites/{siteCode}")
    String site(@PathVariable String siteCode, @RequestParam(required = false) String asOf, Model model) {
        SiteDetail site = progress.site(siteCode, asOf(asOf, model));
        model.addAttribute("site", site);
        model.addAttribute("asOf", site.asOf());
        return "site-progress";
    }

    @GetMapping("/charts")
    String charts(@RequestParam(defaultValue = "SEALED_METRES") String measure, Model model, Locale locale) {
        if (!Progress.MEASURES.contains(measure)) {
            measure = "SEALED_METRES";
        }
        model.addAttribute("measures", Progress.MEASURES);
        History history = progress.history(measure);
        model.addAttribute("history", history);
        // Plain strings and numbers for the page's script.
        model.addAttribute("days", history.days().stream().map(DAY::format).toList());
        model.addAttribute("series", history.series().stream().map(s -> Map.of("name", s.name(),
                "values", s.cumulative().stream().map(BigDecimal::doubleValue).toList())).toList());
        List<DecisionTotal> decisions = progress.byDecision();
        model.addAttribute("decisions", decisions);
        model.addAttribute("decisionMetres", decisions.stream().map(d -> d.metres().doubleValue()).toList());
        model.addAttribute("decisionLabels", decisions.stream()
                .map(d -> messages.getMessage("appraisal." + d.decision(), null, locale)).toList());
        return "charts";
    }
}
