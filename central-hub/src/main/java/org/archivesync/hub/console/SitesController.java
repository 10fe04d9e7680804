package org.archivesync.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.archivesync.hub.ingest.ReleaseRefusedException;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.ingest.SiteEventIngest;
import org.archivesync.hub.sites.InvalidSiteFieldException;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.sites.UnknownKeyException;
import org.archivesync.hub.sites.UnknownSiteException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Sites (đơn vị): what the hub has from each office and whether it hears from it, and the keys it signs with;
 * operators release a quarantined site and revoke a key here (OPERATOR: the console's rule for every form; CSRF).
 */
@Controller
class SitesController {

    private final SiteStates states;
    private final SiteEventIngest ingest;
    private final Catalogue catalogue;
    private final ConsoleProperties properties;
    private final SiteDirectory directory;

    SitesController(SiteStates states, SiteEventIngest ingest, Catalogue catalogue, ConsoleProperties properties,
                    SiteDirectory directory) {
        this.states = states;
        this.ingest = ingest;
        this.catalogue = catalogue;
        this.properties = properties;
        this.directory = directory;
    }

    @GetMapping("/sites")
    String sites(Model model) {
        model.addAttribute("sites", states.rows());
        model.addAttribute("refusals", catalogue.refusalSummaries());
        model.addAttribute("silentAfterHours", properties.silentAfter().toHours());
        model.addAttribute("keys", directory.allKeys());
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

    /**
     * Revokes a key after the site's applied sequence (the console offers no backlog bound; the REST API does). The
     * revocation is audited by {@link SiteDirectory#revoke}.
     */
    @PostMapping("/sites/{siteCode}/keys/{keyId}/revoke")
    String revoke(@PathVariable String siteCode, @PathVariable String keyId, Principal operator,
                  HttpServletRequest request, RedirectAttributes redirect) {
        try {
            var key = directory.revoke(siteCode, keyId, null, operator.getName(), request.getRemoteAddr());
            redirect.addFlashAttribute("revokedKey", keyId);
            redirect.addFlashAttribute("revokedThrough", key.validThroughSequence());
        } catch (UnknownSiteException | UnknownKeyException | InvalidSiteFieldException e) {
            redirect.addFlashAttribute("revokeRefused", keyId);
        }
        return "redirect:/sites";
    }
}
