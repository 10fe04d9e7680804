package org.archivesync.hub.console;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.archivesync.hub.ingest.ReleaseRefusedException;
import org.archivesync.hub.ingest.SiteEventIngest;
import org.archivesync.hub.ingest.SiteLink;
import org.archivesync.hub.ingest.SiteLinks;
import org.springframework.beans.factory.ObjectProvider;
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

    /** A site as the page shows it: its link and what the hub can say about it. */
    record SiteRow(SiteLink link, String state) {
    }

    private final SiteLinks links;
    private final SiteEventIngest ingest;
    private final ConsoleProperties properties;
    private final Clock clock;

    SitesController(SiteLinks links, SiteEventIngest ingest, ConsoleProperties properties, ObjectProvider<Clock> clock) {
        this.links = links;
        this.ingest = ingest;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping("/sites")
    String sites(Model model) {
        model.addAttribute("sites", rows());
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

    /** Every site with its state: QUARANTINED, ONLINE (heard within silent-after), SILENT, or NEVER (nothing yet). */
    List<SiteRow> rows() {
        Instant silentBefore = clock.instant().minus(properties.silentAfter());
        return links.all().stream().map(l -> new SiteRow(l, state(l, silentBefore))).toList();
    }

    static String state(SiteLink link, Instant silentBefore) {
        if (link.quarantined()) {
            return "QUARANTINED";
        }
        Instant heard = lastHeard(link);
        if (heard == null) {
            return "NEVER";
        }
        return heard.isBefore(silentBefore) ? "SILENT" : "ONLINE";
    }

    /** The last time the hub heard from the site: a receipt, else (events older than receipt tracking) an apply. */
    static Instant lastHeard(SiteLink link) {
        return link.lastReceivedAt() != null ? link.lastReceivedAt() : link.lastAppliedAt();
    }
}
