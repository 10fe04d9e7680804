package org.archivesync.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** {@code Authorization} header values for a running agent's local API. */
public final class ApiAuth {

    private ApiAuth() {
    }

    /** The API token the service generated on start, {@code api-token} beside the store {@code db}. */
    public static String bearer(Path db) {
        try {
            return "Bearer " + Files.readString(db.resolveSibling("api-token"), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** HTTP basic as a local account. */
    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
