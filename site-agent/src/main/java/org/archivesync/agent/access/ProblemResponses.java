package org.archivesync.agent.access;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.archivesync.agent.messages.AgentMessages;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * RFC 9457 answers written by the access filters, which run before Spring MVC and its advice: the same shape as the
 * API's other problem details ({@code title}, {@code detail}, {@code reason}), in the request's language (Vietnamese
 * unless {@code Accept-Language} asks for English).
 */
final class ProblemResponses {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int status, String titleKey,
                      String reasonKey, Object... args) throws IOException {
        AgentMessages messages = AgentMessages.of(request.getHeader("Accept-Language") == null ? null
                : request.getLocale());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", messages.get(titleKey));
        body.put("status", status);
        body.put("detail", messages.get(reasonKey, args));
        body.put("instance", request.getRequestURI());
        body.put("reason", reasonKey);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    /** A header value fit for a log line: no control characters, at most 100 characters, "-" when absent. */
    static String loggable(String value) {
        if (value == null) {
            return "-";
        }
        String clean = value.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
