package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Progress against one milestone.
 *
 * @param dueOn the date applied to this row: an office's own, its former district's or the default; for a group,
 *        the latest of its measured members' dates
 * @param fraction achieved / target, at most 1; null without a target
 * @param metresPerDay the recent rate (the window ending on the as-of day)
 * @param forecastOn when the rate finishes the rest, counted from the as-of day; null when done, when nothing moves
 *        or when there is nothing to measure
 * @param daysLate forecast minus due date when late; null otherwise (and when nothing moves)
 */
public record MilestoneProgress(MilestoneKind kind, String name, LocalDate dueOn, BigDecimal targetMetres,
                                BigDecimal achievedMetres, BigDecimal fraction, BigDecimal metresPerDay,
                                LocalDate forecastOn, Long daysLate, MilestoneStatus status, boolean atRisk) {
}
