package org.archivesync.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.security.authorization.event.AuthorizationDeniedEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Sign-ins, sign-outs and requests refused to a signed-in user, into the audit log. Failed and refused sign-ins and
 * lockouts are audited by {@link SignInProvider}, which sees them all.
 */
class AuditListener {

    private final Audit audit;

    AuditListener(Audit audit) {
        this.audit = audit;
    }

    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        // A password followed by a code step is audited as such; the code step audits the sign-in's end.
        boolean codeNext = SignInHandlers.secondStep(event.getAuthentication());
        audit.record(event.getAuthentication().getName(), "LOGIN", codeNext ? "password" : null,
                codeNext ? "CODE_NEXT" : "OK", address(event.getAuthentication().getDetails()));
    }

    @EventListener
    void signedOut(LogoutSuccessEvent event) {
        audit.record(event.getAuthentication().getName(), "LOGOUT", null, "OK",
                address(event.getAuthentication().getDetails()));
    }

    @EventListener
    void denied(AuthorizationDeniedEvent<?> event) {
        var authentication = event.getAuthentication().get();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken
                || !(event.getObject() instanceof HttpServletRequest request)) {
            return;  // an anonymous request is sent to sign in, not refused
        }
        audit.record(authentication.getName(), request.getMethod() + " " + request.getRequestURI(),
                request.getQueryString(), "403", request.getRemoteAddr());
    }

    private static String address(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    }
}
