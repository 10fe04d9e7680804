package org.archivesync.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.catalogue.CatalogueReader;
import org.archivesync.hub.catalogue.ReassignmentRefusedException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.archivesync.hub.api.NotFoundException;
import org.archivesync.hub.custody.Custody;
import org.archivesync.hub.lineage.AmbiguousUnitException;
import org.archivesync.hub.lineage.Lineage;
import org.archivesync.hub.lineage.Unit;
import org.archivesync.hub.search.FileSearch;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The catalogue (mục lục): search with filters, results paged, and the page of one file. */
@Controller
class CatalogueController {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    /** Former districts are listed as they were on their last day. */
    private static final LocalDate FORMER_ON = LocalDate.of(2025, 6, 30);

    private final FileSearch search;
    private final Lineage lineage;
    private final Custody custody;
    private final CatalogueReader reader;
    private final Clock clock;
    private final ConsoleProperties properties;
    private final SiteNames siteNames;
    private final Catalogue catalogue;
    private final TransactionOperations transactions;

    CatalogueController(SiteNames siteNames, FileSearch search, Lineage lineage, Custody custody,
                        CatalogueReader reader, ObjectProvider<Clock> clock, ConsoleProperties properties,
                        Catalogue catalogue, PlatformTransactionManager transactions) {
        this.catalogue = catalogue;
        this.transactions = new TransactionTemplate(transactions);
        this.search = search;
        this.lineage = lineage;
        this.custody = custody;
        this.reader = reader;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.properties = properties;
        this.siteNames = siteNames;
    }

    /** Search form and results; nothing is searched until some criterion is given. */
    @GetMapping("/catalogue")
    String catalogue(@RequestParam(required = false) String q, @RequestParam(required = false) String fonds,
                     @RequestParam(required = false) String unit,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                     @RequestParam(required = false) String retention, @RequestParam(required = false) String appraisal,
                     @RequestParam(required = false) String custodyState,
                     @RequestParam(defaultValue = "false") boolean reappraisal,
                     @RequestParam(defaultValue = "0") int page,
                     Model model) {
        LocalDate today = LocalDate.now(clock.withZone(VIETNAM));
        model.addAttribute("units", unitChoices(today));
        q = blankToNull(q);
        fonds = blankToNull(fonds);
        unit = blankToNull(unit);
        if (q != null && q.length() < 2) {
            model.addAttribute("problem", "catalogue.query-too-short");
            return "catalogue";
        }
        boolean anything = q != null || fonds != null || unit != null || from != null || to != null
                || blankToNull(retention) != null || blankToNull(appraisal) != null || blankToNull(custodyState) != null
                || reappraisal;
        if (!anything) {
            return "catalogue";
        }
        if (from != null && to != null && to.isBefore(from)) {
            model.addAttribute("problem", "catalogue.dates-reversed");
            return "catalogue";
        }
        Lineage.Forming forming = null;
        if (unit != null) {
            Unit u;
            try {
                u = lineage.unit(unit, null);
            } catch (NotFoundException | AmbiguousUnitException e) {
                model.addAttribute("problem", "catalogue.unknown-unit");
                return "catalogue";
            }
            LocalDate on = u.validTo() != null && u.validTo().isBefore(today) ? u.validTo() : today;
            forming = lineage.forming(u.unitCode(), on, true);
        }
        var criteria = new FileSearch.Criteria(q, null, fonds, forming, from, to, blankToNull(retention),
                blankToNull(appraisal), blankToNull(custodyState), reappraisal);
        model.addAttribute("result", search.search(criteria, Math.max(0, page), properties.pageSize()));
        model.addAttribute("siteNames", siteNames.get());
        return "catalogue";
    }

    @GetMapping("/catalogue/file")
    String file(@RequestParam String fonds, @RequestParam String code, Model model) {
        var file = reader.file(fonds, code)
                .orElseThrow(() -> new NotFoundException("file", fonds + "/" + code));
        model.addAttribute("file", file);
        model.addAttribute("siteNames", siteNames.get());
        try {
            model.addAttribute("history", custody.file(fonds, code).history());
        } catch (NotFoundException e) {
            model.addAttribute("history", List.of());
        }
        LocalDate today = LocalDate.now(clock.withZone(VIETNAM));
        if (file.siteUnitCode() != null) {
            List<Unit> units = lineage.resolve(file.siteUnitCode(), null);
            if (!units.isEmpty()) {
                Unit u = units.get(0);
                model.addAttribute("unit", u);
                model.addAttribute("successors", lineage.successors(u.unitCode(), today));
                model.addAttribute("predecessors", lineage.predecessors(u.unitCode(), today));
            }
        }
        return "file";
    }

    /**
     * An operator reassigns the fonds of the file on the page to another office (after offices merged), OPERATOR only
     * (the security rules' console POSTs) and behind the form's CSRF token; audited as for the REST API
     * ({@link Catalogue#reassignFonds}); the page says what happened or why not.
     */
    @PostMapping("/catalogue/fonds-holder")
    String reassignFonds(@RequestParam String fonds, @RequestParam String code, @RequestParam String siteCode,
                         @RequestParam(defaultValue = "") String reason, Principal operator,
                         HttpServletRequest request, RedirectAttributes redirect) {
        try {
            List<String> moved = transactions.execute(
                    status -> catalogue.reassignFonds(fonds, siteCode, reason, operator.getName(),
                            request.getRemoteAddr(), clock.instant()));
            redirect.addFlashAttribute("reassigned", siteCode);
            redirect.addFlashAttribute("reassignedFiles", moved == null ? 0 : moved.size());
        } catch (ReassignmentRefusedException e) {
            redirect.addFlashAttribute("reassignRefused", e.reason().name());
        }
        redirect.addAttribute("fonds", fonds);
        redirect.addAttribute("code", code);
        return "redirect:/catalogue/file";
    }

    /** New units valid today, then the former districts. */
    private List<Unit> unitChoices(LocalDate today) {
        List<Unit> all = new ArrayList<>();
        all.addAll(lineage.units("COMMUNE", today, null, 0, 500).items());
        all.addAll(lineage.units("WARD", today, null, 0, 500).items());
        all.addAll(lineage.units("DISTRICT", FORMER_ON, null, 0, 500).items());
        return all;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
