package org.archivesync.hub.alerts;

/**
 * What an alert is about. The first group stops a site's stream (quarantine); the others do not. BAD_SIGNATURE,
 * UNKNOWN_KEY, KEY_OF_ANOTHER_SITE, WRONG_SITE and UNDECODABLE are no longer raised: such records are no evidence
 * signed with the site's own key, so they are set aside and counted in {@link #UNVERIFIABLE_RECORDS} instead; the
 * kinds stay for the alerts and quarantines recorded before.
 */
public enum AlertKind {
    /** The same sequence arrived with a different hash. */
    FORK,
    /** An event's previousHash is not the hash of the event before it. */
    BROKEN_CHAIN,
    /** A signature does not verify, or a signed event names no key. */
    BAD_SIGNATURE,
    /** A signature names a key id that is not enrolled (or was revoked). */
    UNKNOWN_KEY,
    /** A signature names a key enrolled for another site. */
    KEY_OF_ANOTHER_SITE,
    /** An event names another site than the stream (Kafka key) it came in. */
    WRONG_SITE,
    /** A record is not a SiteEvent in the Confluent wire format, or its schema id is unknown. */
    UNDECODABLE,
    /** A state-secret file's event carried more than the stub (title, keywords, notes, condition or scans). */
    SECRET_CONTENT,
    /** Records keyed by a site code that is not enrolled. */
    UNKNOWN_SITE,
    /** The catalogue refused to store a site's events (a constraint the hub did not foresee). */
    APPLY_FAILED,

    /** Events have waited longer than the grace period for a missing sequence or a signature. */
    GAP,
    /** A destruction was refused: a file is not appraised DESTROY, is permanent, unknown or already gone. */
    DESTRUCTION_REFUSED,
    /** An event broke a catalogue rule (e.g. fixed-term retention without years) and was recorded but not applied. */
    EVENT_REJECTED,
    /**
     * A verified event touched a record its office does not hold (another office's fonds, file, box or handover, or a
     * record in transit): kept in the event log, not applied; the office goes on.
     */
    RECORD_NOT_HELD,
    /** An event names a file the catalogue does not know. */
    UNKNOWN_FILE,
    /** An operator released a quarantined site. */
    SITE_RELEASED,
    /**
     * Records keyed as the site were set aside without stopping it: undecodable, naming another site, not signed by
     * the site's own key, or unsigned and in conflict with its signed chain. Rate-limited per site; the detail counts.
     */
    UNVERIFIABLE_RECORDS,
    /**
     * The site's parked events reached their bound (count or bytes): later events were not stored; the agent's repair
     * republishes them from the hub's cursor once the backlog drains. Rate-limited per site; the detail counts.
     */
    PARKED_LIMIT,
    /**
     * Events signed with a retired key of the site (revoked by an operator, or replaced by a rotation or a new
     * enrollment) arrived after its last valid sequence and were set aside: whoever holds that key may not be the
     * office. Rate-limited per site; the detail counts.
     */
    REVOKED_KEY_USED,
    /**
     * An office's clock is off by more than {@code archive-sync.hub.ingest.clock-skew-alert} (its {@code as-sent-at}
     * against the broker's append time): the dates it records are off by as much. Rate-limited per site.
     */
    CLOCK_SKEW;

    /** True when this kind of alert comes with the site's quarantine. */
    public boolean quarantines() {
        return switch (this) {
            case FORK, BROKEN_CHAIN, BAD_SIGNATURE, UNKNOWN_KEY, KEY_OF_ANOTHER_SITE, WRONG_SITE, UNDECODABLE,
                 SECRET_CONTENT, UNKNOWN_SITE, APPLY_FAILED -> true;
            case GAP, DESTRUCTION_REFUSED, EVENT_REJECTED, RECORD_NOT_HELD, UNKNOWN_FILE, SITE_RELEASED, UNVERIFIABLE_RECORDS,
                 PARKED_LIMIT, REVOKED_KEY_USED, CLOCK_SKEW -> false;
        };
    }
}
