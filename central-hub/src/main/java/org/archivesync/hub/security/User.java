package org.archivesync.hub.security;

import java.time.Instant;

/** A console user as listed (never with its password hash). displayName may be null. */
public record User(String username, String displayName, Role role, boolean enabled, Instant createdAt,
                   String createdBy) {
}
