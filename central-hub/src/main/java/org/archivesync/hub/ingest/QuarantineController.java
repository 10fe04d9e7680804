package org.archivesync.hub.ingest;

import java.security.Principal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operator's command to release a quarantined site after repair. */
@RestController
class QuarantineController {

    private final SiteEventIngest ingest;

    QuarantineController(SiteEventIngest ingest) {
        this.ingest = ingest;
    }

    /**
     * {@code POST /api/sites/{siteCode}/release[?discardRejected=true][&discardForked=true]} (role OPERATOR; with
     * {@code discardForked} after the office was re-based: the parked events of its abandoned chain are dropped): 200 with what the release
     * applied, parked, or whether the site was quarantined again; 404 unknown site; 409 not quarantined. The release
     * is recorded under the signed-in user's name.
     */
    @PostMapping("/api/sites/{siteCode}/release")
    IngestReport release(@PathVariable String siteCode,
                         @RequestParam(defaultValue = "false") boolean discardRejected,
                         @RequestParam(defaultValue = "false") boolean discardForked, Principal operator) {
        return ingest.release(siteCode, discardRejected, discardForked, operator.getName());
    }
}
