package org.archivesync.hub.search;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.archivesync.hub.api.InvalidRequestException;
import org.archivesync.hub.api.Page;
import org.archivesync.hub.api.Paging;
import org.archivesync.hub.lineage.Lineage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The file search of the operator console and downstream tools. */
@Tag(name = "Search", description = "Files by text (diacritics and typos tolerated), code, fonds, unit, dates, state")
@RestController
class SearchController {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final FileSearch search;
    private final Lineage lineage;
    private final Clock clock;

    SearchController(FileSearch search, Lineage lineage, ObjectProvider<Clock> clock) {
        this.search = search;
        this.lineage = lineage;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Operation(summary = "Search files; at least one criterion. Text ignores case and diacritics and tolerates typos.")
    @GetMapping("/api/files")
    FileSearch.Result files(
            @RequestParam(required = false) @Size(min = 2, max = 200) String q,
            @RequestParam(required = false) @Pattern(regexp = "[\\p{L}\\p{N}._/-]{1,128}") String code,
            @RequestParam(required = false) @Pattern(regexp = "[\\p{L}\\p{N}._/-]{1,128}") String fonds,
            @RequestParam(required = false) @Pattern(regexp = "[0-9]{2,6}(@[0-9]{4}-[0-9]{2}-[0-9]{2})?") String unit,
            @RequestParam(defaultValue = "true") boolean includePredecessors,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) @Pattern(regexp = "PERMANENT|FIXED_TERM|LEGACY_LONG_TERM|LEGACY_TEMPORARY") String retention,
            @RequestParam(defaultValue = "false") boolean needsReappraisal,
            @RequestParam(required = false) @Pattern(regexp = "TRANSFER_TO_HISTORICAL|KEEP_AT_SUCCESSOR|DESTROY|NONE") String appraisal,
            @RequestParam(required = false) @Pattern(regexp = "AT_SITE|IN_TRANSIT|RECEIVED|RECEIVED_WITH_DISCREPANCIES|DESTROYED|WITHDRAWN") String custody,
            @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        if (q == null && code == null && fonds == null && unit == null && from == null && to == null
                && !needsReappraisal) {
            throw new InvalidRequestException("q", null,
                    "give at least one of q, code, fonds, unit, from, to, needsReappraisal");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidRequestException("to", to, "before from");
        }
        if (q != null && q.isBlank()) {
            throw new InvalidRequestException("q", q, "blank");
        }
        Lineage.Forming forming = null;
        if (unit != null) {
            LocalDate today = LocalDate.now(clock.withZone(VIETNAM));
            forming = lineage.forming(lineage.unit(unit, today).unitCode(), today, includePredecessors);
        }
        return search.search(new FileSearch.Criteria(q == null ? null : q.strip(), code, fonds, forming, from, to,
                retention, appraisal, custody, needsReappraisal), page, size);
    }
}
