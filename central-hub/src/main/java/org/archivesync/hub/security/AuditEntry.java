package org.archivesync.hub.security;

import java.time.Instant;

/**
 * One line of the audit log.
 *
 * @param action what was done, e.g. {@code POST /api/sites/CM.X/release} or {@code LOGIN}
 * @param target what it was done to, may be null
 * @param outcome the HTTP status, or {@code OK}/{@code FAILED} for a login
 * @param remoteAddress the client's address, may be null
 */
public record AuditEntry(long id, Instant at, String username, String action, String target, String outcome,
                         String remoteAddress) {
}
