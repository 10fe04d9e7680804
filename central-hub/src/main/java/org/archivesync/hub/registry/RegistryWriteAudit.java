package org.archivesync.hub.registry;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.archivesync.hub.security.Audit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Audits every registry write that passed authorization, once answered, with its status: a registration, a level set,
 * and also one the registry refused (409 incompatible, 413 too large, 422 invalid). Reads are not audited. Runs
 * after authorization, so only a signed-in user's or the hub's own writes get here.
 */
class RegistryWriteAudit extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RegistryWriteAudit.class);

    private final Audit audit;

    RegistryWriteAudit(Audit audit) {
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!RegistrySecurity.isWrite(request)) {
            chain.doFilter(request, response);
            return;
        }
        int status = 500;
        try {
            chain.doFilter(request, response);
            status = response.getStatus();
        } finally {
            String action = request.getMethod() + " " + request.getRequestURI();
            try {
                audit.record(user(), action, request.getQueryString(), Integer.toString(status), request.getRemoteAddr());
            } catch (RuntimeException e) {
                // The answer has gone; the failure to audit it must be seen by a person.
                log.error("audit line not written action={} status={}", action, status, e);
            }
        }
    }

    private static String user() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || authentication instanceof AnonymousAuthenticationToken
                ? "anonymous" : authentication.getName();
    }
}
