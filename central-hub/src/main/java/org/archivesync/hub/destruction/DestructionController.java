package org.archivesync.hub.destruction;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import java.util.UUID;
import org.archivesync.hub.api.InvalidRequestException;
import org.archivesync.hub.api.Page;
import org.archivesync.hub.api.Paging;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The destruction register, the destroyed files, and the refused destructions apart. */
@Tag(name = "Destruction", description = "Register of destroyed records (hủy tài liệu hết thời hạn lưu trữ)")
@RestController
@RequestMapping("/api")
class DestructionController {

    private static final String SITE = "[A-Z0-9][A-Z0-9._-]{1,63}";

    private final DestructionRegister register;

    DestructionController(DestructionRegister register) {
        this.register = register;
    }

    @Operation(summary = "Applied destructions (the register), newest first")
    @GetMapping("/destructions")
    Page<DestructionRegister.Destruction> destructions(
            @RequestParam(required = false) @Pattern(regexp = SITE) String site,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        range(from, to);
        return register.destructions(false, site, from, to, page, size);
    }

    @Operation(summary = "Refused destructions (nothing destroyed; ingest alerted), newest first")
    @GetMapping("/destructions/refused")
    Page<DestructionRegister.Destruction> refused(
            @RequestParam(required = false) @Pattern(regexp = SITE) String site,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        range(from, to);
        return register.destructions(true, site, from, to, page, size);
    }

    @Operation(summary = "A destruction with the files it destroyed")
    @GetMapping("/destructions/{id}")
    DestructionRegister.DestructionDetail destruction(@PathVariable UUID id) {
        return register.destruction(id);
    }

    @Operation(summary = "Destroyed files with decision, minutes, the two signatories of the destruction record and date, newest first")
    @GetMapping("/destroyed-files")
    Page<DestructionRegister.DestroyedFile> destroyedFiles(
            @RequestParam(required = false) @Pattern(regexp = SITE) String site,
            @RequestParam(required = false) @Pattern(regexp = "[\\p{L}\\p{N}._/-]{1,128}") String fonds,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
            @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        range(from, to);
        return register.destroyedFiles(site, fonds, from, to, page, size);
    }

    private static void range(LocalDate from, LocalDate to) {
        if (from != null && to != null && to.isBefore(from)) {
            throw new InvalidRequestException("to", to, "before from");
        }
    }
}
