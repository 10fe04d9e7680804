package org.archivesync.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * What a sign-in knows of its request besides name and password: the client's address (as every
 * {@link WebAuthenticationDetails}), whether it is an API call with basic credentials or the console's form, and the
 * one-time code an API call sent in {@link #HEADER}.
 */
class SignInDetails extends WebAuthenticationDetails {

    /** The header an API call carries its one-time code in. */
    static final String HEADER = "X-Archive-OTP";

    private final boolean api;
    private final String oneTimeCode;

    private SignInDetails(HttpServletRequest request, boolean api) {
        super(request);
        this.api = api;
        String code = api ? request.getHeader(HEADER) : null;
        // Anything longer than a code with spaces is not one: only its start is kept, to fail as a wrong code.
        this.oneTimeCode = code == null || code.length() <= 16 ? code : code.substring(0, 16);
    }

    static SignInDetails form(HttpServletRequest request) {
        return new SignInDetails(request, false);
    }

    static SignInDetails api(HttpServletRequest request) {
        return new SignInDetails(request, true);
    }

    boolean api() {
        return api;
    }

    /** The code of {@link #HEADER}; null when absent, always null for the console's form. */
    String oneTimeCode() {
        return oneTimeCode;
    }
}
