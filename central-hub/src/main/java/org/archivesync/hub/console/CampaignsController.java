package org.archivesync.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.archivesync.hub.api.ConflictException;
import org.archivesync.hub.progress.Campaign;
import org.archivesync.hub.progress.Campaigns;
import org.archivesync.hub.progress.DueDate;
import org.archivesync.hub.progress.Milestone;
import org.archivesync.hub.progress.MilestoneKind;
import org.archivesync.hub.progress.Progress;
import org.archivesync.hub.progress.Row;
import org.archivesync.hub.security.Audit;
import org.archivesync.hub.sites.Site;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.sites.SiteRole;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Campaigns (đợt) and their milestones (mốc): everyone reads them; operators (the security rules: a console POST needs
 * OPERATOR) create a campaign, rename or restart it, set each kind of milestone with its default date, add and remove
 * its dates for a former district (huyện cũ) or an office, and remove a milestone. A refused form is shown again with
 * what was sent and each refusal in the user's language (status 422), and nothing is saved; every POST is audited with
 * what it asked ({@link Audit#DETAIL}). Through {@link Campaigns}' Java API, as the REST API.
 */
@Controller
class CampaignsController {

    /** Former districts offered in the select: at most this many groups of the progress view. */
    private static final int DISTRICTS = 500;
    /** A refused form: the request was read but not done (and the audit line says so). */
    private static final int UNPROCESSABLE = 422;

    private final Campaigns campaigns;
    private final Progress progress;
    private final SiteDirectory sites;
    private final MessageSource messages;

    CampaignsController(Campaigns campaigns, Progress progress, SiteDirectory sites, MessageSource messages) {
        this.campaigns = campaigns;
        this.progress = progress;
        this.sites = sites;
        this.messages = messages;
    }

    @GetMapping("/campaigns")
    String campaigns(Model model) {
        model.addAttribute("campaigns", campaigns.campaigns().stream().map(CampaignsController::summary).toList());
        model.addAttribute("kinds", MilestoneKind.values());
        if (!model.containsAttribute("refused")) {
            model.addAttribute("refused", CampaignPage.NONE);
        }
        return "campaigns";
    }

    @PostMapping("/campaigns")
    String create(@RequestParam(required = false) String campaignCode, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String startsOn, HttpServletRequest request,
                  HttpServletResponse response, Model model, Locale locale, RedirectAttributes redirect) {
        audit(request, "campaignCode", campaignCode, "name", name, "startsOn", startsOn);
        var outcome = CampaignEdits.create(campaignCode, name, startsOn);
        if (!outcome.refused()) {
            try {
                Campaign created = campaigns.createCampaign(outcome.value());
                redirect.addFlashAttribute("done", "campaigns.done.created");
                return "redirect:/campaigns/" + created.campaignCode();
            } catch (ConflictException e) {
                outcome = new CampaignEdits.Outcome<>(null, List.of(new CampaignEdits.Problem("campaignCode", "exists",
                        outcome.value().campaignCode())));
            }
        }
        refuse(model, response, locale, "new", outcome.problems(),
                "campaignCode", campaignCode, "name", name, "startsOn", startsOn);
        return campaigns(model);
    }

    @GetMapping("/campaigns/{code}")
    String campaign(@PathVariable String code, Model model) {
        Campaign campaign = campaigns.campaign(code);
        Map<String, String> districts = districts(code);
        Map<String, String> offices = offices();
        List<CampaignPage.Kind> kinds = new ArrayList<>();
        for (MilestoneKind kind : MilestoneKind.values()) {
            Milestone m = campaign.milestones().stream().filter(x -> x.kind() == kind).findFirst()
                    .orElse(null);
            List<CampaignPage.OtherDate> dates = m == null ? List.of() : m.dates().stream().map(d -> {
                Map<String, String> names = d.scope() == DueDate.Scope.DISTRICT ? districts : offices;
                return new CampaignPage.OtherDate(CampaignEdits.placeValue(d.scope(), d.code()), d.scope().name(),
                        d.code(), names.getOrDefault(d.code(), d.code()), CampaignEdits.shown(d.dueOn()));
            }).toList();
            kinds.add(new CampaignPage.Kind(kind, m, m == null ? "" : CampaignEdits.shown(m.dueOn()), dates));
        }
        model.addAttribute("campaign", campaign);
        model.addAttribute("startsOn", CampaignEdits.shown(campaign.startsOn()));
        model.addAttribute("kinds", kinds);
        model.addAttribute("districts", options(DueDate.Scope.DISTRICT, districts));
        model.addAttribute("offices", options(DueDate.Scope.SITE, offices));
        if (!model.containsAttribute("refused")) {
            model.addAttribute("refused", CampaignPage.NONE);
        }
        return "campaign";
    }

    @PostMapping("/campaigns/{code}")
    String change(@PathVariable String code, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String startsOn, HttpServletRequest request,
                  HttpServletResponse response, Model model, Locale locale, RedirectAttributes redirect) {
        audit(request, "name", name, "startsOn", startsOn);
        var outcome = CampaignEdits.change(campaigns.campaign(code), name, startsOn);
        if (outcome.refused()) {
            refuse(model, response, locale, "campaign", outcome.problems(), "name", name, "startsOn", startsOn);
            return campaign(code, model);
        }
        campaigns.saveCampaign(outcome.value());
        return saved(code, "campaigns.done.changed", redirect);
    }

    @PostMapping("/campaigns/{code}/milestones/{kind}")
    String milestone(@PathVariable String code, @PathVariable MilestoneKind kind,
                     @RequestParam(required = false) String name, @RequestParam(required = false) String dueOn,
                     HttpServletRequest request, HttpServletResponse response, Model model, Locale locale,
                     RedirectAttributes redirect) {
        audit(request, "name", name, "dueOn", dueOn);
        var outcome = CampaignEdits.milestone(campaigns.campaign(code), kind, name, dueOn);
        if (outcome.refused()) {
            refuse(model, response, locale, "milestone-" + kind, outcome.problems(), "name", name, "dueOn", dueOn);
            return campaign(code, model);
        }
        campaigns.setMilestone(code, outcome.value());
        return saved(code, "campaigns.done.milestone", redirect);
    }

    @PostMapping("/campaigns/{code}/milestones/{kind}/remove")
    String removeMilestone(@PathVariable String code, @PathVariable MilestoneKind kind, RedirectAttributes redirect) {
        campaigns.removeMilestone(code, kind);
        return saved(code, "campaigns.done.milestone-removed", redirect);
    }

    @PostMapping("/campaigns/{code}/milestones/{kind}/dates")
    String addDate(@PathVariable String code, @PathVariable MilestoneKind kind,
                   @RequestParam(required = false) String place, @RequestParam(required = false) String dueOn,
                   HttpServletRequest request, HttpServletResponse response, Model model, Locale locale,
                   RedirectAttributes redirect) {
        audit(request, "place", place, "dueOn", dueOn);
        var outcome = CampaignEdits.addDate(campaigns.campaign(code), kind, place, dueOn,
                d -> campaigns.unknownScopes(List.of(d)).isEmpty());
        if (outcome.refused()) {
            refuse(model, response, locale, dateForm(kind, outcome.problems()), outcome.problems(), "place", place,
                    "dueOn", dueOn);
            return campaign(code, model);
        }
        campaigns.setMilestone(code, outcome.value());
        return saved(code, "campaigns.done.date-added", redirect);
    }

    @PostMapping("/campaigns/{code}/milestones/{kind}/dates/remove")
    String removeDate(@PathVariable String code, @PathVariable MilestoneKind kind,
                      @RequestParam(required = false) String place, HttpServletRequest request,
                      HttpServletResponse response, Model model, Locale locale, RedirectAttributes redirect) {
        audit(request, "place", place);
        var outcome = CampaignEdits.removeDate(campaigns.campaign(code), kind, place);
        if (outcome.refused()) {
            refuse(model, response, locale, dateForm(kind, outcome.problems()), outcome.problems(), "place", place);
            return campaign(code, model);
        }
        campaigns.setMilestone(code, outcome.value());
        return saved(code, "campaigns.done.date-removed", redirect);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static String saved(String code, String notice, RedirectAttributes redirect) {
        redirect.addFlashAttribute("done", notice);
        redirect.addAttribute("code", code);
        return "redirect:/campaigns/{code}";
    }

    /** What the form asked, for the audit line: its fields as name=value, values cut at 100 characters. */
    private static void audit(HttpServletRequest request, String... namesAndValues) {
        StringBuilder detail = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String value = namesAndValues[i + 1] == null ? "" : namesAndValues[i + 1].strip();
            detail.append(i == 0 ? "" : " ").append(namesAndValues[i]).append('=')
                    .append(value.length() > 100 ? value.substring(0, 100) + "…" : value);
        }
        request.setAttribute(Audit.DETAIL, detail.toString());
    }

    private void refuse(Model model, HttpServletResponse response, Locale locale, String form,
                        List<CampaignEdits.Problem> problems, String... namesAndValues) {
        response.setStatus(UNPROCESSABLE);
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put(namesAndValues[i], namesAndValues[i + 1] == null ? "" : namesAndValues[i + 1]);
        }
        model.addAttribute("refused", new CampaignPage.Refused(form, values));
        model.addAttribute("problems", problems.stream().map(p -> new CampaignPage.Problem(form, p.field(),
                messages.getMessage("campaigns.field." + p.field(), null, locale),
                messages.getMessage("campaigns.problem." + p.reason(), p.args().toArray(), locale))).toList());
    }

    /** The form a refused date is shown on: its milestone's when the campaign has no such milestone to add it to. */
    private static String dateForm(MilestoneKind kind, List<CampaignEdits.Problem> problems) {
        boolean noMilestone = problems.stream().anyMatch(p -> p.reason().equals("no-milestone"));
        return (noMilestone ? "milestone-" : "date-") + kind;
    }

    private static CampaignPage.Summary summary(Campaign c) {
        return new CampaignPage.Summary(c.campaignCode(), c.name(), CampaignEdits.shown(c.startsOn()),
                c.milestones().stream().map(m -> new CampaignPage.MilestoneSummary(m.kind(), m.name(),
                        CampaignEdits.shown(m.dueOn()), m.dates().size())).toList());
    }

    /**
     * The former districts that have offices, by unit code, as the progress view groups them (a unit of level
     * DISTRICT: an office's district, its commune's district, or the districts its unit came from).
     */
    private Map<String, String> districts(String code) {
        Map<String, String> districts = new LinkedHashMap<>();
        progress.reports(code, List.of("DISTRICT"), DISTRICTS).get(0).rows().items().stream()
                .filter(r -> !"-".equals(r.key())).sorted(Comparator.comparing(Row::name))
                .forEach(r -> districts.put(r.key(), r.name()));
        return districts;
    }

    /** Offices that hold records (not the historical archive, which receives), by site code. */
    private Map<String, String> offices() {
        Map<String, String> offices = new LinkedHashMap<>();
        sites.sites().stream().filter(s -> s.role() != SiteRole.HISTORICAL_ARCHIVE)
                .sorted(Comparator.comparing(Site::name)).forEach(s -> offices.put(s.siteCode(), s.name()));
        return offices;
    }

    private static List<CampaignPage.Option> options(DueDate.Scope scope, Map<String, String> names) {
        return names.entrySet().stream().map(e -> new CampaignPage.Option(CampaignEdits.placeValue(scope, e.getKey()),
                e.getValue() + " (" + e.getKey() + ")")).toList();
    }
}
