package org.archivesync.hub.progress;

/** How a milestone stands for a row. */
public enum MilestoneStatus {
    /** Achieved reached the target. */
    DONE,
    /** The recent rate finishes by the due date. */
    ON_TRACK,
    /** The recent rate finishes after the due date, or work is left and nothing moved in the rate window. */
    AT_RISK,
    /** The target is zero (nothing sorted, nothing appraised for it): nothing to do, never at risk. */
    NOTHING_TO_DO,
    /** No office of the row is measured on this kind (e.g. a new commune on HANDED_OVER: it receives). */
    NOT_MEASURED
}
