package org.archivesync.hub.console;

import java.security.Principal;
import org.archivesync.hub.ingest.ReleaseRefusedException;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.ingest.SiteEventIngest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Sites (đơn vị): what the hub has from each office and whether it hears from it; operators release a quarantined
 * site here.
 */
@Controller
class SitesController {

    private final SiteStates states;
    private final SiteEventIngest ingest;
    private final Catalogue catalogue;
    private final ConsoleProperties properties;

    SitesController(SiteStates states, SiteEventIngest ingest, Catalogue catalogue, ConsoleProperties properties) {
        this.states = states;
        this.ingest = ingest;
        this.catalogue = catalogue;
        this.properties = properties;
    }

    @GetMapping("/sites")
    String sites(Model model) {
        model.addAttribute("sites", states.rows());
        model.addAttribute("refusals", catalogue.refusalSummaries());
        model.addAttribute("silentAfterHours", properties.silentAfter().toHours());
        return "sites";
    }

    @PostMapping("/sites/{siteCode}/release")
    String release(@PathVariable String siteCode, Principal operator, RedirectAttributes redirect) {
        try {
            var report = ingest.release(siteCode, false, operator.getName());
            redirect.addFlashAttribute("released", siteCode);
            redirect.addFlashAttribute("report", report);
        } catch (ReleaseRefusedException e) {
            redirect.addFlashAttribute("refused", siteCode);
        }
        return "redirect:/sites";
    }
}
