package org.archivesync.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The local stack behind {@code ./archive-sync demo}: starts each component, prints one line per component, and stops
 * everything on Ctrl-C (SIGINT) or SIGTERM ({@code ./archive-sync stop}). Data lives under {@code --data-dir}
 * (default {@code .archive-sync}), so the next run resumes; {@code --reset} deletes it first.
 *
 * <p>Today it runs the Kafka broker and creates the contract topics. The embedded PostgreSQL, the hub and the site
 * agents of the Cà Mau offices are added when those applications are ready (see the TODO in {@link #run}).
 */
public final class DemoMain {

    private final Path home;
    private final int kafkaPort;
    private final PrintStream out;

    DemoMain(Path home, int kafkaPort, PrintStream out) {
        this.home = home;
        this.kafkaPort = kafkaPort;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(".archive-sync");
        int kafkaPort = 9092;
        boolean reset = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> home = Path.of(value(args, ++i, "--data-dir"));
                case "--kafka-port" -> kafkaPort = Integer.parseInt(value(args, ++i, "--kafka-port"));
                case "--reset" -> reset = true;
                default -> {
                    System.err.println("usage: DemoMain [--data-dir DIR] [--kafka-port PORT] [--reset]");
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
            deleteTree(home);
            line(out, "demo", "reset: deleted " + home);
        }
        try {
            new DemoMain(home, kafkaPort, out).run();
        } catch (LocalKafkaException e) {
            line(out, "demo", "failed: " + e.getMessage());
            System.exit(1);
        }
    }

    void run() throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path pidFile = home.resolve("demo.pid");
        Files.writeString(pidFile, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);

        long started = System.nanoTime();
        LocalKafka kafka = LocalKafka.start(LocalKafka.Settings.of(home.resolve("kafka")).withPort(kafkaPort));
        CountDownLatch stopped = new CountDownLatch(1);
        // One hook stops the components in reverse order of start; Ctrl-C and SIGTERM both run it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            line(out, "demo", "stopping");
            kafka.close();
            line(out, "kafka", "stopped");
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                // `archive-sync stop` checks the process behind a pid file before acting on it.
            }
            stopped.countDown();
        }, "demo-stop"));
        line(out, "kafka", String.format("ready bootstrap=%s pid=%d storage=%s in %.1f s log=%s",
                kafka.bootstrapServers(), kafka.pid(), kafka.freshStorage() ? "new" : "resumed",
                (System.nanoTime() - started) / 1e9, kafka.logFile()));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            // As many partitions as the hub creates by default (archive-sync.hub.outbound.partitions), so the hub
            // finds them as it would have made them and never adds partitions under a running stream.
            List<String> created = ContractTopics.create(admin, 6);
            line(out, "kafka", created.isEmpty() ? "topics present: " + String.join(", ", ContractTopics.ALL)
                    : "topics created: " + String.join(", ", created));
        }

        // TODO(issue 9) - the rest of the stack, once the hub and the agent can be started from here:
        //  - [postgres] the hub starts its embedded PostgreSQL itself (archive-sync.hub.database.embedded=true,
        //    data-dir=<home>/hub/pgdata); print its line from the hub's readiness.
        //  - [hub] java -jar central-hub/target/central-hub-*.jar as a child process (SPRING_KAFKA_BOOTSTRAP_SERVERS,
        //    archive-sync.hub.database.data-dir under <home>), wait for /actuator/health/readiness, print the console
        //    URL http://localhost:8080 and the demo operator's generated password hint.
        //  - [agent CM.CAINUOC.UBND] ... one child process per office (java -jar site-agent-*-exec.jar serve) with
        //    its own SQLite store under <home>/agents/<siteCode>/, enrolled through a one-time token, fed generated
        //    file lists (Vietnamese titles, real unit names, published metres), one taken offline for a while.
        //  - stop order on Ctrl-C: agents, hub, then Kafka. Start each child in its own session (as LocalKafka does
        //    with setsid) so the terminal's SIGINT reaches only this launcher and the hook below sets the order.
        line(out, "hub", "not started yet: the demo wiring for the hub and the site agents is still to come");
        line(out, "demo", "running; press Ctrl-C to stop (data kept in " + home + ", --reset starts fresh)");
        stopped.await();
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

    private static void line(PrintStream out, String component, String message) {
        out.printf("[%-5s] %s%n", component, message);
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
