package org.archivesync.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * One application (the hub, an agent) running from its Spring Boot jar in a child JVM: output appended to a log
 * file, in its own session (a Ctrl-C in the terminal reaches only the launcher, which stops the children in order), and
 * gone when the launcher goes ({@link ParentWatch}). There is no JVM shutdown hook here on purpose: the owner stops its
 * children in the order it needs, and whatever it leaves running exits cleanly by itself once the launcher is gone.
 *
 * <p>{@link #stop(Duration)} is the clean way (SIGTERM: Spring closes the application); {@link #kill()} is a crash
 * (SIGKILL: nothing runs, as when the power goes).
 */
final class ChildJvm implements AutoCloseable {

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildJvm(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java <jvmOptions> -cp <this module>:<jar> ParentWatch <jar's Main-Class> <args>}.
     *
     * @param name for messages and the thread names; never null
     * @param jar a Spring Boot executable jar; never null
     * @param jvmOptions e.g. heap and system properties; never null
     * @param args the application's arguments; never null
     * @param workDir the child's working directory, created when missing; never null
     * @param logFile where standard output and error are appended; its directory is created; never null
     * @param env extra environment variables; never null
     */
    static ChildJvm start(String name, Path jar, List<String> jvmOptions, List<String> args, Path workDir,
                          Path logFile, Map<String, String> env) {
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            List<String> command = new ArrayList<>();
            if (Files.isExecutable(SETSID)) {
                command.add(SETSID.toString());
            }
            command.add(javaExecutable());
            command.addAll(jvmOptions);
            command.add("-cp");
            command.add(ownCodeSource() + File.pathSeparator + jar.toAbsolutePath());
            command.add(ParentWatch.class.getName());
            command.add(mainClass(jar));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectErrorStream(true);
            builder.environment().putAll(env);
            return new ChildJvm(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " from " + jar, e);
        }
    }

    /** The java of the running JVM: the children run on the same Java as the launcher. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code, or -1 while running. */
    int exitValue() {
        return process.isAlive() ? -1 : process.exitValue();
    }

    Path logFile() {
        return logFile;
    }

    /** SIGTERM, then SIGKILL after the timeout. Idempotent; safe to call from several threads. */
    synchronized void stop(Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        // A paused JVM would only act on SIGTERM once continued: continue it first (harmless when running).
        resumeQuietly();
        process.destroy();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGSTOP: the JVM freezes as a hung machine would; its sockets stay open and it answers nothing, so its peers
     * see timeouts, not closed connections. {@link #stop}, {@link #kill()} and {@link #resume()} still work.
     *
     * @throws LocalStackException when the process is gone
     */
    void pause() {
        Signals.send(Signals.Signal.STOP, List.of(process.pid()));
    }

    /** SIGCONT: a {@linkplain #pause() frozen} JVM goes on where it was. */
    void resume() {
        Signals.send(Signals.Signal.CONT, List.of(process.pid()));
    }

    /** SIGKILL: no shutdown hook runs in the child. Returns once the process is gone. */
    synchronized void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }

    private void resumeQuietly() {
        try {
            resume();
        } catch (LocalStackException e) {
            // Gone already: stop has nothing to do.
        }
    }

    /** The last lines of the log, so a failure explains itself. */
    String tail(int lines) {
        return tail(logFile, lines);
    }

    private static String mainClass(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            String main = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IOException(jar + " has no Main-Class: not an executable jar");
            }
            return main;
        }
    }

    /** This module's classes or jar, which hold {@link ParentWatch}. */
    private static String ownCodeSource() {
        try {
            return Path.of(ParentWatch.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + process.pid() + ")";
    }

    /**
     * The last lines of a log file without stack frames ({@code at ...}, {@code ... n more}), so a failure explains
     * itself in a few lines; a missing or unreadable file gives a note instead.
     */
    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log at " + file + ")";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.stripLeading().startsWith("at ") && !l.stripLeading().startsWith("... "))
                    .toList();
            return "last lines of " + file + ":\n  "
                    + String.join("\n  ", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ")";
        }
    }
}
