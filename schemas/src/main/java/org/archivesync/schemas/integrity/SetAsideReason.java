package org.archivesync.schemas.integrity;

/**
 * Why a record keyed as a site was set aside: kept out of the site's stream, stored by hash and alerted, without
 * stopping the site. None of these is evidence signed with the site's own key, so none quarantines it: anyone who may
 * write to the inbound topic can produce them.
 */
public enum SetAsideReason {
    /** The bytes are not a SiteEvent the registry can explain (found by the hub's decoder, not by the verifier). */
    UNDECODABLE,
    /** The envelope names another site than the stream (Kafka key) it came in. */
    WRONG_SITE,
    /** A signature does not verify over the event's chain hash, or a signed event names no key. */
    BAD_SIGNATURE,
    /** A signature names a key id that is not enrolled. */
    UNKNOWN_KEY,
    /** A signature names a key enrolled for another site. */
    KEY_OF_ANOTHER_SITE,
    /**
     * A signature names a key of the site that may not sign that sequence: a retired (rotated or revoked) key after its
     * last sequence or at an applied one, or a rotated-in key before the event that announced it.
     */
    KEY_REVOKED,
    /** An unsigned event with another hash than the one applied at its sequence (or an unsigned event chained to one). */
    UNSIGNED_FORK,
    /** An unsigned event whose previousHash is not the hash of the verified event before it (or chained to one). */
    UNSIGNED_BROKEN_CHAIN,
    /** An unsigned event that competed for its sequence with the site's signed event and lost (or chained to one). */
    LOST_TO_SIGNED
}
