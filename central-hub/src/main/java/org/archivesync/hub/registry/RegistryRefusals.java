package org.archivesync.hub.registry;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * The registry's refusals before a request reaches the controller, in Confluent's error body: 401 (no or wrong
 * credentials, with a basic challenge), 403 (a user whose role may not do this), 413 (a body too large). The
 * messages are protocol text in English, like {@link RegistryErrors}'; they never echo a credential.
 */
class RegistryRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private static final Logger log = LoggerFactory.getLogger(RegistryRefusals.class);
    /** Confluent's codes for an unauthenticated and an unauthorized request. */
    static final int UNAUTHORIZED = 40101;
    static final int FORBIDDEN = 40301;

    private final ObjectMapper json;

    RegistryRefusals(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean anonymous = e instanceof InsufficientAuthenticationException;
        // A wrong password is audited as a failed sign-in by the security package; a request without any is logged.
        log.warn("registry request refused status=401 reason={} method={} path={} remote={}",
                anonymous ? "no-credentials" : "bad-credentials", request.getMethod(), request.getRequestURI(),
                request.getRemoteAddr());
        response.setHeader("WWW-Authenticate", "Basic realm=\"archive-sync\", charset=\"UTF-8\"");
        write(response, 401, UNAUTHORIZED, anonymous
                ? "HTTP 401: " + (RegistrySecurity.isWrite(request) ? "changing the registry" : "reading the registry")
                        + " needs the HTTP basic credentials of a hub user"
                        + (RegistrySecurity.isWrite(request) ? " with the OPERATOR role." : ".")
                : "HTTP 401: the credentials were refused.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, 403, FORBIDDEN, "HTTP 403: " + request.getMethod() + " " + request.getRequestURI()
                + " needs the OPERATOR role.");
    }

    void tooLarge(HttpServletRequest request, HttpServletResponse response, long max) throws IOException {
        log.warn("registry request refused status=413 method={} path={} remote={} maxBytes={}", request.getMethod(),
                request.getRequestURI(), request.getRemoteAddr(), max);
        // The rest of the body is not read: close the connection rather than drain it.
        response.setHeader("Connection", "close");
        write(response, 413, 413, "HTTP 413: the request body is larger than " + max + " bytes.");
    }

    private void write(HttpServletResponse response, int status, int code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(RegistryController.V1_JSON);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), new RegistryErrors.ErrorBody(code, message));
    }
}
