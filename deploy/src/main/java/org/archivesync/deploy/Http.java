package org.archivesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** JSON over HTTP to the hub's and the agents' REST APIs, on loopback. */
final class Http {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Http() {
    }

    /**
     * An answer: status and body; {@code json()} parses the body.
     *
     * @param status the HTTP status, or -1 when nothing answered (connection refused, timeout)
     * @param body the body as text, empty when none
     */
    record Response(int status, String body) {

        boolean ok() {
            return status >= 200 && status < 300;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body.isEmpty() ? "{}" : body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + "): " + abbreviated(body), e);
            }
        }
    }

    static Response get(String url, Duration timeout) {
        return get(url, Map.of(), timeout);
    }

    static Response get(String url, Map<String, String> headers, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    static Response post(String url, JsonNode body, Map<String, String> headers, Duration timeout) {
        return withBody("POST", url, body, headers, timeout);
    }

    static Response put(String url, JsonNode body, Map<String, String> headers, Duration timeout) {
        return withBody("PUT", url, body, headers, timeout);
    }

    private static Response withBody(String method, String url, JsonNode body, Map<String, String> headers,
                                     Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .header("Accept-Language", "en")
                .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body.toString(),
                        StandardCharsets.UTF_8));
        headers.forEach(request::header);
        return send(request.build());
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    private static Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.body() == null ? "" : response.body());
        } catch (IOException e) {
            return new Response(-1, String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, "interrupted");
        }
    }

    static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
