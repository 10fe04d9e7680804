package org.archivesync.hub.console;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.archivesync.hub.progress.Campaign;
import org.archivesync.hub.progress.DueDate;
import org.archivesync.hub.progress.Milestone;
import org.archivesync.hub.progress.MilestoneKind;

/**
 * What one console form asks of a campaign (đợt) or a milestone (mốc), decided from the form's text and the campaign
 * as it is: the new value, or the refusals, each naming the form field, the bundle key of the reason and its
 * arguments. No I/O: whether a district or an office exists is asked of {@code known}, which the caller backs with
 * {@code Campaigns.unknownScopes}. Dates are read as a Vietnamese office writes them (d/M/yyyy, 05/06/2025 or 5/6/2025).
 */
final class CampaignEdits {

    /** At most this many other dates per milestone, as the REST API allows. */
    static final int MAX_DATES = 500;
    static final int MAX_NAME = 200;

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d/M/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private CampaignEdits() {
    }

    /**
     * One refusal.
     *
     * @param field the form field (startsOn, dueOn, place, name, campaignCode)
     * @param reason a bundle key under {@code campaigns.problem.}
     * @param args the reason's arguments, already as the page shows them
     */
    record Problem(String field, String reason, List<String> args) {
        Problem(String field, String reason, String... args) {
            this(field, reason, List.of(args));
        }
    }

    /** The new value when {@code problems} is empty, else null. */
    record Outcome<T>(T value, List<Problem> problems) {

        static <T> Outcome<T> of(T value, List<Problem> problems) {
            return problems.isEmpty() ? new Outcome<>(value, List.of()) : new Outcome<>(null, List.copyOf(problems));
        }

        boolean refused() {
            return !problems.isEmpty();
        }
    }

    /** A new campaign without milestones. */
    static Outcome<Campaign> create(String code, String name, String startsOn) {
        List<Problem> problems = new ArrayList<>();
        String c = code == null ? "" : code.strip();
        if (!CODE.matcher(c).matches()) {
            problems.add(new Problem("campaignCode", "bad-code", c));
        }
        String n = name(name, problems);
        LocalDate starts = day("startsOn", startsOn, problems);
        return Outcome.of(new Campaign(c, n, starts, List.of()), problems);
    }

    /** The campaign renamed and restarted, its milestones kept; none of their dates may fall before the new start. */
    static Outcome<Campaign> change(Campaign current, String name, String startsOn) {
        List<Problem> problems = new ArrayList<>();
        String n = name(name, problems);
        LocalDate starts = day("startsOn", startsOn, problems);
        if (starts != null) {
            for (Milestone m : current.milestones()) {
                LocalDate earliest = m.dates().stream().map(DueDate::dueOn).filter(d -> d.isBefore(m.dueOn()))
                        .min(LocalDate::compareTo).orElse(m.dueOn());
                if (earliest.isBefore(starts)) {
                    problems.add(new Problem("startsOn", "start-after-milestone", SHOWN.format(starts), m.name(),
                            SHOWN.format(earliest)));
                }
            }
        }
        return Outcome.of(new Campaign(current.campaignCode(), n, starts, current.milestones()), problems);
    }

    /** The milestone named and due by default on a day, created or changed; its other dates kept. */
    static Outcome<Milestone> milestone(Campaign campaign, MilestoneKind kind, String name, String dueOn) {
        List<Problem> problems = new ArrayList<>();
        String n = name(name, problems);
        LocalDate due = notBeforeStart("dueOn", dueOn, campaign, problems);
        List<DueDate> dates = existing(campaign, kind).map(Milestone::dates).orElse(List.of());
        return Outcome.of(new Milestone(kind, n, due, dates), problems);
    }

    /**
     * The milestone with one more date for a former district or an office.
     *
     * @param place {@code DISTRICT:<unit code>} or {@code SITE:<site code>}, as the form's select sends it
     */
    static Outcome<Milestone> addDate(Campaign campaign, MilestoneKind kind, String place, String dueOn,
                                      Predicate<DueDate> known) {
        List<Problem> problems = new ArrayList<>();
        Milestone m = existing(campaign, kind).orElse(null);
        if (m == null) {
            problems.add(new Problem("place", "no-milestone"));
            return Outcome.of(null, problems);
        }
        LocalDate due = notBeforeStart("dueOn", dueOn, campaign, problems);
        Place at = place(place, problems);
        DueDate date = at == null || due == null ? null : new DueDate(at.scope(), at.code(), due);
        if (at != null) {
            if (m.dates().stream().anyMatch(at::names)) {
                problems.add(new Problem("place", "duplicate", at.code()));
            } else if (!known.test(new DueDate(at.scope(), at.code(), m.dueOn()))) {
                problems.add(new Problem("place", at.scope() == DueDate.Scope.DISTRICT
                        ? "unknown-district" : "unknown-site", at.code()));
            }
        }
        if (m.dates().size() >= MAX_DATES) {
            problems.add(new Problem("place", "too-many-dates", Integer.toString(MAX_DATES)));
        }
        if (!problems.isEmpty()) {
            return Outcome.of(null, problems);
        }
        List<DueDate> dates = new ArrayList<>(m.dates());
        dates.add(date);
        return Outcome.of(new Milestone(m.kind(), m.name(), m.dueOn(), dates), problems);
    }

    /** The milestone without its date for one place; refused when it has none there. */
    static Outcome<Milestone> removeDate(Campaign campaign, MilestoneKind kind, String place) {
        List<Problem> problems = new ArrayList<>();
        Milestone m = existing(campaign, kind).orElse(null);
        if (m == null) {
            problems.add(new Problem("place", "no-milestone"));
            return Outcome.of(null, problems);
        }
        Place at = place(place, problems);
        if (at == null) {
            return Outcome.of(null, problems);
        }
        List<DueDate> kept = m.dates().stream().filter(d -> !at.names(d)).toList();
        if (kept.size() == m.dates().size()) {
            problems.add(new Problem("place", "no-such-date", at.code()));
        }
        return Outcome.of(new Milestone(m.kind(), m.name(), m.dueOn(), kept), problems);
    }

    /** {@code DISTRICT:969} or {@code SITE:CM.CAINUOC.UBND}: the form's value of a place. */
    static String placeValue(DueDate.Scope scope, String code) {
        return scope.name() + ":" + code;
    }

    /** dd/MM/yyyy, empty for null. */
    static String shown(LocalDate day) {
        return day == null ? "" : SHOWN.format(day);
    }

    private static Optional<Milestone> existing(Campaign campaign, MilestoneKind kind) {
        return campaign.milestones().stream().filter(m -> m.kind() == kind).findFirst();
    }

    /** A former district or an office, as a date names it. */
    private record Place(DueDate.Scope scope, String code) {
        boolean names(DueDate d) {
            return d.scope() == scope && d.code().equals(code);
        }
    }

    private static Place place(String place, List<Problem> problems) {
        String p = place == null ? "" : place.strip();
        int colon = p.indexOf(':');
        DueDate.Scope scope = null;
        if (colon > 0) {
            for (DueDate.Scope s : DueDate.Scope.values()) {
                if (s.name().equals(p.substring(0, colon))) {
                    scope = s;
                }
            }
        }
        String code = colon < 0 ? p : p.substring(colon + 1);
        if (scope == null || !CODE.matcher(code).matches()) {
            problems.add(new Problem("place", p.isEmpty() ? "no-place" : "bad-place", p));
            return null;
        }
        return new Place(scope, code);
    }

    private static String name(String name, List<Problem> problems) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            problems.add(new Problem("name", "no-name"));
        } else if (n.length() > MAX_NAME) {
            problems.add(new Problem("name", "long-name", Integer.toString(MAX_NAME)));
        }
        return n;
    }

    private static LocalDate notBeforeStart(String field, String text, Campaign campaign, List<Problem> problems) {
        LocalDate day = day(field, text, problems);
        if (day != null && day.isBefore(campaign.startsOn())) {
            problems.add(new Problem(field, "before-start", SHOWN.format(day), SHOWN.format(campaign.startsOn())));
        }
        return day;
    }

    private static LocalDate day(String field, String text, List<Problem> problems) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            problems.add(new Problem(field, "no-date"));
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(t, DAY);
            if (day.getYear() < 1900 || day.getYear() > 2199) {
                problems.add(new Problem(field, "bad-date", t));
                return null;
            }
            return day;
        } catch (DateTimeParseException e) {
            problems.add(new Problem(field, "bad-date", t));
            return null;
        }
    }
}
