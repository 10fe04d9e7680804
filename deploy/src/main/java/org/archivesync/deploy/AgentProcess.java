package org.archivesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One office's site agent ({@code site-agent-<version>-exec.jar}): its directory with the SQLite store and the key
 * file, its command line ({@code enroll}, {@code record}, {@code status}) run as short JVMs on that store, and its
 * service ({@code serve}: local REST API and publisher) as a child JVM.
 *
 * <p>Everything the agent prints goes to one log file per office. The CLI works on the store whether or not the
 * service runs, as an office clerk would use it.
 */
final class AgentProcess implements AutoCloseable {

    private static final List<String> SERVICE_JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8");
    private static final List<String> CLI_JVM_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8");

    private final String siteCode;
    private final Path jar;
    private final Path dir;
    private final Path logFile;
    private ChildJvm service;
    private volatile int port;

    /**
     * @param siteCode the office's site code; never null
     * @param jar the agent's exec jar; never null
     * @param dir the office's directory (store, key file, generated lists and scans); created when missing
     * @param logFile where the agent's output is appended; never null
     */
    AgentProcess(String siteCode, Path jar, Path dir, Path logFile) {
        this.siteCode = siteCode;
        this.jar = jar.toAbsolutePath();
        this.dir = dir.toAbsolutePath();
        this.logFile = logFile.toAbsolutePath();
        try {
            Files.createDirectories(this.dir);
            Files.createDirectories(this.logFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The service's settings.
     *
     * @param port the local REST port; never 0
     * @param kafkaBootstrap the broker; never null
     * @param registryUrl the schema registry (the hub's {@code /registry}); never null
     * @param extraArgs more {@code --key=value} settings (publisher timings in tests); never null
     */
    record ServiceSettings(int port, String kafkaBootstrap, String registryUrl, List<String> extraArgs) {
    }

    /** What a command recorded: its sequences, and the handover or destruction id when it has one (else null). */
    record Recorded(long firstSequence, long lastSequence, int count, String id) {
    }

    /** The agent's {@code GET /api/status}: sequences, backlog and the hub's cursor as the publisher last saw it. */
    record Status(long lastRecorded, long lastPublished, long backlog, Long hubCursor, Boolean brokerReachable,
                  long hubRefusals) {
    }

    /** The output and exit code of one CLI command. */
    record CliResult(int exitCode, String output) {

        /** The output without stack traces, at most three lines: for one line in the terminal. */
        String summary() {
            return output.lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("at ") && !l.startsWith("..."))
                    .limit(3).reduce((a, b) -> a + " / " + b).orElse("(no output)");
        }
    }

    String siteCode() {
        return siteCode;
    }

    Path dir() {
        return dir;
    }

    Path store() {
        return dir.resolve("agent.sqlite");
    }

    Path keyFile() {
        return dir.resolve("site-key.pk8");
    }

    Path logFile() {
        return logFile;
    }

    /** Enrolled: the key file is written only after the hub accepted the key. */
    boolean enrolled() {
        return Files.exists(keyFile());
    }

    /** {@code archive-sync-agent --db <store> --lang en <args>}; the output is also appended to the log. */
    CliResult cli(List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable());
        command.addAll(CLI_JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of("--db", store().toString(), "--lang", "en"));
        command.addAll(args);
        Path output = null;
        try {
            output = Files.createTempFile(dir, "cli-", ".out");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new LocalStackException("agent " + siteCode + ": `" + args.get(0) + "` did not finish in " + timeout);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.writeString(logFile, "== cli " + masked(args) + " (exit " + process.exitValue() + ")\n"
                    + text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new CliResult(process.exitValue(), text.strip());
        } catch (IOException e) {
            throw new UncheckedIOException("agent " + siteCode + ": cannot run the CLI", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while running the agent's CLI", e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // A left-over output file in the office's directory is harmless.
                }
            }
        }
    }

    /** The arguments for the log, with the one-time enrollment token left out. */
    private static String masked(List<String> args) {
        List<String> shown = new ArrayList<>(args);
        int token = shown.indexOf("--token");
        if (token >= 0 && token + 1 < shown.size()) {
            shown.set(token + 1, "***");
        }
        return String.join(" ", shown);
    }

    /** Runs a {@code record ...} command with the CLI; a refusal or failure throws. */
    String record(String clerk, List<String> recordArgs) {
        List<String> args = new ArrayList<>(List.of("record"));
        args.addAll(recordArgs);
        args.addAll(List.of("--clerk", clerk));
        CliResult r = cli(args, Duration.ofMinutes(2));
        if (r.exitCode() != 0) {
            throw new LocalStackException("agent " + siteCode + ": `record " + recordArgs.get(0) + "` exited "
                    + r.exitCode() + ": " + r.summary() + " (full output in " + logFile + ")");
        }
        return r.output();
    }

    /** Enrolls with the hub through the CLI ({@code enroll --hub --site --token}). */
    void enroll(String hubUrl, String token) {
        CliResult r = cli(List.of("enroll", "--hub", hubUrl, "--site", siteCode, "--token", token),
                Duration.ofMinutes(2));
        if (r.exitCode() != 0) {
            throw new LocalStackException("agent " + siteCode + ": enrollment failed (exit " + r.exitCode() + "): "
                    + r.summary());
        }
    }

    /**
     * Starts the service ({@code serve}) and waits until its REST API answers.
     *
     * @throws LocalStackException when it exits or does not answer in time
     */
    void serve(ServiceSettings settings, Duration timeout) {
        ChildJvm started;
        synchronized (this) {
            if (service != null && service.isAlive()) {
                return;
            }
            List<String> args = new ArrayList<>(List.of("serve",
                    "--server.port=" + settings.port(),
                    "--archive-sync.agent.store.path=" + store(),
                    "--archive-sync.agent.publisher.bootstrap-servers=" + settings.kafkaBootstrap(),
                    "--archive-sync.agent.publisher.schema-registry-url=" + settings.registryUrl()));
            args.addAll(settings.extraArgs());
            port = settings.port();
            started = ChildJvm.start("agent " + siteCode, jar, SERVICE_JVM_OPTIONS, args, dir, logFile, Map.of());
            service = started;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!started.isAlive()) {
                throw new LocalStackException("agent " + siteCode + " exited with code " + started.exitValue()
                        + " during start-up; " + started.tail(8));
            }
            if (Http.get(url() + "/api/status", Duration.ofSeconds(5)).ok()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                started.close();
                throw new LocalStackException("agent " + siteCode + " did not answer within " + timeout + "; "
                        + started.tail(8));
            }
            Pause.millis(300);
        }
    }

    synchronized boolean serving() {
        ChildJvm s = service;
        return s != null && s.isAlive();
    }

    synchronized long pid() {
        ChildJvm s = service;
        return s == null ? -1 : s.pid();
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Records many commands in one transaction ({@code POST /api/batch}).
     *
     * @param commands {@code {"type": ..., "command": {...}}} items; never null
     * @throws CommandRefusedException when the agent refuses one of them (nothing is recorded then)
     */
    Recorded batch(List<ObjectNode> commands, String clerk) {
        ObjectNode body = Http.object();
        ArrayNode items = body.putArray("commands");
        commands.forEach(items::add);
        return post("/api/batch", body, clerk);
    }

    /** One command on its own endpoint, e.g. {@code /api/handovers}. */
    Recorded post(String path, JsonNode body, String clerk) {
        Http.Response r = Http.post(url() + path, body, Map.of("X-Archive-Clerk", clerk), Duration.ofMinutes(5));
        if (r.status() == 422 || r.status() == 409) {
            JsonNode problem = r.json();
            throw new CommandRefusedException(siteCode, problem.path("reason").asText(""),
                    problem.path("detail").asText(r.body()));
        }
        if (!r.ok()) {
            throw new LocalStackException("agent " + siteCode + ": POST " + path + " answered " + r.status() + ": "
                    + Http.abbreviated(r.body()));
        }
        JsonNode json = r.json();
        return new Recorded(json.path("firstSequence").asLong(), json.path("lastSequence").asLong(),
                json.path("count").asInt(), json.hasNonNull("id") ? json.get("id").asText() : null);
    }

    Status status() {
        Http.Response r = Http.get(url() + "/api/status", Duration.ofSeconds(10));
        if (!r.ok()) {
            throw new LocalStackException("agent " + siteCode + ": GET /api/status answered " + r.status());
        }
        JsonNode s = r.json();
        return new Status(s.path("lastRecordedSequence").asLong(), s.path("lastPublishedSequence").asLong(),
                s.path("backlog").asLong(), s.hasNonNull("hubCursorSequence") ? s.get("hubCursorSequence").asLong() : null,
                s.hasNonNull("brokerReachable") ? s.get("brokerReachable").asBoolean() : null,
                s.path("hubRefusalCount").asLong());
    }

    /** Stops the service cleanly (SIGTERM). */
    void stop() {
        ChildJvm s;
        synchronized (this) {
            s = service;
        }
        if (s != null) {
            s.close();
        }
    }

    /** {@code kill -9} of the service. */
    void kill() {
        ChildJvm s;
        synchronized (this) {
            s = service;
        }
        if (s != null) {
            s.kill();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The agent refused a command: {@code reason} is its message key (e.g. {@code handover.duplicate}). */
    static final class CommandRefusedException extends LocalStackException {

        private final String reason;

        CommandRefusedException(String siteCode, String reason, String detail) {
            super("agent " + siteCode + " refused: " + reason + " - " + detail);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
