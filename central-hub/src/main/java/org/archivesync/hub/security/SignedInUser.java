package org.archivesync.hub.security;

import java.util.List;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;

/**
 * A console user as sign-in sees them: Spring Security's user plus what sessions and the second factor need. Never
 * holds the TOTP secret (this object lives in the session).
 */
class SignedInUser extends User {

    private final Role role;
    private final int credentialsVersion;
    private final boolean secondFactor;

    SignedInUser(String username, String passwordHash, Role role, boolean enabled, int credentialsVersion,
                 boolean secondFactor) {
        super(username, passwordHash, enabled, true, true, true, List.of(new SimpleGrantedAuthority(role.authority())));
        this.role = role;
        this.credentialsVersion = credentialsVersion;
        this.secondFactor = secondFactor;
    }

    Role role() {
        return role;
    }

    /** The version of the user's credentials when they were read (see {@code console_users.credentials_version}). */
    int credentialsVersion() {
        return credentialsVersion;
    }

    /** True when the user has confirmed a second factor. */
    boolean secondFactor() {
        return secondFactor;
    }

    @Override
    public boolean equals(Object other) {
        return super.equals(other);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
