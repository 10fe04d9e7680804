package org.archivesync.hub.ingest;

import java.time.Instant;

/**
 * One site's delivery as the hub sees it, for the console's Sites page.
 *
 * @param siteCode the site (never null)
 * @param name the site's name (never null)
 * @param lastSequence the last sequence applied; 0 when none
 * @param lastAppliedAt when the hub applied that event ({@code received_at} in the event log); null when none
 * @param lastReceivedAt when the hub last received anything from the site over Kafka (applied, parked or redelivered);
 *                       null if never
 * @param reportedBacklog events the agent still had to deliver when it sent its newest record, that record included
 *                        (1 = nothing after it); null if its agent never reported one (older agents)
 * @param backlogReportedAt the agent's clock when it sent that record, or the hub's receipt time when the agent did not
 *                          say; null exactly when {@code reportedBacklog} is
 * @param quarantined whether the site's stream is stopped until an operator releases it
 * @param quarantineKind why, e.g. {@code BAD_SIGNATURE}, from its latest open quarantine row; null when not quarantined
 * @param quarantineDetail that row's English detail (never event content); null when not quarantined
 * @param quarantinedAt when that row was raised; null when not quarantined
 * @param waitingSince since when events have been parked waiting for a missing sequence or signature; null when
 *                     nothing waits (or the site is quarantined)
 * @param parkedEvents events parked for the site (waiting or held by a quarantine)
 * @param clockSkewMillis how far the office's clock was off when last measured (its {@code as-sent-at} against the
 *                        broker's append time), positive when ahead; null until measured
 */
public record SiteLink(String siteCode, String name, long lastSequence, Instant lastAppliedAt, Instant lastReceivedAt,
                       Long reportedBacklog, Instant backlogReportedAt, boolean quarantined, String quarantineKind,
                       String quarantineDetail, Instant quarantinedAt, Instant waitingSince, long parkedEvents,
                       Long clockSkewMillis) {

    /** The clock error in whole minutes (rounded toward zero), or null when not measured or under a minute. */
    public Long clockSkewMinutes() {
        return clockSkewMillis == null || Math.abs(clockSkewMillis) < 60_000 ? null : clockSkewMillis / 60_000;
    }

    /** {@link #clockSkewMinutes} without its sign (the console says fast or slow); null as it is. */
    public Long clockOffMinutes() {
        Long minutes = clockSkewMinutes();
        return minutes == null ? null : Math.abs(minutes);
    }
}
