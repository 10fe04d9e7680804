package org.archivesync.hub.console;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.archivesync.hub.progress.Progress;
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

    private final Progress progress;
    private final MessageSource messages;

    OverviewController(Progress progress, MessageSource messages) {
        this.progress = progress;
        this.messages = messages;
    }

    @GetMapping("/")
    String overview(@RequestParam(required = false) String campaign, Model model) {
        List<Progress.Campaign> campaigns = progress.campaigns();
        model.addAttribute("campaigns", campaigns);
        if (campaigns.isEmpty()) {
            return "overview";
        }
        String code = campaign != null ? campaign : campaigns.get(0).campaignCode();
        List<Progress.Report> views = progress.reports(code, List.of("DISTRICT", "UNIT", "SITE"), ROWS);
        Progress.Report districts = views.get(0);
        Progress.Report units = views.get(1);
        Progress.Report sites = views.get(2);
        model.addAttribute("campaign", districts.campaign());
        model.addAttribute("asOf", districts.asOf());
        model.addAttribute("districts", districts.rows().items());
        model.addAttribute("units", units.rows().items());
        model.addAttribute("total", ProgressBars.total(sites.rows().items()));
        model.addAttribute("sitesAtRisk", sites.rows().items().stream().filter(Progress.Row::atRisk).count());
        model.addAttribute("siteCount", sites.rows().items().size());
        model.addAttribute("siteRows", sites.rows().items().stream().sorted(java.util.Comparator.comparing(Progress.Row::name))
                .toList());
        model.addAttribute("bars", new ProgressBars());
        return "overview";
    }

    /** One office: its figures per fonds (saying where packing figures come from) and per storage location. */
    @GetMapping("/progress/sites/{siteCode}")
    String site(@PathVariable String siteCode, Model model) {
        model.addAttribute("site", progress.site(siteCode));
        return "site-progress";
    }

    @GetMapping("/charts")
    String charts(@RequestParam(defaultValue = "SEALED_METRES") String measure, Model model, Locale locale) {
        if (!Progress.MEASURES.contains(measure)) {
            measure = "SEALED_METRES";
        }
        model.addAttribute("measures", Progress.MEASURES);
        Progress.History history = progress.history(measure);
        model.addAttribute("history", history);
        // Plain strings and numbers for the page's script.
        model.addAttribute("days", history.days().stream().map(DAY::format).toList());
        model.addAttribute("series", history.series().stream().map(s -> Map.of("name", s.name(),
                "values", s.cumulative().stream().map(BigDecimal::doubleValue).toList())).toList());
        List<Progress.DecisionTotal> decisions = progress.byDecision();
        model.addAttribute("decisions", decisions);
        model.addAttribute("decisionMetres", decisions.stream().map(d -> d.metres().doubleValue()).toList());
        model.addAttribute("decisionLabels", decisions.stream()
                .map(d -> messages.getMessage("appraisal." + d.decision(), null, locale)).toList());
        return "charts";
    }
}
