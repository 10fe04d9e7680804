package org.archivesync.hub.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * The console sign-in's second step: a session whose password was right enters the current code of its second factor.
 * A right code (not used by an earlier sign-in) completes the sign-in under a new session id; a wrong one counts as a
 * failed sign-in, and when it locks the account or address the session ends. The step is refused while locked.
 */
public class SecondStep {

    private final SignInThrottle throttle;
    private final SecondFactor secondFactor;
    private final Audit audit;
    private final SignInHandlers handlers;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    SecondStep(SignInThrottle throttle, SecondFactor secondFactor, Audit audit, SignInHandlers handlers) {
        this.throttle = throttle;
        this.secondFactor = secondFactor;
        this.audit = audit;
        this.handlers = handlers;
    }

    /** True when the request's session waits for its code. */
    public boolean waiting() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && SignInHandlers.secondStep(authentication);
    }

    /**
     * Checks {@code code} for the waiting session and answers the request: a redirect to where the sign-in was going,
     * back to the code page ({@code /login/code?error}), or to {@code /login} ({@code locked=MINUTES}, or plain when
     * no session waits).
     *
     * @param code as typed, may be null
     */
    public void complete(HttpServletRequest request, HttpServletResponse response, String code)
            throws IOException, ServletException {
        Authentication pending = SecurityContextHolder.getContext().getAuthentication();
        if (pending == null || !SignInHandlers.secondStep(pending)
                || !(pending.getPrincipal() instanceof SignedInUser user)) {
            response.sendRedirect(request.getContextPath() + "/login");
            return;
        }
        String username = user.getUsername();
        String address = SecurityConfiguration.remote(request);
        SignInThrottle.State state = throttle.state(username, address);
        if (state.lock() != null) {
            try {
                SignInProvider.refuse(audit, username, address, state.lock());
            } catch (SignInLockedException refused) {
                end(request, state.lock(), response);
                return;
            }
        }
        if (!secondFactor.acceptsOnce(username, code)) {
            SignInProvider.failed(throttle, audit, username, "code", address);
            SignInThrottle.Lock lock = throttle.state(username, address).lock();
            if (lock != null) {
                end(request, lock, response);
            } else {
                response.sendRedirect(request.getContextPath() + "/login/code?error");
            }
            return;
        }
        var complete = UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities());
        complete.setDetails(pending.getDetails());
        var context = new SecurityContextImpl(complete);
        SecurityContextHolder.setContext(context);
        request.changeSessionId();
        contexts.saveContext(context, request, response);
        if (state.accountFailures() > 0) {
            throttle.succeeded(username);
        }
        audit.record(username, "LOGIN", "code", "OK", address);
        handlers.signedIn(request, response, complete);
    }

    private void end(HttpServletRequest request, SignInThrottle.Lock lock, HttpServletResponse response)
            throws IOException {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        response.sendRedirect(request.getContextPath() + "/login?locked=" + handlers.minutes(lock.until()));
    }
}
