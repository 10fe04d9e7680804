package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * How far one milestone is from done and when the recent rate finishes it: no I/O, so forecasts are tested by
 * themselves ({@code ForecastTest}). The rows of a report ({@link ProgressRows}) sum the targets, achievements and
 * window activity of the offices measured on the milestone and ask here.
 */
final class Forecast {

    private Forecast() {
    }

    /** A milestone no office in the row is measured on: no figures, never at risk. */
    static MilestoneProgress notMeasured(MilestoneKind kind, String name, LocalDate dueOn) {
        return new MilestoneProgress(kind, name, dueOn, BigDecimal.ZERO, BigDecimal.ZERO, null, BigDecimal.ZERO, null,
                null, MilestoneStatus.NOT_MEASURED, false);
    }

    /**
     * The forecast of one milestone: a zero target is nothing to do (never at risk); work left with nothing moving in
     * the window is at risk; otherwise the rate finishes the rest on a day counted from {@code asOf}, at risk when that
     * day is after {@code dueOn}.
     *
     * @param windowAmount the activity of the rate window ending on {@code asOf}
     * @param windowDays the window's length, at least 1
     */
    static MilestoneProgress forecast(MilestoneKind kind, String name, LocalDate dueOn, BigDecimal target,
                                      BigDecimal achieved, BigDecimal windowAmount, int windowDays, LocalDate asOf) {
        BigDecimal perDay = windowAmount.divide(BigDecimal.valueOf(windowDays), 3, RoundingMode.HALF_UP);
        if (target.signum() <= 0) {
            return new MilestoneProgress(kind, name, dueOn, target, achieved, null, perDay, null, null,
                    MilestoneStatus.NOTHING_TO_DO, false);
        }
        BigDecimal fraction = achieved.divide(target, 3, RoundingMode.DOWN).min(BigDecimal.ONE);
        BigDecimal remaining = target.subtract(achieved);
        if (remaining.signum() <= 0) {
            return new MilestoneProgress(kind, name, dueOn, target, achieved, fraction, perDay, null, null,
                    MilestoneStatus.DONE, false);
        }
        if (perDay.signum() <= 0) {
            return new MilestoneProgress(kind, name, dueOn, target, achieved, fraction, perDay, null, null,
                    MilestoneStatus.AT_RISK, true);
        }
        long days = remaining.divide(perDay, 0, RoundingMode.CEILING).longValueExact();
        LocalDate forecast = asOf.plusDays(days);
        long late = ChronoUnit.DAYS.between(dueOn, forecast);
        boolean atRisk = late > 0;
        return new MilestoneProgress(kind, name, dueOn, target, achieved, fraction, perDay, forecast,
                atRisk ? late : null, atRisk ? MilestoneStatus.AT_RISK : MilestoneStatus.ON_TRACK, atRisk);
    }
}
