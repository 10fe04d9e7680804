package org.archivesync.hub.security;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that keeps cookies and does not follow redirects, as a browser's session with the console over real HTTP:
 * each form is posted with the CSRF token of the page that shows it.
 */
final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final int port;

    Browser(int port) {
        this.port = port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form shown on {@code page} with that page's CSRF token. */
    HttpResponse<String> post(String page, String path, String... namesAndValues)
            throws IOException, InterruptedException {
        String html = get(page).body();
        Matcher token = CSRF.matcher(html);
        if (!token.find()) {
            throw new AssertionError("no CSRF token on " + page + ": " + html);
        }
        var body = new StringBuilder("_csrf=").append(URLEncoder.encode(token.group(1), StandardCharsets.UTF_8));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.append('&').append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "text/html").POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The sign-in form; answers a redirect: {@code /}, {@code /login/code}, {@code /login?error}, {@code /login?locked=N}. */
    HttpResponse<String> signIn(String username, String password) throws IOException, InterruptedException {
        return post("/login", "/login", "username", username, "password", password);
    }

    static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").map(l -> l.replaceFirst("^https?://[^/]+", ""))
                .orElse("(no redirect, status " + response.statusCode() + ")");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
