package org.archivesync.hub.progress;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.archivesync.hub.api.InvalidRequestException;
import org.archivesync.hub.api.Paging;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operators configure campaigns and milestones, and read the progress against them. */
@Tag(name = "Campaigns", description = "Campaigns, milestones and progress per site, former district and new unit")
@RestController
@RequestMapping("/api/campaigns")
class ProgressController {

    static final String CODE = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    record DueDateBody(@NotNull DueDate.Scope scope, @NotNull @Pattern(regexp = CODE) String code,
                       @NotNull LocalDate dueOn) {
    }

    record MilestoneBody(@NotNull @KindName String kind, @NotBlank @Size(max = 200) String name,
                         @NotNull LocalDate dueOn, @Size(max = 500) List<@Valid @NotNull DueDateBody> dates) {
    }

    record CampaignBody(@NotNull @Pattern(regexp = CODE) String campaignCode, @NotBlank @Size(max = 200) String name,
                        @NotNull LocalDate startsOn, @NotNull @Size(max = 3) List<@Valid @NotNull MilestoneBody> milestones) {
    }

    record MilestoneChange(@NotBlank @Size(max = 200) String name, @NotNull LocalDate dueOn,
                           @Size(max = 500) List<@Valid @NotNull DueDateBody> dates) {
    }

    private final Campaigns campaigns;
    private final Progress progress;

    ProgressController(Campaigns campaigns, Progress progress) {
        this.campaigns = campaigns;
        this.progress = progress;
    }

    @Operation(summary = "Campaigns, latest start first")
    @GetMapping
    List<Campaign> campaigns() {
        return campaigns.campaigns();
    }

    @Operation(summary = "Create a campaign with its milestones (409 when the code exists)")
    @PostMapping
    ResponseEntity<Campaign> create(@Valid @RequestBody CampaignBody body) {
        Campaign created = campaigns.createCampaign(campaign(body, body.campaignCode()));
        return ResponseEntity.created(URI.create("/api/campaigns/" + created.campaignCode())).body(created);
    }

    @Operation(summary = "A campaign with its milestones")
    @GetMapping("/{code}")
    Campaign campaign(@PathVariable @Pattern(regexp = CODE) String code) {
        return campaigns.campaign(code);
    }

    @Operation(summary = "Create or replace a campaign and all its milestones")
    @PutMapping("/{code}")
    Campaign replace(@PathVariable @Pattern(regexp = CODE) String code, @Valid @RequestBody CampaignBody body) {
        if (!code.equals(body.campaignCode())) {
            throw new InvalidRequestException("campaignCode", body.campaignCode(), "differs from the path");
        }
        return campaigns.saveCampaign(campaign(body, code));
    }

    @Operation(summary = "Set (create or move) one milestone")
    @PutMapping("/{code}/milestones/{kind}")
    Campaign milestone(@PathVariable @Pattern(regexp = CODE) String code,
                                @PathVariable MilestoneKind kind,
                                @Valid @RequestBody MilestoneChange body) {
        Campaign c = campaigns.campaign(code);
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        if (body.dueOn().isBefore(c.startsOn())) {
            errors.add(new InvalidRequestException.FieldError("dueOn", body.dueOn(),
                    "before the campaign starts (" + c.startsOn() + ")"));
        }
        List<DueDate> dates = dates(body.dates(), c.startsOn(), "dates", errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return campaigns.setMilestone(code, new Milestone(kind, body.name().strip(), body.dueOn(), dates));
    }

    @Operation(summary = "Remove one milestone")
    @DeleteMapping("/{code}/milestones/{kind}")
    Campaign removeMilestone(@PathVariable @Pattern(regexp = CODE) String code,
                                      @PathVariable MilestoneKind kind) {
        return campaigns.removeMilestone(code, kind);
    }

    @Operation(summary = "Progress per SITE, former DISTRICT or new UNIT against each milestone, at risk first, as of a"
            + " day (asOf, yyyy-MM-dd, from 2000-01-01 to today; default today)")
    @GetMapping("/{code}/progress")
    Report progress(@PathVariable @Pattern(regexp = CODE) String code,
                             @RequestParam(defaultValue = "SITE") @Pattern(regexp = "SITE|DISTRICT|UNIT") String by,
                             @RequestParam(defaultValue = "false") boolean atRiskOnly,
                             @RequestParam(defaultValue = "0") @Min(0) @Max(Paging.MAX_PAGE) int page,
                             @RequestParam(defaultValue = Paging.DEFAULT_SIZE) @Min(1) @Max(Paging.MAX_SIZE) int size,
                             @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf) {
        return progress.report(code, by, atRiskOnly, page, size, checkedAsOf(progress, asOf));
    }

    /**
     * A day a view can be as of: none (today), or from {@link Progress#EARLIEST_AS_OF} to today; else a field error.
     */
    static LocalDate checkedAsOf(Progress progress, LocalDate asOf) {
        if (asOf == null) {
            return null;
        }
        if (asOf.isBefore(Progress.EARLIEST_AS_OF)) {
            throw new InvalidRequestException("asOf", asOf, "before " + Progress.EARLIEST_AS_OF);
        }
        if (asOf.isAfter(progress.today())) {
            throw new InvalidRequestException("asOf", asOf, "after today (" + progress.today() + ")");
        }
        return asOf;
    }

    /** The dates of a request, each checked: after the start, one per scope and code, naming a known district or office. */
    private List<DueDate> dates(List<DueDateBody> bodies, LocalDate startsOn, String field,
                                         List<InvalidRequestException.FieldError> errors) {
        List<DueDate> dates = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; bodies != null && i < bodies.size(); i++) {
            DueDateBody d = bodies.get(i);
            String at = field + "[" + i + "]";
            if (!seen.add(d.scope() + " " + d.code())) {
                errors.add(new InvalidRequestException.FieldError(at + ".code", d.code(), "listed twice for " + d.scope()));
            }
            if (d.dueOn().isBefore(startsOn)) {
                errors.add(new InvalidRequestException.FieldError(at + ".dueOn", d.dueOn(), "before startsOn"));
            }
            DueDate date = new DueDate(d.scope(), d.code(), d.dueOn());
            if (!campaigns.unknownScopes(List.of(date)).isEmpty()) {
                errors.add(new InvalidRequestException.FieldError(at + ".code", d.code(), d.scope() == DueDate.Scope.DISTRICT
                        ? "not a former district's unit code" : "not an enrolled office's site code"));
            }
            dates.add(date);
        }
        return dates;
    }

    private Campaign campaign(CampaignBody body, String code) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        Set<MilestoneKind> kinds = new HashSet<>();
        List<Milestone> milestones = new ArrayList<>();
        for (int i = 0; i < body.milestones().size(); i++) {
            MilestoneBody m = body.milestones().get(i);
            MilestoneKind kind = MilestoneKind.of(m.kind());
            if (!kinds.add(kind)) {
                errors.add(new InvalidRequestException.FieldError("milestones[" + i + "].kind", m.kind(), "listed twice"));
            }
            if (m.dueOn().isBefore(body.startsOn())) {
                errors.add(new InvalidRequestException.FieldError("milestones[" + i + "].dueOn", m.dueOn(),
                        "before startsOn"));
            }
            List<DueDate> dates = dates(m.dates(), body.startsOn(), "milestones[" + i + "].dates", errors);
            milestones.add(new Milestone(kind, m.name().strip(), m.dueOn(), dates));
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new Campaign(code, body.name().strip(), body.startsOn(), milestones);
    }
}
