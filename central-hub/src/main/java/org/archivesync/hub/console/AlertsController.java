package org.archivesync.hub.console;

import org.archivesync.hub.alerts.AlertKind;
import org.archivesync.hub.alerts.Alerts;
import org.archivesync.hub.custody.Custody;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Alerts (cảnh báo): what the hub raised (verification failures, gaps, refused destructions...), and what it finds
 * now: handovers overdue and sites silent for longer than {@code archive-sync.hub.console.silent-after}.
 */
@Controller
class AlertsController {

    private final Alerts alerts;
    private final Custody custody;
    private final SiteStates sites;
    private final ConsoleProperties properties;

    AlertsController(Alerts alerts, Custody custody, SiteStates sites, ConsoleProperties properties) {
        this.alerts = alerts;
        this.custody = custody;
        this.sites = sites;
        this.properties = properties;
    }

    @GetMapping("/alerts")
    String alerts(@RequestParam(required = false) AlertKind kind, @RequestParam(defaultValue = "0") int page,
                  Model model) {
        model.addAttribute("kind", kind);
        model.addAttribute("kinds", AlertKind.values());
        model.addAttribute("alerts", alerts.page(kind, null, Math.max(0, page), properties.pageSize()));
        model.addAttribute("overdue", custody.overdue(0, properties.pageSize()));
        model.addAttribute("silent", sites.rows().stream()
                .filter(r -> r.state().equals("SILENT") || r.state().equals("QUARANTINED")).toList());
        model.addAttribute("silentAfterHours", properties.silentAfter().toHours());
        return "alerts";
    }
}
