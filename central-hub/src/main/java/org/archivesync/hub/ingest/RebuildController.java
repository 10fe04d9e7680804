package org.archivesync.hub.ingest;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operator's command to rebuild the catalogue from the event log. */
@RestController
class RebuildController {

    private final SiteEventIngest ingest;

    RebuildController(SiteEventIngest ingest) {
        this.ingest = ingest;
    }

    /**
     * {@code POST /api/admin/rebuild[?operator=name]}: 200 with the sites, events and duration, once the rebuilt
     * catalogue is committed. Ingest waits while it runs.
     */
    @PostMapping("/api/admin/rebuild")
    RebuildReport rebuild(@RequestParam(defaultValue = "operator") String operator) {
        return ingest.rebuildCatalogue(operator);
    }
}
