package org.archivesync.hub.lineage;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.archivesync.hub.api.Page;
import org.archivesync.hub.api.Paging;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Units, their predecessors and successors, and what the units forming a unit hold. A unit is named by its key
 * ({@code 32155@2025-07-01}) or its official code ({@code 32155}), resolved as of {@code asOf} (default: today in
 * Việt Nam).
 */
@Tag(name = "Lineage", description = "Administrative units and the lineage of the 2025 merger")
@RestController
@RequestMapping("/api/units")
class LineageController {

    static final String UNIT = "[0-9]{2,6}(@[0-9]{4}-[0-9]{2}-[0-9]{2})?";
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final Lineage lineage;
    private final Clock clock;

    LineageController(Lineage lineage, ObjectProvider<Clock> clock) {
        this.lineage = lineage;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** A unit with its predecessors and successors as of a date. */
    record UnitLineage(Unit unit, LocalDate asOf, List<LineageLink> predecessors, List<LineageLink> successors) {
    }

    @Operation(summary = "Units, filtered by level, validity date and name (diacritics ignored)")
    @GetMapping
    Page<Unit> units(@RequestParam(required = false) @Pattern(regexp = "PROVINCE|DISTRICT|COMMUNE|WARD|TOWNSHIP") String level,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate validOn,
                     @RequestParam(required = false) @Size(min = 1, max = 100) String name,
                     @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
                     @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        return lineage.units(level, validOn, name, page, size);
    }

    @Operation(summary = "A unit with its predecessors and successors (transitively) through lineage in effect on asOf")
    @GetMapping("/{unit}")
    UnitLineage unit(@PathVariable @Pattern(regexp = UNIT) String unit,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        LocalDate on = asOf(asOf);
        Unit u = lineage.unit(unit, on);
        return new UnitLineage(u, on, lineage.predecessors(u.unitCode(), on), lineage.successors(u.unitCode(), on));
    }

    @Operation(summary = "Fonds created or held by the unit or any unit that forms it")
    @GetMapping("/{unit}/fonds")
    Page<Lineage.FondsHolding> fonds(@PathVariable @Pattern(regexp = UNIT) String unit,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                     @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
                                     @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        LocalDate on = asOf(asOf);
        return lineage.fonds(lineage.unit(unit, on).unitCode(), on, page, size);
    }

    @Operation(summary = "Boxes of those fonds or at those units' sites: location, seal and custody")
    @GetMapping("/{unit}/boxes")
    Page<Lineage.BoxHolding> boxes(@PathVariable @Pattern(regexp = UNIT) String unit,
                                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                   @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
                                   @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        LocalDate on = asOf(asOf);
        return lineage.boxes(lineage.unit(unit, on).unitCode(), on, page, size);
    }

    @Operation(summary = "Files of those fonds or sites, or received by those units: box, location and custody")
    @GetMapping("/{unit}/files")
    Page<Lineage.FileHolding> files(@PathVariable @Pattern(regexp = UNIT) String unit,
                                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                    @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
                                    @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size) {
        LocalDate on = asOf(asOf);
        return lineage.files(lineage.unit(unit, on).unitCode(), on, page, size);
    }

    private LocalDate asOf(LocalDate asOf) {
        return asOf != null ? asOf : LocalDate.now(clock.withZone(VIETNAM));
    }
}
