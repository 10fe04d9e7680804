package org.archivesync.hub.progress;

import java.time.LocalDate;
import java.util.List;

/**
 * A milestone of one {@link MilestoneKind}, due on a date by default, with other dates for some former
 * districts or offices.
 *
 * @param dueOn the default date, for every office without a date of its own or of its district
 * @param dates other dates, at most one per scope and code
 */
public record Milestone(MilestoneKind kind, String name, LocalDate dueOn, List<DueDate> dates) {

    public Milestone {
        dates = List.copyOf(dates);
    }

    /** A milestone with one date for everybody. */
    public Milestone(MilestoneKind kind, String name, LocalDate dueOn) {
        this(kind, name, dueOn, List.of());
    }

    /**
     * The date that applies to an office: its own, else its former district's (the first of {@code districts}
     * that has one), else the default.
     *
     * @param districts the former districts the office's unit belonged to, possibly empty
     */
    public LocalDate dueFor(String siteCode, List<String> districts) {
        for (DueDate d : dates) {
            if (d.scope() == DueDate.Scope.SITE && d.code().equals(siteCode)) {
                return d.dueOn();
            }
        }
        for (String district : districts) {
            for (DueDate d : dates) {
                if (d.scope() == DueDate.Scope.DISTRICT && d.code().equals(district)) {
                    return d.dueOn();
                }
            }
        }
        return dueOn;
    }
}
