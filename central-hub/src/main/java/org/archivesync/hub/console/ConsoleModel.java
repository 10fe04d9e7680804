package org.archivesync.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import org.archivesync.hub.security.Role;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page knows about the signed-in user: name and what the role allows. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    private static final Formats FORMATS = new Formats();

    /** The signed-in user and what the page may offer; null on the sign-in pages. */
    record Viewer(String username, boolean canExport, boolean canOperate) {
    }

    @ModelAttribute("fmt")
    Formats formats() {
        return FORMATS;
    }

    /**
     * Links that keep the page's query: {@code page} for the pager and {@code lang} for the language switch, each the
     * current query without that parameter, ready for it to be appended ({@code ?a=1&} or {@code ?}).
     */
    public record Links(String page, String lang) {
    }

    @ModelAttribute("links")
    Links links(HttpServletRequest request) {
        return new Links(queryWithout(request, "page"), queryWithout(request, "lang"));
    }

    static String queryWithout(HttpServletRequest request, String name) {
        StringBuilder query = new StringBuilder(request.getRequestURI()).append('?');
        request.getParameterMap().forEach((key, values) -> {
            if (!key.equals(name) && !key.equals("_csrf")) {
                for (String value : values) {
                    query.append(URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                            .append(URLEncoder.encode(value, StandardCharsets.UTF_8)).append('&');
                }
            }
        });
        return query.toString();
    }

    @ModelAttribute("viewer")
    Viewer viewer(Principal principal) {
        if (!(principal instanceof Authentication authentication) || !has(authentication, Role.VIEWER)) {
            return null;  // not signed in, or still to enter the code of the second step
        }
        return new Viewer(authentication.getName(), has(authentication, Role.ARCHIVIST), has(authentication, Role.OPERATOR));
    }

    private static boolean has(Authentication authentication, Role role) {
        return authentication.getAuthorities().stream().anyMatch(a -> {
            String name = a.getAuthority();
            for (Role r : Role.values()) {
                if (r.authority().equals(name)) {
                    return r.compareTo(role) >= 0;
                }
            }
            return false;
        });
    }
}
