package org.archivesync.agent.crash;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link AgentProcess}, with its {@code AGENT} lines collected as they come. */
final class ChildAgent implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private ChildAgent(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("AGENT ")) {
                        lines.add(line.substring("AGENT ".length()));
                    }
                }
            } catch (IOException e) {
                // The process was killed.
            }
        }, "child-agent-output");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildAgent start(Path logFile, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Xshare:off",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", System.getProperty("java.class.path"),
                AgentProcess.class.getName()));
        command.addAll(List.of(args));
        try {
            return new ChildAgent(new ProcessBuilder(command).redirectError(logFile.toFile()).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The numbers on lines starting with {@code prefix}. */
    List<Long> values(String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix + " "))
                .map(l -> Long.parseLong(l.substring(prefix.length() + 1).split(" ")[0])).toList();
    }

    /** {@code kill -9}: no shutdown hook, no finally block, no flush. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    int waitForExit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            throw new AssertionError("child agent did not finish");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
