package org.archivesync.agent.outbox;

import org.archivesync.schemas.integrity.ChainHash;

/** Decides whether this store's chain parts from the hub's; no I/O. */
final class ForkCheck {

    private ForkCheck() {
    }

    /**
     * @param hubSequence the hub's cursor for the site, or null when none was seen
     * @param hubHash the cursor's hash; zeros when the hub has applied nothing
     * @param localSequence this chain's last sequence (0 when empty)
     * @param localHashAtHub this chain's hash at {@code hubSequence}; null when the store has no row there (only
     *                       possible below a re-base, where the hub's own history is taken as given)
     * @return the fork, or null when the hub's chain is a prefix of this one (or nothing can be told yet)
     */
    static ChainFork decide(Long hubSequence, byte[] hubHash, long localSequence, byte[] localHashAtHub) {
        if (hubSequence == null || hubSequence == 0) {
            return null;
        }
        if (hubSequence > localSequence) {
            return new ChainFork(ChainFork.Kind.BEHIND, hubSequence, localSequence);
        }
        if (localHashAtHub != null && hubHash != null && !ChainHash.same(localHashAtHub, hubHash)) {
            return new ChainFork(ChainFork.Kind.BESIDE, hubSequence, localSequence);
        }
        return null;
    }
}
