package org.archivesync.hub.progress;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** One office's progress per fonds (with where its packing figures come from) and per storage location. */
@Tag(name = "Campaigns", description = "Campaigns, milestones and progress per site, former district and new unit")
@RestController
@RequestMapping("/api/progress")
class SiteProgressController {

    private final Progress progress;

    SiteProgressController(Progress progress) {
        this.progress = progress;
    }

    @Operation(summary = "A site's figures per fonds (packingSource BOXES, EXTENTS or NONE) and per storage location,"
            + " as of a day (asOf, yyyy-MM-dd; default today)")
    @GetMapping("/sites/{siteCode}")
    SiteDetail site(@PathVariable String siteCode,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return progress.site(siteCode, ProgressController.checkedAsOf(progress, asOf));
    }
}
