package org.archivesync.hub.sites;

import java.time.Instant;

/**
 * A key of a site, as the operator sees it.
 *
 * @param keyId {@code SiteKeys.keyId} of the key (never null)
 * @param enrolledAt when the agent enrolled it, or when the hub applied the rotation announcing it (never null)
 * @param revokedAt when it was retired; null while it is valid
 * @param validFromSequence the first sequence of the site it may sign
 * @param validThroughSequence the last sequence it may sign; null while it is not retired
 * @param retiredReason ROTATED, REVOKED or REENROLLED; null while it is not retired
 * @param retiredBy the operator who revoked it; null otherwise
 * @param announcedBy the key whose signed rotation announced it; null for a key enrolled with a token
 */
public record EnrolledKey(String keyId, Instant enrolledAt, Instant revokedAt, long validFromSequence,
                          Long validThroughSequence, String retiredReason, String retiredBy, String announcedBy) {
}
