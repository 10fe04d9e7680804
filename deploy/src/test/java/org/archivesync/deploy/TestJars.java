package org.archivesync.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The hub's and the agent's jars for the tests that run them as separate JVMs. Maven resolves them (the
 * {@code application-jars} execution in deploy/pom.xml sets {@code archive-sync.hub-jar} and
 * {@code archive-sync.agent-jar}): the reactor's {@code target/} jars in a full build, the local repository's with
 * {@code -pl deploy}. When the sibling module's {@code target/} holds a newer jar (built since the last install), that
 * one is taken. The chosen jar is copied under {@code target/}, so a build rewriting the original while the test runs
 * cannot disturb it.
 */
final class TestJars {

    private TestJars() {
    }

    static Path hub() {
        return pick("archive-sync.hub-jar", Path.of("..", "central-hub", "target"), "central-hub-", ".jar");
    }

    static Path agent() {
        return pick("archive-sync.agent-jar", Path.of("..", "site-agent", "target"), "site-agent-", "-exec.jar");
    }

    private static Path pick(String property, Path siblingTarget, String prefix, String suffix) {
        String resolved = System.getProperty(property);
        Path sibling = DemoMain.findJar(siblingTarget, prefix, suffix);
        Path chosen = Stream.of(resolved == null || resolved.isBlank() || resolved.startsWith("${") ? null
                        : Path.of(resolved), sibling)
                .filter(Objects::nonNull).filter(Files::isRegularFile)
                .max(Comparator.comparing(p -> p.toFile().lastModified()))
                .orElseThrow(() -> new IllegalStateException("no jar for " + property + " (resolved: " + resolved
                        + ", sibling: " + sibling + "); build with ./mvnw -pl deploy -am package -DskipTests"));
        Path copy = Path.of("target", "test-jars", chosen.getFileName().toString()).toAbsolutePath();
        try {
            Files.createDirectories(copy.getParent());
            Path partial = copy.resolveSibling(copy.getFileName() + ".part");
            Files.copy(chosen, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
