package org.archivesync.schemas.integrity;

/**
 * What is wrong with a site's stream, and where.
 *
 * @param kind what happened
 * @param sequence for {@link Kind#GAP}, the first missing sequence; otherwise the sequence where the site's signed
 *                 history parts from the verified one
 * @param detail an English sentence for logs and alerts; never contains event content
 * @param evidence for {@link Kind#FORK} and {@link Kind#BROKEN_CHAIN}, the event signed with the site's own key that
 *                 proves it; null for {@link Kind#GAP}
 */
public record ChainFailure(Kind kind, long sequence, String detail, ChainEvent evidence) {

    /** The verdicts the verifier can reach. All but {@link #GAP} quarantine the site. */
    public enum Kind {
        /**
         * Events wait (parked): a sequence is missing, or what is present does not chain to the verified history yet.
         * Not an attack, usually a lost or late record.
         */
        GAP,
        /** The site's own key signed a history that differs from the verified one at a sequence already settled. */
        FORK,
        /** The site's own key signed an event whose chain does not link to the verified history. */
        BROKEN_CHAIN;

        /** True when this verdict must stop the site's stream until an operator releases it. */
        public boolean quarantines() {
            return switch (this) {
                case GAP -> false;
                case FORK, BROKEN_CHAIN -> true;
            };
        }
    }
}
