package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.archivesync.hub.progress.Progress.Figures;
import org.archivesync.hub.progress.Progress.MilestoneProgress;
import org.archivesync.hub.progress.Progress.MilestoneStatus;

/**
 * What each milestone kind (loại mốc) measures, on which offices, and how far a target is from done: no I/O, so the
 * rules are tested by themselves.
 */
final class MilestoneRules {

    /** The amounts a milestone compares, and the daily activity measure (progress_activity) its rate comes from. */
    record Basis(BigDecimal target, BigDecimal achieved, String rateMeasure) {
    }

    private MilestoneRules() {
    }

    /**
     * SEALED: sealed metres against sorted metres (inventoried − unsorted: the unsorted backlog cannot be sealed yet);
     * TRANSFERRED: metres handed to the historical archive against the files appraised TRANSFER_TO_HISTORICAL;
     * HANDED_OVER: metres handed to a successor against the files appraised KEEP_AT_SUCCESSOR.
     */
    static Basis basis(MilestoneKind kind, Figures f) {
        return switch (kind) {
            case SEALED -> new Basis(f.sortedMetres(), f.sealedMetres(), "SEALED_METRES");
            case TRANSFERRED -> new Basis(f.transferTargetMetres(), f.transferredMetres(), "TRANSFERRED_METRES");
            case HANDED_OVER -> new Basis(f.handOverTargetMetres(), f.handedOverMetres(), "HANDED_OVER_METRES");
        };
    }

    /**
     * Whether an office is measured on a kind: every office seals; every office but a new commune (which receives)
     * transfers to the historical archive; only an office of a former unit (a unit with a successor) hands over.
     *
     * @param former the office's unit today is a former unit, with a successor in the lineage
     * @param receiving the office's unit today is a new commune formed by the merger
     */
    static boolean measuredOn(MilestoneKind kind, boolean former, boolean receiving) {
        return switch (kind) {
            case SEALED -> true;
            case TRANSFERRED -> !receiving;
            case HANDED_OVER -> former;
        };
    }

    /** A milestone no office in the row is measured on: no figures, never at risk. */
    static MilestoneProgress notMeasured(String kind, String name, LocalDate dueOn) {
        return new MilestoneProgress(kind, name, dueOn, BigDecimal.ZERO, BigDecimal.ZERO, null, BigDecimal.ZERO, null,
                null, MilestoneStatus.NOT_MEASURED, false);
    }

    /**
     * The forecast of one milestone: a zero target is nothing to do (never at risk); work left with nothing moving in
     * the window is at risk; otherwise the rate finishes the rest on a day counted from {@code asOf}, at risk when that
     * day is after {@code dueOn}.
     *
     * @param windowAmount the activity of the rate window ending on {@code asOf}
     */
    static MilestoneProgress forecast(String kind, String name, LocalDate dueOn, BigDecimal target, BigDecimal achieved,
                                      BigDecimal windowAmount, int windowDays, LocalDate asOf) {
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
