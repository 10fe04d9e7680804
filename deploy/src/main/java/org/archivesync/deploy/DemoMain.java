package org.archivesync.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.archivesync.deploy.CaMauOffices.Office;

/**
 * The local stack behind {@code ./archive-sync demo}: a real Kafka broker, the hub with its embedded PostgreSQL, and one
 * site agent per Cà Mau office ({@link CaMauOffices}), each its own JVM; then the offices' work ({@link DemoScenario}).
 * It prints one line per component and per step; the children's logs go to {@code <data-dir>/logs/}.
 *
 * <p>Ctrl-C (SIGINT) or SIGTERM ({@code ./archive-sync stop}) stops the agents, then the hub, then the broker. Data lives
 * under {@code --data-dir} (default {@code .archive-sync}), so the next run resumes: existing sites are kept, enrolled
 * agents are not enrolled again, and scenario steps already done are skipped. {@code --reset} deletes the data first.
 */
public final class DemoMain {

    static final int DEFAULT_HUB_PORT = 8080;
    static final int FIRST_AGENT_PORT = 8471;
    /** The console and REST user the demo's hub is started with. */
    static final String DEMO_OPERATOR = "demo-operator";

    private final Path home;
    private final int kafkaPort;
    private final int hubPort;
    private Path hubJar;
    private Path agentJar;
    private final PrintStream out;

    private volatile LocalKafka kafka;
    private volatile HubProcess hub;
    private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
    private final Map<String, Integer> agentPorts = new LinkedHashMap<>();
    private volatile boolean stopping;
    private volatile Supervisor supervisor;

    DemoMain(Path home, int kafkaPort, int hubPort, Path hubJar, Path agentJar, PrintStream out) {
        this.home = home.toAbsolutePath().normalize();
        this.kafkaPort = kafkaPort;
        this.hubPort = hubPort;
        this.hubJar = hubJar;
        this.agentJar = agentJar;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(".archive-sync");
        int kafkaPort = 9092;
        int hubPort = DEFAULT_HUB_PORT;
        Path hubJar = null;
        Path agentJar = null;
        boolean reset = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> home = Path.of(value(args, ++i, "--data-dir"));
                case "--kafka-port" -> kafkaPort = Integer.parseInt(value(args, ++i, "--kafka-port"));
                case "--hub-port" -> hubPort = Integer.parseInt(value(args, ++i, "--hub-port"));
                case "--hub-jar" -> hubJar = Path.of(value(args, ++i, "--hub-jar"));
                case "--agent-jar" -> agentJar = Path.of(value(args, ++i, "--agent-jar"));
                case "--reset" -> reset = true;
                default -> {
                    System.err.println("usage: DemoMain [--data-dir DIR] [--kafka-port PORT] [--hub-port PORT]"
                            + " [--hub-jar JAR] [--agent-jar JAR] [--reset]");
                    System.exit(2);
                }
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        long running = runningDemo(home);
        if (running > 0) {
            line(out, "demo", "already running (pid " + running + "); stop it first: ./archive-sync stop");
            System.exit(1);
        }
        if (reset) {
            // A hub killed outright leaves its PostgreSQL running on the data about to be deleted.
            OrphanPostgres.stop(home.resolve("hub/pgdata").toAbsolutePath().normalize(), Duration.ofSeconds(30));
            deleteTree(home);
            line(out, "demo", "reset: deleted " + shown(home));
        }
        DemoMain demo = new DemoMain(home, kafkaPort, hubPort,
                hubJar != null ? hubJar : findJar(Path.of("central-hub", "target"), "central-hub-", ".jar"),
                agentJar != null ? agentJar : findJar(Path.of("site-agent", "target"), "site-agent-", "-exec.jar"),
                out);
        try {
            demo.copyJars();
        } catch (LocalStackException | UncheckedIOException e) {
            line(out, "demo", "failed: " + e.getMessage());
            System.exit(1);
        }
        try {
            demo.run();
        } catch (LocalKafkaException | LocalStackException | IllegalStateException | UncheckedIOException e) {
            if (!demo.stopping) {
                line(out, "demo", "failed: " + e.getMessage());
                line(out, "demo", "logs: " + shown(demo.home.resolve("logs")));
            }
            System.exit(1);
        }
    }

    /**
     * The hub and agent jars are copied under the data directory and run from there: a build that rewrites
     * {@code target/} while the demo runs (the next `./mvnw package`) must not pull a jar from under a running JVM
     * or a CLI command that is starting.
     */
    void copyJars() {
        requireJar(hubJar, "central-hub");
        requireJar(agentJar, "site-agent");
        hubJar = copy(hubJar);
        agentJar = copy(agentJar);
    }

    private Path copy(Path jar) {
        Path target = home.resolve("jars").resolve(jar.getFileName());
        try {
            if (Files.exists(target) && Files.size(target) == Files.size(jar)
                    && Files.getLastModifiedTime(target).equals(Files.getLastModifiedTime(jar))) {
                return target;
            }
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            Files.copy(jar, partial, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + jar + " to " + target, e);
        }
    }

    void run() throws IOException, InterruptedException {
        Files.createDirectories(home.resolve("logs"));
        Path pidFile = home.resolve("demo.pid");
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
        CountDownLatch stopped = new CountDownLatch(1);
        // One hook stops the components in reverse order of start; Ctrl-C and SIGTERM both run it. The components'
        // own hooks are left out, or they would all stop at once.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            line("demo", "stopping: agents, then the hub, then Kafka");
            stopAll();
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                // `archive-sync stop` checks the process behind a pid file before acting on it.
            }
            stopped.countDown();
        }, "demo-stop"));

        startKafka();
        startHub();
        startAgents();

        long started = System.nanoTime();
        Map<String, AgentProcess.ServiceSettings> services = new LinkedHashMap<>();
        agents.forEach((site, agent) -> services.put(site, serviceSettings(agent)));
        DemoScenario scenario = new DemoScenario(home, agents, services, this::line);
        int skipped = scenario.run();
        if (skipped > 0) {
            line("demo", skipped + " scenario steps were done by an earlier run and skipped (data in " + shown(home) + ")");
        }
        long events = 0;
        for (AgentProcess agent : agents.values()) {
            AgentProcess.Status s = DemoScenario.awaitPublishedAndApplied(agent, Duration.ofMinutes(3));
            events += s.lastRecorded();
            line(DemoScenario.label(agent.siteCode()), String.format("%d events recorded, all published; hub cursor %d",
                    s.lastRecorded(), s.hubCursor()));
        }
        line("hub", String.format("catalogue up to date: %d offices, %d events applied (%.1f s for the scenario)",
                agents.size(), events, (System.nanoTime() - started) / 1e9));
        line("hub", CatalogueCheck.asWritten(hub, scenario.importedLists()));
        line("hub", ProgressCheck.fieldReport(hub, CaMauOffices.CAMPAIGN, CaMauOffices.REVIEWED_ON));
        printWhereToLook();
        if (!stopping) {
            supervisor = new Supervisor(components(), this::line, Duration.ofSeconds(2), 3, Duration.ofMinutes(10))
                    .start();
        }
        line("demo", "running; press Ctrl-C to stop (agents, hub, Kafka); a component that dies is said here and "
                + "restarted; `./archive-sync demo` again resumes, `--reset` starts fresh");
        stopped.await();
    }

    private void startKafka() {
        long started = System.nanoTime();
        kafka = LocalKafka.start(LocalKafka.Settings.of(home.resolve("kafka")).withPort(kafkaPort)).withoutShutdownHook();
        linkLog("kafka.log", kafka.logFile());
        line("kafka", String.format("ready bootstrap=%s pid=%d storage=%s in %.1f s log=%s",
                kafka.bootstrapServers(), kafka.pid(), kafka.freshStorage() ? "new" : "resumed",
                (System.nanoTime() - started) / 1e9, shown(kafka.logFile())));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // As many partitions as the hub creates by default (archive-sync.hub.outbound.partitions), so the hub
            // finds them as it would have made them and never adds partitions under a running stream.
            List<String> created = ContractTopics.create(admin, 6);
            line("kafka", created.isEmpty() ? "topics present: " + String.join(", ", ContractTopics.ALL)
                    : "topics created: " + String.join(", ", created));
        }
    }

    private void startHub() {
        if (!Ports.isFree(hubPort)) {
            throw new LocalStackException("port " + hubPort + " is in use; stop what listens there or set "
                    + "ARCHIVE_SYNC_HUB_PORT");
        }
        Path dir = home.resolve("hub");
        int databasePort = databasePort(dir);
        long started = System.nanoTime();
        line("hub", "starting " + hubJar.getFileName() + " (embedded PostgreSQL in " + shown(dir.resolve("pgdata"))
                + "; log " + shown(home.resolve("logs/hub.log")) + ")");
        hub = HubProcess.start(new HubProcess.Settings(hubJar, dir, hubPort, databasePort, kafka.bootstrapServers(),
                operator(), home.resolve("logs/hub.log"), List.of(), Duration.ofMinutes(5)));
        line("hub", String.format("ready %s pid=%d in %.1f s; PostgreSQL on localhost:%d (user postgres, password in"
                        + " %s); registry %s/registry", hub.url(), hub.pid(), (System.nanoTime() - started) / 1e9,
                databasePort, shown(hub.databasePasswordFile()), hub.url()));
        for (Office office : CaMauOffices.ALL) {
            if (hub.site(office.siteCode()).isPresent()) {
                line("hub", "site " + office.siteCode() + " present (" + office.name() + ")");
            } else {
                hub.createSite(office.siteCode(), office.name(), office.unitCode(), office.role());
                line("hub", "site " + office.siteCode() + " created: " + office.name() + ", " + office.role()
                        + (office.unitCode() == null ? "" : ", unit " + office.unitCode()));
            }
        }
        // Saved on every run (PUT replaces it), before the offices record, so the overview shows their progress
        // against it from their first event on.
        CaMauOffices.Campaign campaign = CaMauOffices.CAMPAIGN;
        hub.saveCampaign(campaign);
        line("hub", "campaign (đợt) " + campaign.code() + " saved: " + campaign.name() + ", from "
                + day(campaign.startsOn()) + "; " + campaign.milestones().stream()
                .sorted(Comparator.comparing(CaMauOffices.Milestone::dueOn))
                .map(m -> m.kind() + " \"" + m.name() + "\" by " + day(m.dueOn()) + m.dates().stream()
                        .map(d -> ", " + d.code() + " by " + day(d.dueOn())).collect(Collectors.joining()))
                .collect(Collectors.joining("; ")));
        HubProcess.Operator operator = hub.settings().operator();
        line("hub", "bảng điều khiển: " + hub.url() + "/ (tài khoản " + operator.username() + ", mật khẩu trong "
                + shown(operator.passwordFile()) + ") / console: " + hub.url() + "/ (user " + operator.username()
                + ", password in " + shown(operator.passwordFile()) + ")");
    }

    private static final java.time.format.DateTimeFormatter DAY = java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy");

    /** A day as the province writes it: dd/MM/yyyy. */
    static String day(java.time.LocalDate d) {
        return d.format(DAY);
    }

    /** The catalogue keeps its port between runs, so the JDBC URL printed once stays right. */
    private static int databasePort(Path hubDir) {
        Path file = hubDir.resolve("database.port");
        try {
            if (Files.exists(file)) {
                int kept = Integer.parseInt(Files.readString(file, StandardCharsets.UTF_8).trim());
                if (Ports.isFree(kept)) {
                    return kept;
                }
            }
            int port = Ports.free();
            Files.createDirectories(hubDir);
            Files.writeString(file, Integer.toString(port), StandardCharsets.UTF_8);
            return port;
        } catch (IOException | NumberFormatException e) {
            return Ports.free();
        }
    }

    private void startAgents() throws InterruptedException {
        int port = FIRST_AGENT_PORT;
        for (Office office : CaMauOffices.ALL) {
            AgentProcess agent = new AgentProcess(office.siteCode(), agentJar,
                    home.resolve("agents").resolve(office.siteCode()),
                    home.resolve("logs").resolve("agent-" + office.siteCode() + ".log"));
            while (!Ports.isFree(port)) {
                port++;
            }
            synchronized (agents) {
                agents.put(office.siteCode(), agent);
            }
            agentPorts.put(office.siteCode(), port++);
        }
        // Enrolling and starting five JVMs one after the other takes long on two cores; in parallel it is quicker.
        ExecutorService pool = Executors.newFixedThreadPool(CaMauOffices.ALL.size());
        try {
            List<Future<?>> started = new ArrayList<>();
            for (AgentProcess agent : agents.values()) {
                started.add(pool.submit(() -> enrollAndServe(agent)));
            }
            for (Future<?> f : started) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new LocalStackException(e.getMessage(), e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void enrollAndServe(AgentProcess agent) {
        String label = DemoScenario.label(agent.siteCode());
        if (!Files.exists(agent.calendarFile())) {
            // The demo replays the 2025 campaign: the office's acts are dated on the campaign's days (training and
            // demo only; the hub's clock checks still see the PC's real clock).
            agent.calendar(DemoScenario.SET_UP_ON.atTime(7, 30));
            line(label, "simulated calendar " + shown(agent.calendarFile()) + ": records dated from "
                    + day(DemoScenario.SET_UP_ON) + ", the campaign's days, not today (demo only)");
        }
        if (agent.enrolled()) {
            line(label, "enrolled earlier; store " + shown(agent.store()));
        } else {
            String token = hub.issueToken(agent.siteCode());
            agent.enroll(hub.url(), token);
            line(label, "enrolled with a one-time token (CLI `enroll`); key in " + shown(agent.keyFile())
                    + ", store " + shown(agent.store()));
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(DemoScenario.scansDir(agent));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        agent.serve(serviceSettings(agent), Duration.ofMinutes(4));
        line(label, String.format("serving %s pid=%d in %.1f s log=%s", agent.url(), agent.pid(),
                (System.nanoTime() - started) / 1e9, shown(agent.logFile())));
    }

    /**
     * The agent's service: its port, the broker and the hub's registry, its scan folder (watched) and its part of the
     * demo's object store. Scans must be unchanged for 2 s before they are taken, not the 10 s of an office default.
     */
    private AgentProcess.ServiceSettings serviceSettings(AgentProcess agent) {
        return new AgentProcess.ServiceSettings(agentPorts.get(agent.siteCode()), kafka.bootstrapServers(),
                hub.url() + "/registry", List.of(
                "--archive-sync.agent.scans.dir=" + DemoScenario.scansDir(agent),
                "--archive-sync.agent.scans.stable-for=2s",
                "--archive-sync.agent.objects.store=local",
                "--archive-sync.agent.objects.local-dir=" + DemoScenario.objectsDir(home, agent.siteCode())));
    }

    /** The first agent's status with its API token (the local API authenticates every request). */
    private String agentStatusCurl() {
        String token = agents.isEmpty() ? "<agent dir>/api-token"
                : shown(agents.values().iterator().next().apiTokenFile());
        return "curl -H \"Authorization: Bearer $(cat " + token + ")\" http://127.0.0.1:" + FIRST_AGENT_PORT
                + "/api/status";
    }

    private void printWhereToLook() {
        HubProcess.Operator operator = hub.settings().operator();
        String passwordFile = shown(operator.passwordFile());
        line("hub", "console and REST: " + hub.url() + "  (registry " + hub.url() + "/registry/subjects, health "
                + hub.url() + "/actuator/health)");
        Http.Response apiDocs = Http.get(hub.url() + "/v3/api-docs", operator.authorization(), Duration.ofSeconds(10));
        line("hub", apiDocs.ok() ? "REST reference: " + hub.url() + "/swagger-ui/index.html"
                : "REST: curl -u " + operator.username() + ":$(head -1 " + passwordFile + ") " + hub.url()
                + "/api/sites  (no Swagger UI in the hub yet; endpoints in docs/contracts.md; each agent's own API: "
                + agentStatusCurl() + ")");
        line("hub", "sign in at " + hub.url() + "/ as " + operator.username() + " with the password in "
                + passwordFile + " (REST: HTTP basic with the same user)");
        String reviewed = day(CaMauOffices.REVIEWED_ON);
        line("hub", "tiến độ đợt " + CaMauOffices.CAMPAIGN.code() + " tính đến ngày " + reviewed + ": " + hub.url()
                + "/?asOf=" + reviewed + "  / the campaign as of " + reviewed + " (inside the campaign; without asOf, "
                + "as of today); báo cáo gửi Sở Nội vụ / report: " + hub.url() + "/reports");
    }

    /**
     * The demo's operator, whom the hub creates on its first start: the password is generated once into
     * {@code <data-dir>/demo-operator.txt}, kept with the data (so a resumed hub still knows it) and readable by this
     * account only.
     */
    private HubProcess.Operator operator() {
        return HubProcess.Operator.withGeneratedPassword(DEMO_OPERATOR, home.resolve("demo-operator.txt"));
    }

    /** The processes the supervisor watches once the scenario has run, each with how it is started again. */
    private List<Supervisor.Component> components() {
        List<Supervisor.Component> all = new ArrayList<>();
        all.add(new Supervisor.Component("kafka", () -> kafka == null ? 0 : kafka.pid(), this::startKafka));
        all.add(new Supervisor.Component("hub", () -> hub == null ? 0 : hub.pid(), this::startHub));
        synchronized (agents) {
            for (AgentProcess agent : agents.values()) {
                all.add(new Supervisor.Component(DemoScenario.label(agent.siteCode()), agent::pid,
                        () -> agent.serve(serviceSettings(agent), Duration.ofMinutes(4))));
            }
        }
        return all;
    }

    /** Stops the agents (together), then the hub, then the broker; each prints a line. Safe to call twice. */
    private void stopAll() {
        Supervisor watching = supervisor;
        if (watching != null) {
            // First, or it would start again what is being stopped on purpose.
            watching.stop();
        }
        List<AgentProcess> running;
        synchronized (agents) {
            running = new ArrayList<>(agents.values());
        }
        List<Thread> stoppers = new ArrayList<>();
        for (AgentProcess agent : running) {
            if (agent.serving()) {
                Thread t = new Thread(() -> {
                    agent.stop();
                    line(DemoScenario.label(agent.siteCode()), "stopped");
                }, "stop-" + agent.siteCode());
                t.start();
                stoppers.add(t);
            }
        }
        for (Thread t : stoppers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        HubProcess h = hub;
        if (h != null && h.isAlive()) {
            h.stop();
            line("hub", "stopped (and its PostgreSQL)");
        }
        LocalKafka k = kafka;
        if (k != null && k.isRunning()) {
            k.close();
            line("kafka", "stopped");
        }
    }

    private void linkLog(String name, Path target) {
        Path link = home.resolve("logs").resolve(name);
        try {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, link.getParent().relativize(target));
        } catch (IOException | UnsupportedOperationException e) {
            // Only a convenience: the broker's log stays where LocalKafka writes it.
        }
    }

    private static void requireJar(Path jar, String module) {
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new LocalStackException("no " + module + " jar" + (jar == null ? "" : " at " + jar) + "; build with "
                    + "./mvnw -q -DskipTests package -pl " + module + " -am (./archive-sync demo does it)");
        }
    }

    /** The newest {@code <prefix>*<suffix>} in a module's target directory, or null. */
    static Path findJar(Path dir, String prefix, String suffix) {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix) && !n.endsWith("-sources.jar")
                        && !n.endsWith("-tests.jar") && (suffix.equals("-exec.jar") || !n.endsWith("-exec.jar"));
            }).max(Comparator.comparing(p -> p.toFile().lastModified())).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** The pid of a demo still running on this data directory, or -1; a stale pid file is ignored. */
    static long runningDemo(Path home) throws IOException {
        Path pidFile = home.resolve("demo.pid");
        if (!Files.exists(pidFile)) {
            return -1;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains(DemoMain.class.getName())).orElse(false))
                .map(ProcessHandle::pid)
                .orElse(-1L);
    }

    /** A path as the user should type it: relative to the working directory when under it. */
    static String shown(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path cwd = Path.of("").toAbsolutePath().normalize();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute).toString() : absolute.toString();
    }

    private void line(String component, String message) {
        line(out, component, message);
    }

    private static void line(PrintStream out, String component, String message) {
        synchronized (out) {
            out.printf("[%-5s] %s%n", component, message);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
