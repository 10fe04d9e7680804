package org.archivesync.hub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The operator the hub tests sign in as: the hub creates it on start from
 * {@code archive-sync.hub.security.initial-operator}, as a deployed hub does, and the tests send its credentials with
 * HTTP basic on every {@code /api} call.
 */
public final class TestOperators {

    /** The initial operator's name, as the hub records it on a release or an upload. */
    public static final String USERNAME = "test-operator";
    /** Its password (long enough for the hub's 12-character minimum). */
    public static final String PASSWORD = "test-operator-secret";

    private static Path passwordFile;

    private TestOperators() {
    }

    /** A file in a fresh temp directory holding {@link #PASSWORD}, written once per JVM and reused. */
    public static synchronized Path passwordFile() {
        if (passwordFile == null) {
            try {
                Path dir = Files.createTempDirectory("hub-operator-");
                passwordFile = Files.writeString(dir.resolve("operator-password.txt"), PASSWORD + "\n",
                        StandardCharsets.UTF_8);
                passwordFile.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the test operator's password file", e);
            }
        }
        return passwordFile;
    }

    /** Makes the hub under test create {@link #USERNAME} on start. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("archive-sync.hub.security.initial-operator.username", () -> USERNAME);
        registry.add("archive-sync.hub.security.initial-operator.password-file", () -> passwordFile().toString());
    }

    /** The same two settings as command-line arguments, for a hub started in its own JVM. */
    public static List<String> arguments() {
        return List.of("--archive-sync.hub.security.initial-operator.username=" + USERNAME,
                "--archive-sync.hub.security.initial-operator.password-file=" + passwordFile());
    }

    /** The value of an {@code Authorization} header signing in as {@link #USERNAME}. */
    public static String authorization() {
        return basic(USERNAME, PASSWORD);
    }

    /** The value of an HTTP basic {@code Authorization} header for any user. */
    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
