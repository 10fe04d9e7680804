package org.archivesync.schemas.integrity;

/**
 * What is wrong with a site's stream, and where.
 *
 * @param kind what happened
 * @param sequence the sequence of the first event found wrong (for {@link Kind#GAP}, the first missing sequence)
 * @param detail an English sentence for logs and alerts; never contains event content
 */
public record ChainFailure(Kind kind, long sequence, String detail) {

    /** The verdicts the verifier can reach. All but {@link #GAP} quarantine the site. */
    public enum Kind {
        /** A sequence is missing: later events wait (parked) until it arrives. Not an attack, usually a lost or late record. */
        GAP,
        /** The same sequence arrived with a different hash: the site's history was rewritten. */
        FORK,
        /** An event's previousHash is not the hash of the event before it: a byte was changed or an event was replaced. */
        BROKEN_CHAIN,
        /** A signature does not verify over the event's chain hash with the key it names. */
        BAD_SIGNATURE,
        /** A signature names a key id that is not enrolled. */
        UNKNOWN_KEY,
        /** A signature names a key enrolled for a different site. */
        KEY_OF_ANOTHER_SITE,
        /** The event's envelope names a different site than the stream it came in. */
        WRONG_SITE;

        /** True when this verdict must stop the site's stream until an operator releases it. */
        public boolean quarantines() {
            return this != GAP;
        }
    }
}
