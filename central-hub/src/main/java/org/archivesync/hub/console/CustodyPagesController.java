package org.archivesync.hub.console;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import org.archivesync.hub.custody.Custody;
import org.archivesync.hub.destruction.DestructionRegister;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Handovers (giao nộp, giao nhận) by state, one handover with the differences between both sides, and the
 * destruction register (sổ đăng ký hủy); the minutes and records print from the browser or download as PDF.
 */
@Controller
class CustodyPagesController {

    /** The tabs of the handovers page; OVERDUE is in transit for longer than archive-sync.hub.custody.overdue-after. */
    static final Set<String> TABS = Set.of("IN_TRANSIT", "RECEIVED", "RECEIVED_WITH_DISCREPANCIES", "OVERDUE");

    private final Custody custody;
    private final DestructionRegister destructions;
    private final ConsoleProperties properties;
    private final Clock clock;

    private final SiteNames siteNames;

    CustodyPagesController(SiteNames siteNames, Custody custody, DestructionRegister destructions, ConsoleProperties properties,
                           ObjectProvider<Clock> clock) {
        this.siteNames = siteNames;
        this.custody = custody;
        this.destructions = destructions;
        this.properties = properties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @GetMapping("/handovers")
    String handovers(@RequestParam(defaultValue = "IN_TRANSIT") String tab, @RequestParam(defaultValue = "0") int page,
                     Model model) {
        if (!TABS.contains(tab)) {
            tab = "IN_TRANSIT";
        }
        int size = properties.pageSize();
        model.addAttribute("tab", tab);
        model.addAttribute("tabs", new String[] {"IN_TRANSIT", "OVERDUE", "RECEIVED", "RECEIVED_WITH_DISCREPANCIES"});
        model.addAttribute("handovers", "OVERDUE".equals(tab)
                ? custody.overdue(Math.max(0, page), size)
                : custody.handovers(tab, null, null, Math.max(0, page), size));
        model.addAttribute("siteNames", siteNames.get());
        return "handovers";
    }

    @GetMapping("/handovers/{id}")
    String handover(@PathVariable UUID id, Model model) {
        model.addAttribute("detail", custody.handover(id));
        model.addAttribute("siteNames", siteNames.get());
        return "handover";
    }

    @GetMapping("/destructions")
    String destructions(@RequestParam(defaultValue = "false") boolean refused,
                        @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("refused", refused);
        model.addAttribute("destructions",
                destructions.destructions(refused, null, null, null, Math.max(0, page), properties.pageSize()));
        model.addAttribute("today", LocalDate.now(clock.withZone(CatalogueController.VIETNAM)));
        model.addAttribute("siteNames", siteNames.get());
        return "destructions";
    }

    @GetMapping("/destructions/{id}")
    String destruction(@PathVariable UUID id, Model model) {
        model.addAttribute("detail", destructions.destruction(id));
        model.addAttribute("siteNames", siteNames.get());
        return "destruction";
    }
}
