package org.archivesync.hub.ingest;

import java.security.Principal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator's command to rebuild the catalogue from the event log. */
@RestController
class RebuildController {

    private final SiteEventIngest ingest;

    RebuildController(SiteEventIngest ingest) {
        this.ingest = ingest;
    }

    /**
     * {@code POST /api/admin/rebuild} (role OPERATOR, recorded under the signed-in user's name): 200 with the sites, events and duration, once the rebuilt
     * catalogue is committed. Ingest waits while it runs.
     */
    @PostMapping("/api/admin/rebuild")
    RebuildReport rebuild(Principal operator) {
        return ingest.rebuildCatalogue(operator.getName());
    }
}
