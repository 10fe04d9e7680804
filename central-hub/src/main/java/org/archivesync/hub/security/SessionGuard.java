package org.archivesync.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Checks a console session against its user on every request, right after the session's sign-in is loaded (before
 * basic credentials are read and before authorization): the session ends when the user is gone or disabled, when their
 * credentials version moved on (password changed or reset, second factor removed), or when it is older than
 * {@code session-max-age}. An ended console page request is sent to {@code /login?expired}; an API request goes on
 * unauthenticated (401, or its own basic credentials). A session still waiting for its code may only enter it; an
 * operator without a second factor, where one is required, may only set it up. One primary-key read per request
 * that rides a session; requests without one cost nothing.
 */
class SessionGuard extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SessionGuard.class);
    private static final String[] OPEN = {"/login", "/logout", "/error", "/denied", "/css/", "/js/", "/webjars/",
            "/favicon.ico"};

    private final Users users;
    private final Clock clock;
    private final Duration maxAge;
    private final boolean secondFactorRequiredForOperators;

    SessionGuard(Users users, Clock clock, Duration maxAge, boolean secondFactorRequiredForOperators) {
        this.users = users;
        this.clock = clock;
        this.maxAge = maxAge;
        this.secondFactorRequiredForOperators = secondFactorRequiredForOperators;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        Authentication authentication = session == null ? null
                : SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof SignedInUser signedIn)) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<SignedInUser> current = users.current(signedIn.getUsername());
        String ended = endedBecause(session, current);
        if (ended != null) {
            log.info("console session ended username={} reason={}", signedIn.getUsername(), ended);
            session.invalidate();
            SecurityContextHolder.clearContext();
            if (path.startsWith("/api/")) {
                chain.doFilter(request, response);
            } else {
                response.sendRedirect(request.getContextPath() + "/login?expired");
            }
            return;
        }
        boolean secondStep = authentication.getAuthorities().stream()
                .anyMatch(a -> SignInProvider.SECOND_STEP.equals(a.getAuthority()));
        if (secondStep && !open(path)) {
            response.sendRedirect(request.getContextPath() + "/login/code");
            return;
        }
        if (!secondStep && secondFactorRequiredForOperators && current.get().role() == Role.OPERATOR
                && !current.get().secondFactor() && !open(path) && !path.equals("/account")
                && !path.startsWith("/account/")) {
            response.sendRedirect(request.getContextPath() + "/account?second-factor-required");
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why the session must end, or null when it may go on. */
    private String endedBecause(HttpSession session, Optional<SignedInUser> current) {
        Object version = session.getAttribute(SignedInSessions.VERSION);
        Object at = session.getAttribute(SignedInSessions.SIGNED_IN_AT);
        if (current.isEmpty() || !current.get().isEnabled()) {
            return "disabled";
        }
        if (!(version instanceof Integer v) || v != current.get().credentialsVersion()) {
            return "credentials-changed";
        }
        if (!(at instanceof Instant signedInAt) || !clock.instant().isBefore(signedInAt.plus(maxAge))) {
            return "max-age";
        }
        return null;
    }

    private static boolean open(String path) {
        for (String open : OPEN) {
            if (open.endsWith("/") ? path.startsWith(open) : path.equals(open) || path.startsWith(open + "/")) {
                return true;
            }
        }
        return false;
    }
}
