package org.archivesync.schemas.integrity;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying one run of a site's events against its cursor.
 *
 * @param siteCode the site (never null)
 * @param position the new cursor: the last event that is both chained to the cursor and covered by a signature of the
 *                 site's own key; equal to the old cursor when nothing new can be applied (never null)
 * @param accepted events to apply, in sequence order, each with its chain hash (never null)
 * @param pending events that cannot be applied yet and must be kept (parked): unsigned candidates waiting for a
 *                signature, events after a gap, or, with a quarantining failure, everything above the new cursor that
 *                was not set aside; in sequence order (never null)
 * @param setAside events that must not be kept in the stream, with why; none of them is evidence against the site
 *                 (never null)
 * @param redelivered how many events were at or below the cursor (or repeated within the run) with the hash already
 *                    known, or unknown, and were skipped
 * @param failure what is wrong, when something is (may be null)
 */
public record ChainVerdict(String siteCode, ChainPosition position, List<VerifiedEvent> accepted,
                           List<ChainEvent> pending, List<SetAside> setAside, int redelivered, ChainFailure failure) {

    /** An event that may be applied, with its chain hash. */
    public record VerifiedEvent(ChainEvent event, byte[] hash) {
    }

    /**
     * An event kept out of the stream.
     *
     * @param event the event (never null)
     * @param hash its chain hash (never null)
     * @param reason why (never null)
     * @param detail an English sentence for the record; never contains event content
     */
    public record SetAside(ChainEvent event, byte[] hash, SetAsideReason reason, String detail) {
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
