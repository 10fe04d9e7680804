package org.archivesync.hub.progress;

import java.math.BigDecimal;

/**
 * What each milestone kind (loại mốc) measures and on which offices: no I/O, so the rules are tested by themselves.
 * Every switch here names every kind, so a new kind does not compile until its rules are written; how far a target is
 * from done is {@link Forecast}'s.
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
}
