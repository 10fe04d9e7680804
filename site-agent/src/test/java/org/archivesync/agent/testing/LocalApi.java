package org.archivesync.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** A client's side of a running agent's local API: where it answers, and the {@code Authorization} it takes. */
public final class LocalApi {

    private LocalApi() {
    }

    /** A request to {@code path} on the agent's loopback address, without credentials. */
    public static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    }

    /** The API token the service generated on start, {@code api-token} beside the store {@code db}. */
    public static String token(Path db) {
        try {
            return Files.readString(db.resolveSibling("api-token"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The API token as a bearer {@code Authorization} value. */
    public static String bearer(Path db) {
        return "Bearer " + token(db);
    }

    /** HTTP basic as a local account. */
    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
