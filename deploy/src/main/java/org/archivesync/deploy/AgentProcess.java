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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
    private final Map<String, String> clerkPasswords = new java.util.HashMap<>();
    /** Whether the running service was started with the simulated calendar (it can follow the file only then). */
    private volatile boolean serviceOnCalendar;

    /** The offset the demo's simulated days are written with: Việt Nam, where the campaign's dates are. */
    static final ZoneOffset VIETNAM = ZoneOffset.ofHours(7);
    /** The agent's setting as an environment variable, which its CLI reads too. */
    static final String CALENDAR_ENV = "ARCHIVE_SYNC_AGENT_SIMULATED_CALENDAR";

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
     * @param env extra environment variables of the service's JVM, e.g. {@link FakeTime#env(String)} to set its
     *            whole wall clock off; never null, empty by default
     */
    record ServiceSettings(int port, String kafkaBootstrap, String registryUrl, List<String> extraArgs,
                           Map<String, String> env) {

        ServiceSettings {
            env = Map.copyOf(env);
        }

        /** Without extra environment. */
        ServiceSettings(int port, String kafkaBootstrap, String registryUrl, List<String> extraArgs) {
            this(port, kafkaBootstrap, registryUrl, extraArgs, Map.of());
        }

        /** These settings with {@code more} environment variables (replacing those of the same name). */
        ServiceSettings withEnv(Map<String, String> more) {
            Map<String, String> all = new java.util.HashMap<>(env);
            all.putAll(more);
            return new ServiceSettings(port, kafkaBootstrap, registryUrl, extraArgs, all);
        }
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

    /** The agent's local API token, generated by the service on its first start beside the store. */
    Path apiTokenFile() {
        return dir.resolve("api-token");
    }

    private Map<String, String> adminHeaders() {
        try {
            return Map.of("Authorization", "Bearer " + Files.readString(apiTokenFile(), StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent's API token " + apiTokenFile(), e);
        }
    }

    /**
     * HTTP basic as the clerk's local account. The API records the authenticated account as the clerk, so each clerk
     * of the demo has an account (role office-head: the demo's clerks also record destructions), created once with
     * the CLI ({@code users add}) and a generated password kept in {@code account-<clerk>.txt} (owner-only).
     */
    private synchronized String basicAuthorization(String clerk) {
        String password = clerkPasswords.get(clerk);
        if (password == null) {
            password = ensureAccount(clerk);
            clerkPasswords.put(clerk, password);
        }
        return "Basic " + java.util.Base64.getEncoder().encodeToString((clerk + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private String ensureAccount(String clerk) {
        Path file = dir.resolve("account-" + clerk + ".txt");
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[18];
                new java.security.SecureRandom().nextBytes(random);
                String generated = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                Files.writeString(file, generated + "\n", StandardCharsets.UTF_8);
                if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                }
                CliResult r = cli(List.of("users", "add", clerk, "--role", "office-head", "--password-file",
                        file.toString()), Duration.ofMinutes(2));
                if (r.exitCode() != 0) {
                    Files.deleteIfExists(file);
                    throw new LocalStackException("agent " + siteCode + ": `users add " + clerk + "` exited "
                            + r.exitCode() + ": " + r.summary());
                }
            }
            return Files.readAllLines(file, StandardCharsets.UTF_8).get(0).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the password of the demo account " + clerk, e);
        }
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

    /** The office's simulated calendar file (training and demo only); it exists once {@link #calendar} was called. */
    Path calendarFile() {
        return dir.resolve("simulated-calendar.txt");
    }

    /**
     * Dates what this office records from now on as {@code at} (Việt Nam time), ticking on from there in real time
     * (the agent's {@code archive-sync.agent.simulated-calendar}, training and demo only): writes the calendar file in
     * the office's directory. CLI commands run after this call use it at once; the service is started with it by
     * {@link #serve} whenever the file exists; a service already running with it follows the new day, and this call
     * returns once the service's status shows it. Transport (the publisher's as-sent-at, probes, back-offs) stays on
     * the PC's clock, so the hub's clock-skew check is unaffected.
     *
     * @param at the simulated date-time to start from; never null
     * @throws LocalStackException when the service runs without the calendar (it was started before the first call:
     *                             stop it, call this, serve again), or does not show the new day within 10 s
     */
    void calendar(LocalDateTime at) {
        OffsetDateTime start = at.atOffset(VIETNAM);
        synchronized (this) {
            if (service != null && service.isAlive() && !serviceOnCalendar) {
                throw new LocalStackException("agent " + siteCode + " runs without a simulated calendar: stop it, set "
                        + "the calendar, then serve it again");
            }
        }
        try {
            // Written beside and moved into place, so the agent never reads half a file.
            Path partial = calendarFile().resolveSibling(calendarFile().getFileName() + ".part");
            Files.writeString(partial, start + "\n", StandardCharsets.UTF_8);
            Files.move(partial, calendarFile(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("agent " + siteCode + ": cannot write its simulated calendar", e);
        }
        if (!serving()) {
            return;
        }
        // The service looks at the file at most once a second.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            OffsetDateTime shown = simulatedNow();
            if (shown != null && !shown.isBefore(start) && shown.isBefore(start.plusMinutes(1))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new LocalStackException("agent " + siteCode + " still dates its records " + shown + " instead of "
                        + start + "; see " + logFile);
            }
            Pause.millis(200);
        }
    }

    /**
     * The simulated date-time the running service dates records with now ({@code GET /api/status}), at the offset of
     * its calendar file; null when it dates them on the PC's clock.
     */
    OffsetDateTime simulatedNow() {
        Http.Response r = Http.get(url() + "/api/status", adminHeaders(), Duration.ofSeconds(10));
        if (!r.ok()) {
            throw new LocalStackException("agent " + siteCode + ": GET /api/status answered " + r.status());
        }
        JsonNode calendar = r.json().path("simulatedCalendar");
        return calendar.hasNonNull("now") ? OffsetDateTime.parse(calendar.get("now").asText()) : null;
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
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            if (Files.exists(calendarFile())) {
                builder.environment().put(CALENDAR_ENV, calendarFile().toString());
            } else {
                builder.environment().remove(CALENDAR_ENV);
            }
            Process process = builder.start();
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

    /**
     * Starts {@code archive-sync-agent --db <store> --lang en <args>} without waiting (the chaos suite kills it half
     * way); its output is appended to the office's log. The caller waits for, or kills, the process.
     */
    Process startCli(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(ChildJvm.javaExecutable());
        command.addAll(CLI_JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of("--db", store().toString(), "--lang", "en"));
        command.addAll(args);
        try {
            Files.writeString(logFile, "== cli (started) " + masked(args) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().remove(CALENDAR_ENV);
            if (Files.exists(calendarFile())) {
                builder.environment().put(CALENDAR_ENV, calendarFile().toString());
            }
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("agent " + siteCode + ": cannot run the CLI", e);
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
            serviceOnCalendar = Files.exists(calendarFile());
            if (serviceOnCalendar) {
                args.add("--archive-sync.agent.simulated-calendar=" + calendarFile());
            }
            args.addAll(settings.extraArgs());
            port = settings.port();
            started = ChildJvm.start("agent " + siteCode, jar, SERVICE_JVM_OPTIONS, args, dir, logFile,
                    settings.env());
            service = started;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!started.isAlive()) {
                throw new LocalStackException("agent " + siteCode + " exited with code " + started.exitValue()
                        + " during start-up; " + started.tail(8));
            }
            if (Files.exists(apiTokenFile())
                    && Http.get(url() + "/api/status", adminHeaders(), Duration.ofSeconds(5)).ok()) {
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
        Http.Response r = Http.post(url() + path, body, Map.of("Authorization", basicAuthorization(clerk)),
                Duration.ofMinutes(5));
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
        Http.Response r = Http.get(url() + "/api/status", adminHeaders(), Duration.ofSeconds(10));
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

    /** Freezes the service (SIGSTOP); nothing when it is not running. */
    void pause() {
        ChildJvm s;
        synchronized (this) {
            s = service;
        }
        if (s != null && s.isAlive()) {
            s.pause();
        }
    }

    /** Lets a {@linkplain #pause() frozen} service go on (SIGCONT); nothing when it is not running. */
    void resume() {
        ChildJvm s;
        synchronized (this) {
            s = service;
        }
        if (s != null && s.isAlive()) {
            s.resume();
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
