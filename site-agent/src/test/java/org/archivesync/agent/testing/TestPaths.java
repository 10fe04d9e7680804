package org.archivesync.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Fresh files under target/, never in /tmp. */
public final class TestPaths {

    private static final Path ROOT = Path.of("target", "test-data").toAbsolutePath();

    private TestPaths() {
    }

    /** A new directory for one test. */
    public static Path directory(String name) {
        try {
            return Files.createDirectories(ROOT.resolve(name + "-" + UUID.randomUUID().toString().substring(0, 8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A SQLite file path (not yet created) in a fresh directory. */
    public static Path database(String name) {
        return directory(name).resolve("agent.sqlite");
    }
}
