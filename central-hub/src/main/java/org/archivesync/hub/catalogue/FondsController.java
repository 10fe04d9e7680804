package org.archivesync.hub.catalogue;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Clock;
import java.util.List;
import org.archivesync.hub.api.InvalidRequestException;
import org.archivesync.hub.api.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Who holds a fonds, and an operator's reassignment of it (docs/contracts.md, "Ownership"). Reading is for every
 * signed-in user; reassigning is OPERATOR only (the security rules' non-GET {@code /api/**}), audited by
 * {@link Catalogue#reassignFonds} ({@code REASSIGN-FONDS}, with the fonds, both offices and the reason) and by the audit
 * interceptor (the request and its status, refusals included).
 */
@RestController
class FondsController {

    private static final Logger log = LoggerFactory.getLogger(FondsController.class);
    private final Catalogue catalogue;
    private final TransactionOperations transactions;
    private final Clock clock;

    FondsController(Catalogue catalogue, PlatformTransactionManager transactions, ObjectProvider<Clock> clock) {
        this.catalogue = catalogue;
        this.transactions = new TransactionTemplate(transactions);
        // The application's Clock when there is one (tests fix it), else the system clock.
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** The office holding a fonds. */
    record FondsHolding(String fondsCode, String holderSiteCode) {
    }

    /** An operator's reassignment: the office that holds the fonds from now on, and why. */
    record Reassignment(String siteCode, String reason) {
    }

    /** What a reassignment did. */
    record Reassigned(String fondsCode, String holderSiteCode, int filesMoved) {
    }

    /** A site's refused events, newest first. */
    record SiteRefusals(String siteCode, List<Refusal> refusals) {
    }

    /** {@code GET /api/fonds/{fondsCode}/holder}: 200, or 404 when no office holds the fonds. */
    @GetMapping("/api/fonds/{fondsCode}/holder")
    FondsHolding holder(@PathVariable String fondsCode) {
        return catalogue.fondsHolder(fondsCode).map(s -> new FondsHolding(fondsCode, s))
                .orElseThrow(() -> new NotFoundException("fonds", fondsCode));
    }

    /**
     * {@code PUT /api/fonds/{fondsCode}/holder} {@code {"siteCode","reason"}} (OPERATOR): 200 with the files that moved
     * with the fonds; 404 when no office holds it; 400 for an unknown office, the holder itself, or no reason.
     */
    @PutMapping("/api/fonds/{fondsCode}/holder")
    Reassigned reassign(@PathVariable String fondsCode, @RequestBody Reassignment body, Principal operator,
                        HttpServletRequest request) {
        String site = body == null ? null : body.siteCode();
        String reason = body == null ? null : body.reason();
        List<String> moved;
        try {
            moved = transactions.execute(
                    status -> catalogue.reassignFonds(fondsCode, site, reason, operator.getName(),
                            request.getRemoteAddr(), clock.instant()));
        } catch (ReassignmentRefusedException e) {
            throw switch (e.reason()) {
                case UNKNOWN_FONDS -> new NotFoundException("fonds", fondsCode);
                case UNKNOWN_SITE -> new InvalidRequestException("siteCode", site, "no enrolled office has this code");
                case ALREADY_HOLDER -> new InvalidRequestException("siteCode", site, "this office holds the fonds already");
                case NO_REASON -> new InvalidRequestException("reason", null,
                        "a reason of 1 to " + Catalogue.MAX_REASSIGNMENT_REASON + " characters is needed");
            };
        }
        int count = moved == null ? 0 : moved.size();
        log.info("fonds reassigned fondsCode={} to={} operator={} files={}", fondsCode, site, operator.getName(), count);
        return new Reassigned(fondsCode, site, count);
    }

    /** {@code GET /api/sites/{siteCode}/refusals?limit=}: the site's refused events, newest first (at most 500). */
    @GetMapping("/api/sites/{siteCode}/refusals")
    SiteRefusals refusals(@PathVariable String siteCode, @RequestParam(defaultValue = "100") int limit) {
        return new SiteRefusals(siteCode, catalogue.refusals(siteCode, Math.max(1, Math.min(limit, 500))));
    }
}
