package org.archivesync.agent.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} with this install's API token authenticates the local administrator (or its
 * automation) as the configured token account, role {@code LOCAL_ADMIN}; a wrong token is a 401. Requests without a
 * bearer header go on to HTTP basic.
 */
final class ApiTokenFilter extends OncePerRequestFilter {

    static final String LOCAL_ADMIN = "ROLE_LOCAL_ADMIN";

    private final ApiToken token;
    private final String account;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextRepository contexts = new RequestAttributeSecurityContextRepository();

    ApiTokenFilter(ApiToken token, String account, AuthenticationEntryPoint entryPoint) {
        this.token = token;
        this.account = account;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        if (!token.matches(header.substring(7).strip())) {
            entryPoint.commence(request, response, new BadCredentialsException("wrong API token"));
            return;
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(account, null,
                List.of(new SimpleGrantedAuthority(LOCAL_ADMIN))));
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
