package org.archivesync.hub.security;

import java.time.Instant;

/**
 * A console user as listed (never with its password hash or second-factor secret). displayName may be null.
 *
 * @param secondFactor whether the user has confirmed a second factor
 */
public record User(String username, String displayName, Role role, boolean enabled, Instant createdAt,
                   String createdBy, boolean secondFactor) {
}
