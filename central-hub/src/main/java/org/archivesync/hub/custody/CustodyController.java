package org.archivesync.hub.custody;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.archivesync.hub.api.Page;
import org.archivesync.hub.api.Paging;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Handovers, overdue transits and the custody history of boxes and files. */
@Tag(name = "Custody", description = "Handovers (bàn giao, giao nộp) and the custody of boxes and files")
@RestController
@RequestMapping("/api")
class CustodyController {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final String CODE = "[\\p{L}\\p{N}._/-]{1,128}";

    private final Custody custody;
    private final Clock clock;

    CustodyController(Custody custody, ObjectProvider<Clock> clock) {
        this.custody = custody;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Operation(summary = "Handovers by status, sender site or receiving unit; oldest first")
    @GetMapping("/handovers")
    Page<Custody.Handover> handovers(
            @RequestParam(required = false) @Pattern(regexp = "IN_TRANSIT|RECEIPT_ONLY|RECEIVED|RECEIVED_WITH_DISCREPANCIES") String status,
            @RequestParam(required = false) @Pattern(regexp = "[A-Z0-9][A-Z0-9._-]{1,63}") String senderSite,
            @RequestParam(required = false) @Size(min = 1, max = 32) String receivingUnit,
            @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        return custody.handovers(status, senderSite, receivingUnit, page, size);
    }

    @Operation(summary = "In-transit handovers the receiver has not recorded after olderThanDays (default from settings)")
    @GetMapping("/handovers/overdue")
    Page<Custody.Handover> overdue(@RequestParam(required = false) @Min(0) @Max(3650) Integer olderThanDays,
                                   @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
                                   @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        if (olderThanDays == null) {
            return custody.overdue(page, size);
        }
        return custody.overdue(LocalDate.now(clock.withZone(VIETNAM)).minusDays(olderThanDays), page, size);
    }

    @Operation(summary = "A handover with both sides' lists and the differences")
    @GetMapping("/handovers/{id}")
    Custody.HandoverDetail handover(@PathVariable UUID id) {
        return custody.handover(id);
    }

    @Operation(summary = "Custody history of a box, identified by its fonds and its number (each fonds numbers its boxes from 1)")
    @GetMapping("/fonds/{fondsCode}/boxes/{boxCode}/custody")
    Custody.BoxCustody box(@PathVariable @Pattern(regexp = CODE) String fondsCode,
                           @PathVariable @Pattern(regexp = CODE) String boxCode) {
        return custody.box(fondsCode, boxCode);
    }

    @Operation(summary = "Custody history of a file")
    @GetMapping("/fonds/{fondsCode}/files/{fileCode}/custody")
    Custody.FileCustody file(@PathVariable @Pattern(regexp = CODE) String fondsCode,
                             @PathVariable @Pattern(regexp = CODE) String fileCode) {
        return custody.file(fondsCode, fileCode);
    }
}
