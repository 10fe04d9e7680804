package org.archivesync.hub.sites;

import java.time.Instant;

/**
 * A key enrolled for a site, as the operator sees it.
 *
 * @param keyId {@code SiteKeys.keyId} of the key (never null)
 * @param enrolledAt when the agent enrolled it (never null)
 * @param revokedAt when it was revoked; null while it is valid
 */
public record EnrolledKey(String keyId, Instant enrolledAt, Instant revokedAt) {
}
