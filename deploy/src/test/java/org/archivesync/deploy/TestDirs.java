package org.archivesync.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Broker data for tests lives under target/, never in /tmp, and starts empty. */
final class TestDirs {

    private TestDirs() {
    }

    static Path fresh(String name) {
        Path dir = Path.of("target", "test-kafka", name).toAbsolutePath();
        try {
            DemoMain.deleteTree(dir);
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What `archive-sync demo` puts on the launcher's classpath: this module's classes and the Kafka libraries. */
    static String launcherClasspath() {
        Path libs = LocalKafka.defaultKafkaLibs();
        return libs.getParent().resolve("classes") + File.pathSeparator + libs.resolve("*");
    }
}
