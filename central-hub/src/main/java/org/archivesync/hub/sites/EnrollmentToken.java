package org.archivesync.hub.sites;

import java.time.Instant;

/**
 * A one-time enrollment token, as handed to the operator once; the hub keeps only its hash.
 *
 * @param token 32 random bytes, base64url without padding (never null)
 * @param expiresAt after this instant the token is refused (never null)
 */
public record EnrollmentToken(String token, Instant expiresAt) {

    @Override
    public String toString() {
        // Records print their fields; a token in a log line is a key to the province.
        return "EnrollmentToken[token=(hidden), expiresAt=" + expiresAt + "]";
    }
}
