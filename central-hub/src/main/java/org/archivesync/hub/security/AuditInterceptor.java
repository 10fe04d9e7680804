package org.archivesync.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Audits every request that changes something (any method but GET, HEAD, OPTIONS) and every export download, once it
 * has been answered, with its status: a refused or failed action is audited too. Reads are not audited.
 */
class AuditInterceptor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(AuditInterceptor.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final Audit audit;

    AuditInterceptor(Audit audit) {
        this.audit = audit;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                Exception ex) {
        String path = request.getRequestURI();
        boolean export = path.endsWith(".xlsx") || path.endsWith(".pdf");
        if (READS.contains(request.getMethod()) && !export) {
            return;
        }
        int status = ex != null && response.getStatus() < 400 ? 500 : response.getStatus();
        try {
            audit.record(currentUser(), request.getMethod() + " " + path, target(request),
                    Integer.toString(status), SecurityConfiguration.remote(request));
        } catch (RuntimeException e) {
            // The answer has gone; the failure to audit it must be seen by a person.
            log.error("audit line not written action={} {} status={}", request.getMethod(), path, status, e);
        }
    }

    /** The query, and what a console form said it changed ({@link Audit#DETAIL}); null when neither. */
    private static String target(HttpServletRequest request) {
        String query = request.getQueryString();
        Object detail = request.getAttribute(Audit.DETAIL);
        if (detail == null) {
            return query;
        }
        return query == null ? detail.toString() : query + " " + detail;
    }

    static String currentUser() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
            return "anonymous";
        }
        return authentication.getName();
    }
}
