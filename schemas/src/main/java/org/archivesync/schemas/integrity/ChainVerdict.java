package org.archivesync.schemas.integrity;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying one run of a site's events against its cursor.
 *
 * @param siteCode the site (never null)
 * @param position the new cursor: the last event that is both chained to the cursor and covered by a signature; equal
 *                 to the old cursor when nothing new can be applied (never null)
 * @param accepted events to apply, in sequence order, each with its chain hash; the last one is signed (never null)
 * @param pending events that cannot be applied yet and must be kept: an unsigned tail waiting for its signed event,
 *                everything from a gap on, or everything after the last signed event before a failure (never null)
 * @param redelivered how many events were at or below the cursor (or repeated within the run) with the hash already
 *                    known, and were skipped
 * @param failure what is wrong, when something is (may be null)
 */
public record ChainVerdict(String siteCode, ChainPosition position, List<VerifiedEvent> accepted,
                           List<ChainEvent> pending, int redelivered, ChainFailure failure) {

    /** An event that may be applied, with its chain hash. */
    public record VerifiedEvent(ChainEvent event, byte[] hash) {
    }

    /** The failure, if any. */
    public Optional<ChainFailure> failed() {
        return Optional.ofNullable(failure);
    }

    /** True when the site must be quarantined. */
    public boolean quarantines() {
        return failure != null && failure.kind().quarantines();
    }

    /** The highest sequence verified, i.e. the new cursor's sequence. */
    public long verifiedThrough() {
        return position.sequence();
    }
}
