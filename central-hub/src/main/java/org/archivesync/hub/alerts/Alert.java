package org.archivesync.hub.alerts;

import java.time.Instant;
import java.util.UUID;

/**
 * An alert as stored and sent to {@code archive.alerts}.
 *
 * @param alertId unique id, also in the published JSON so consumers can drop a resent copy
 * @param kind what happened
 * @param siteCode the site concerned, or {@code hub}
 * @param sequence the sequence concerned, or null when none is known
 * @param detail an English sentence; never event content
 * @param raisedAt when the hub raised it
 */
public record Alert(UUID alertId, AlertKind kind, String siteCode, Long sequence, String detail, Instant raisedAt) {
}
