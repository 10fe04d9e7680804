package org.archivesync.hub.security;

import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.config.annotation.web.configurers.HttpBasicConfigurer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * HTTP basic sign-in with the hub's users for a filter chain other than the console's (the schema registry's): the
 * same throttling, lockout, audit and second factor ({@code X-Archive-OTP}) as the REST API, so no endpoint offers a
 * way around them.
 */
public final class ApiSignIn {

    private final AuthenticationManager manager;

    ApiSignIn(AuthenticationManager manager) {
        this.manager = manager;
    }

    /** The throttled sign-in, for a chain's own authentication manager to fall back to (never null). */
    public AuthenticationManager manager() {
        return manager;
    }

    /** Makes a chain's basic sign-in carry what the throttle needs: the client's address and the one-time code. */
    public void details(HttpBasicConfigurer<HttpSecurity> basic) {
        basic.authenticationDetailsSource(SignInDetails::api);
    }
}
