package org.archivesync.agent.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The first check of every request, before authentication:
 * <ul>
 *   <li>{@code Host} must name this machine (127.0.0.1, localhost, [::1] or a configured extra name) with the port the
 *       request arrived on, else 421: a web page whose name an attacker re-points at 127.0.0.1 (DNS rebinding) sends
 *       its own name;</li>
 *   <li>an {@code Origin} header must be the API's own origin, and {@code Sec-Fetch-Site} must not be
 *       {@code cross-site} or {@code same-site}, else 403: a browser page of another site (or another port of this
 *       machine) cannot post a form, such as a multipart file list to {@code /api/imports?dryRun=false}, even when the
 *       browser holds the clerk's credentials;</li>
 *   <li>the retired {@code X-Archive-Clerk} header is refused (400): the clerk is the authenticated account.</li>
 * </ul>
 * Every refusal is logged ({@code local api request refused}) with the method, path, offending header and remote
 * address, never credentials.
 */
final class LocalRequestFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(LocalRequestFilter.class);

    static final String CLERK_HEADER = "X-Archive-Clerk";

    private final Set<String> hosts;

    /** @param extraHosts names accepted besides the loopback ones (never null) */
    LocalRequestFilter(List<String> extraHosts) {
        Set<String> names = new LinkedHashSet<>(List.of("127.0.0.1", "localhost", "[::1]"));
        extraHosts.forEach(h -> names.add(h.toLowerCase(Locale.ROOT)));
        this.hosts = Set.copyOf(names);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getHeader("Host");
        if (!isOwnAuthority(host, request.getLocalPort())) {
            refuse(request, response, 421, "web.host-refused", "Host", host);
            return;
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !isOwnOrigin(origin, request.getScheme(), request.getLocalPort())) {
            refuse(request, response, 403, "web.origin-refused", "Origin", origin);
            return;
        }
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && (fetchSite.equalsIgnoreCase("cross-site") || fetchSite.equalsIgnoreCase("same-site"))) {
            refuse(request, response, 403, "web.cross-site-refused", "Sec-Fetch-Site", fetchSite);
            return;
        }
        if (request.getHeader(CLERK_HEADER) != null) {
            refuse(request, response, 400, "web.clerk-header-refused", CLERK_HEADER, request.getHeader(CLERK_HEADER));
            return;
        }
        chain.doFilter(request, response);
    }

    /** {@code host:port} (or {@code [v6]:port}) with an accepted name and exactly the port the request came in on. */
    boolean isOwnAuthority(String authority, int port) {
        if (authority == null) {
            return false;
        }
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || authority.endsWith("]")) {
            return false; // no port: it would have to be 80, and the API never listens there by default
        }
        String name = authority.substring(0, colon).toLowerCase(Locale.ROOT);
        return hosts.contains(name) && authority.substring(colon + 1).equals(Integer.toString(port));
    }

    boolean isOwnOrigin(String origin, String scheme, int port) {
        try {
            URI uri = new URI(origin.strip());
            return uri.getScheme() != null && uri.getScheme().equalsIgnoreCase(scheme) && uri.getHost() != null
                    && (uri.getPath() == null || uri.getPath().isEmpty()) && uri.getRawUserInfo() == null
                    && uri.getPort() == port && hosts.contains(uri.getHost().toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return false; // "null" (a sandboxed or file page) and anything unparsable
        }
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String reason,
                               String header, String value) throws IOException {
        log.warn("local api request refused reason={} status={} method={} path={} header={} value={} remote={}",
                reason, status, request.getMethod(), ProblemResponses.loggable(request.getRequestURI()), header,
                ProblemResponses.loggable(value), request.getRemoteAddr());
        ProblemResponses.write(request, response, status, "problem.request-refused", reason, header);
    }
}
