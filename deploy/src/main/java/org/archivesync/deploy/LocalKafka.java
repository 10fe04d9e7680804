package org.archivesync.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka KRaft broker (combined broker and controller, one node) running as a child JVM from the jars the
 * build copies to {@code deploy/target/kafka-libs/}. Its data, configuration and log live under one directory, so
 * starting again on the same directory resumes the same cluster with its topics and records.
 *
 * <p>Guarantees: {@link #start(Settings)} returns only once an Admin client has described the cluster, or throws
 * {@link LocalKafkaException} with the tail of the broker's log and leaves no process behind. The broker is stopped by
 * {@link #close()}, by a JVM shutdown hook, and - because it exits when its standard input closes - also when this JVM
 * dies without running its hooks ({@code kill -9}).
 *
 * <p>Without {@link Settings#withScram()} the broker has one unauthenticated PLAINTEXT listener on 127.0.0.1: for one
 * machine only. With it, it adds a SASL_PLAINTEXT listener (SCRAM-SHA-512) and turns on the
 * {@code StandardAuthorizer}; the loopback PLAINTEXT listener then acts as the operator's listener (its anonymous
 * principal is a super user), through which tests create users and ACLs.
 *
 * <p>{@link Settings#withListener(String, int)} adds more PLAINTEXT listeners, one per office in the chaos suite: each
 * binds its own free port on 127.0.0.1 ({@link #listenerPort(String)}) and advertises another port, where a
 * {@link LinkProxy} listens and forwards to it. Kafka clients connect to the address the broker advertises, so only a
 * proxy on the advertised address stays in the path after the first metadata answer. These listeners are
 * unauthenticated like the default one (and, with SCRAM on, their anonymous principal is a super user): one machine,
 * tests only.
 */
public final class LocalKafka implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String CLUSTER_ID_FILE = "cluster.id";
    private static final String PID_FILE = "broker.pid";
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    /** Small and quick to start on a shared two-core machine; a demo broker moves little data. */
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8");

    private final Settings settings;
    private final Process process;
    private final int port;
    private final int saslPort;
    private final Map<String, Integer> listenerPorts;
    private final String clusterId;
    private final boolean freshStorage;
    private final Thread shutdownHook;

    private LocalKafka(Settings settings, Process process, int port, int saslPort, Map<String, Integer> listenerPorts,
                       String clusterId, boolean freshStorage) {
        this.settings = settings;
        this.process = process;
        this.port = port;
        this.saslPort = saslPort;
        this.listenerPorts = Map.copyOf(listenerPorts);
        this.clusterId = clusterId;
        this.freshStorage = freshStorage;
        this.shutdownHook = new Thread(this::stopProcess, "local-kafka-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Where and how to run the broker.
     *
     * @param dataDir holds {@code server.properties}, {@code cluster.id}, {@code data/} (the log dirs) and
     *                {@code logs/broker.log}; created when missing; never null
     * @param port the PLAINTEXT port on 127.0.0.1; 0 picks a free one
     * @param scram also open a SASL_PLAINTEXT (SCRAM-SHA-512) listener on a free port and enforce ACLs
     * @param startTimeout how long to wait for the formatted storage and a broker that answers; never null
     * @param stopTimeout how long a SIGTERM may take before the process is killed; never null
     * @param kafkaLibs the broker's classpath directory; never null (see {@link #defaultKafkaLibs()})
     * @param listeners extra PLAINTEXT listeners: name (upper case, e.g. {@code OFFICE1}) to the port it advertises
     *                  on 127.0.0.1; the port it binds is picked free at start. Never null; empty by default
     */
    public record Settings(Path dataDir, int port, boolean scram, Duration startTimeout, Duration stopTimeout,
                           Path kafkaLibs, Map<String, Integer> listeners) {

        private static final Pattern LISTENER_NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,30}");
        private static final Set<String> RESERVED = Set.of("PLAINTEXT", "CONTROLLER", "SASL_PLAINTEXT", "SSL",
                "SASL_SSL");

        public Settings {
            if (dataDir == null || startTimeout == null || stopTimeout == null || kafkaLibs == null
                    || listeners == null) {
                throw new IllegalArgumentException("dataDir, startTimeout, stopTimeout, kafkaLibs and listeners are "
                        + "required");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            listeners.forEach((name, advertised) -> {
                if (name == null || !LISTENER_NAME.matcher(name).matches() || RESERVED.contains(name)) {
                    throw new IllegalArgumentException("a listener name is upper case letters, digits and _, and not "
                            + RESERVED + ": " + name);
                }
                if (advertised == null || advertised < 1 || advertised > 65535) {
                    throw new IllegalArgumentException("listener " + name + ": advertised port must be 1..65535: "
                            + advertised);
                }
            });
            // Kept in the order given: server.properties lists them so.
            listeners = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(listeners));
        }

        /** Without extra listeners. */
        public Settings(Path dataDir, int port, boolean scram, Duration startTimeout, Duration stopTimeout,
                        Path kafkaLibs) {
            this(dataDir, port, scram, startTimeout, stopTimeout, kafkaLibs, Map.of());
        }

        /**
         * One more PLAINTEXT listener.
         *
         * @param name upper case letters, digits and {@code _}; not a protocol name
         * @param advertisedPort the port clients are told to connect to (a {@link LinkProxy} forwarding to
         *                       {@link LocalKafka#listenerPort(String)}); 1..65535
         */
        public Settings withListener(String name, int advertisedPort) {
            Map<String, Integer> more = new LinkedHashMap<>(listeners);
            if (more.put(name, advertisedPort) != null) {
                throw new IllegalArgumentException("listener " + name + " is already set");
            }
            return new Settings(dataDir, port, scram, startTimeout, stopTimeout, kafkaLibs, more);
        }

        /** A free port, no SASL, 90 s to start, 20 s to stop, the libraries next to this class. */
        public static Settings of(Path dataDir) {
            return new Settings(dataDir, 0, false, Duration.ofSeconds(90), Duration.ofSeconds(20), defaultKafkaLibs());
        }

        public Settings withPort(int newPort) {
            return new Settings(dataDir, newPort, scram, startTimeout, stopTimeout, kafkaLibs, listeners);
        }

        public Settings withScram() {
            return new Settings(dataDir, port, true, startTimeout, stopTimeout, kafkaLibs, listeners);
        }

        public Settings withStartTimeout(Duration timeout) {
            return new Settings(dataDir, port, scram, timeout, stopTimeout, kafkaLibs, listeners);
        }
    }

    /**
     * Formats the storage if this data directory has never held a broker, starts the broker and waits until it
     * answers.
     *
     * @throws LocalKafkaException when the libraries are missing, the port is taken, formatting fails, or the broker
     *                             exits or does not answer within the start timeout; no process is left running
     */
    public static LocalKafka start(Settings settings) {
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        Path libs = settings.kafkaLibs().toAbsolutePath().normalize();
        requireLibraries(libs);
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        try {
            Files.createDirectories(dataDir.resolve("logs"));
            Files.createDirectories(dataDir.resolve("data"));
            int port = settings.port() == 0 ? freePort() : requireFreePort(settings.port());
            int controllerPort = freePort();
            int saslPort = settings.scram() ? freePort() : -1;
            Map<String, Listener> listeners = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> l : settings.listeners().entrySet()) {
                listeners.put(l.getKey(), new Listener(freePort(), l.getValue()));
            }
            String clusterId = clusterId(dataDir);
            Path serverProperties = dataDir.resolve("server.properties");
            Files.writeString(serverProperties, serverProperties(dataDir, port, controllerPort, saslPort, listeners),
                    StandardCharsets.UTF_8);
            Path log4j = dataDir.resolve("log4j2.xml");
            try (InputStream in = LocalKafka.class.getResourceAsStream("broker-log4j2.xml")) {
                Files.write(log4j, in.readAllBytes());
            }
            boolean fresh = !Files.exists(dataDir.resolve("data").resolve("meta.properties"));
            if (fresh) {
                format(dataDir, libs, clusterId, serverProperties, deadline);
            }
            Process process = java(dataDir, libs, List.of(BrokerMain.class.getName(), serverProperties.toString()))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("logs/broker.out").toFile()))
                    .redirectErrorStream(true)
                    .start();
            // From here on the hook in the constructor owns the process: any failure below stops it.
            Settings resolved = new Settings(dataDir, port, settings.scram(), settings.startTimeout(),
                    settings.stopTimeout(), libs, settings.listeners());
            Map<String, Integer> bound = new LinkedHashMap<>();
            listeners.forEach((name, l) -> bound.put(name, l.bound()));
            LocalKafka kafka = new LocalKafka(resolved, process, port, saslPort, bound, clusterId, fresh);
            try {
                Files.writeString(dataDir.resolve(PID_FILE), Long.toString(process.pid()), StandardCharsets.UTF_8);
                kafka.awaitReady(deadline);
                return kafka;
            } catch (RuntimeException e) {
                kafka.close();
                throw e;
            }
        } catch (IOException e) {
            throw new LocalKafkaException("cannot start Kafka in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The broker libraries the build copies next to this class: {@code deploy/target/kafka-libs} beside
     * {@code deploy/target/classes} or the {@code deploy} jar. The system property {@code archive-sync.kafka-libs}
     * overrides it.
     */
    public static Path defaultKafkaLibs() {
        String override = System.getProperty("archive-sync.kafka-libs");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        try {
            Path codeSource = Path.of(LocalKafka.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return codeSource.getParent().resolve("kafka-libs");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("deploy", "target", "kafka-libs");
        }
    }

    /** {@code host:port} of the PLAINTEXT listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LOOPBACK + ":" + port;
    }

    /**
     * {@code host:port} of the SASL_PLAINTEXT (SCRAM-SHA-512) listener.
     *
     * @throws IllegalStateException when the broker was started without {@link Settings#withScram()}
     */
    public String saslBootstrapServers() {
        if (saslPort < 0) {
            throw new IllegalStateException("started without a SCRAM listener");
        }
        return LOOPBACK + ":" + saslPort;
    }

    /**
     * The port an extra listener binds on 127.0.0.1, where its {@link LinkProxy} forwards to.
     *
     * @param name a listener of {@link Settings#withListener(String, int)}
     * @throws IllegalArgumentException when the broker has no such listener
     */
    public int listenerPort(String name) {
        Integer bound = listenerPorts.get(name);
        if (bound == null) {
            throw new IllegalArgumentException("no listener " + name + "; the broker has " + listenerPorts.keySet());
        }
        return bound;
    }

    /**
     * {@code host:port} an office's clients bootstrap from through its listener: the advertised address (its
     * proxy), never the bound port.
     *
     * @param name a listener of {@link Settings#withListener(String, int)}
     * @throws IllegalArgumentException when the broker has no such listener
     */
    public String bootstrapServers(String name) {
        Integer advertised = settings.listeners().get(name);
        if (advertised == null) {
            throw new IllegalArgumentException("no listener " + name + "; the broker has " + listenerPorts.keySet());
        }
        return LOOPBACK + ":" + advertised;
    }

    public String clusterId() {
        return clusterId;
    }

    /** Whether this start formatted a new, empty storage (false: it resumed an existing one). */
    public boolean freshStorage() {
        return freshStorage;
    }

    public Path dataDir() {
        return settings.dataDir();
    }

    /** The broker's own log: one line per important event (started, stopping, warnings, errors). */
    public Path logFile() {
        return settings.dataDir().resolve("logs/broker.log");
    }

    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the broker: SIGTERM, then a kill after the stop timeout. Idempotent. */
    @Override
    public void close() {
        removeShutdownHook();
        stopProcess();
    }

    /**
     * Leaves stopping the broker at JVM exit to the caller: its own shutdown hook would run at the same time as the
     * caller's, which must stop the broker's clients first. The broker still exits by itself when this JVM dies
     * (its standard input closes).
     *
     * @return this broker
     */
    public LocalKafka withoutShutdownHook() {
        removeShutdownHook();
        return this;
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down and the hook is running or has run.
        }
    }

    /** Synchronized: {@link #close()} and the shutdown hook may race; the second caller waits for the first. */
    private synchronized void stopProcess() {
        stop(process, settings.stopTimeout());
        try {
            Files.deleteIfExists(settings.dataDir().resolve(PID_FILE));
        } catch (IOException e) {
            // A stale pid file is checked against the process before anyone acts on it.
        }
    }

    private static void stop(Process process, Duration timeout) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy(); // SIGTERM: Kafka's own hook flushes and closes the logs.
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

    private void awaitReady(long deadline) {
        Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        try (Admin admin = Admin.create(config)) {
            while (true) {
                if (!process.isAlive()) {
                    throw new LocalKafkaException("Kafka exited with code " + process.exitValue() + " during start-up; "
                            + tail(logFile()) + tail(settings.dataDir().resolve("logs/broker.out")));
                }
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes().get(4, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new LocalKafkaException("Kafka did not answer within " + settings.startTimeout() + " on "
                                + bootstrapServers() + "; " + tail(logFile()), e);
                    }
                    pause(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LocalKafkaException("interrupted while waiting for Kafka", e);
                }
            }
        }
    }

    private static void format(Path dataDir, Path libs, String clusterId, Path serverProperties, long deadline)
            throws IOException {
        Process format = java(dataDir, libs, List.of("kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                serverProperties.toString()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("logs/format.out").toFile()))
                .redirectErrorStream(true)
                .start();
        try {
            long wait = Math.max(1, deadline - System.nanoTime());
            if (!format.waitFor(wait, TimeUnit.NANOSECONDS)) {
                format.destroyForcibly();
                throw new LocalKafkaException("formatting the storage did not finish in time");
            }
            if (format.exitValue() != 0) {
                throw new LocalKafkaException("formatting the storage failed (exit " + format.exitValue() + "); "
                        + tail(dataDir.resolve("logs/format.out")));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while formatting the storage", e);
        }
    }

    private static ProcessBuilder java(Path dataDir, Path libs, List<String> mainAndArgs) {
        List<String> command = new ArrayList<>();
        // In its own session, a Ctrl-C in the terminal reaches only the launcher, whose hook stops the broker after
        // the components that use it. setsid execs in place (the pid stays the broker's); without it (not Linux) the
        // broker also gets the terminal's SIGINT and stops at once, which is still a clean stop.
        if (Files.isExecutable(SETSID)) {
            command.add(SETSID.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.xml"));
        command.add("-Darchivesync.kafka.log=" + dataDir.resolve("logs/broker.log"));
        command.add("-Dkafka.logs.dir=" + dataDir.resolve("logs"));
        command.add("-cp");
        command.add(libs.resolve("*") + java.io.File.pathSeparator + ownCodeSource());
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).directory(dataDir.toFile());
    }

    /** The broker child runs {@link BrokerMain} from this module's classes or jar. */
    private static String ownCodeSource() {
        try {
            return Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An extra listener: the port it binds and the port it advertises. */
    record Listener(int bound, int advertised) {
    }

    static String serverProperties(Path dataDir, int port, int controllerPort, int saslPort,
                                   Map<String, Listener> extra) {
        Properties p = new Properties();
        p.setProperty("node.id", Integer.toString(NODE_ID));
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        String listeners = "PLAINTEXT://" + LOOPBACK + ":" + port + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort;
        String advertised = "PLAINTEXT://" + LOOPBACK + ":" + port;
        String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
        if (saslPort > 0) {
            listeners += ",SASL_PLAINTEXT://" + LOOPBACK + ":" + saslPort;
            advertised += ",SASL_PLAINTEXT://" + LOOPBACK + ":" + saslPort;
            protocols += ",SASL_PLAINTEXT:SASL_PLAINTEXT";
            p.setProperty("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.setProperty("listener.name.sasl_plaintext.sasl.enabled.mechanisms", "SCRAM-SHA-512");
            p.setProperty("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            p.setProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // The loopback PLAINTEXT and CONTROLLER listeners carry the broker's own traffic and the operator's.
            p.setProperty("super.users", "User:ANONYMOUS");
            p.setProperty("allow.everyone.if.no.acl.found", "false");
        }
        for (Map.Entry<String, Listener> l : extra.entrySet()) {
            listeners += "," + l.getKey() + "://" + LOOPBACK + ":" + l.getValue().bound();
            advertised += "," + l.getKey() + "://" + LOOPBACK + ":" + l.getValue().advertised();
            protocols += "," + l.getKey() + ":PLAINTEXT";
        }
        p.setProperty("listeners", listeners);
        p.setProperty("advertised.listeners", advertised);
        p.setProperty("listener.security.protocol.map", protocols);
        p.setProperty("log.dirs", dataDir.resolve("data").toString());
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("offsets.topic.num.partitions", "3");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("transaction.state.log.num.partitions", "3");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("log.retention.hours", "-1");
        StringBuilder out = new StringBuilder("# Written by org.archivesync.deploy.LocalKafka on every start.\n");
        p.stringPropertyNames().stream().sorted()
                .forEach(k -> out.append(k).append('=').append(escape(p.getProperty(k))).append('\n'));
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }

    /** The formatted storage's id wins; otherwise the one kept from an unfinished format; otherwise a new one. */
    private static String clusterId(Path dataDir) throws IOException {
        Path meta = dataDir.resolve("data").resolve("meta.properties");
        Path kept = dataDir.resolve(CLUSTER_ID_FILE);
        if (Files.exists(meta)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(meta)) {
                p.load(in);
            }
            String id = p.getProperty("cluster.id");
            if (id != null && !id.isBlank()) {
                Files.writeString(kept, id, StandardCharsets.UTF_8);
                return id;
            }
        }
        if (Files.exists(kept)) {
            String id = Files.readString(kept, StandardCharsets.UTF_8).trim();
            if (!id.isEmpty()) {
                return id;
            }
        }
        String id = Uuid.randomUuid().toString();
        Files.writeString(kept, id, StandardCharsets.UTF_8);
        return id;
    }

    private static void requireLibraries(Path libs) {
        try (var jars = Files.list(libs)) {
            if (jars.noneMatch(j -> j.getFileName().toString().startsWith("kafka_2.13-"))) {
                throw new LocalKafkaException("no Kafka broker jar in " + libs + "; build with ./mvnw -pl deploy package");
            }
        } catch (IOException e) {
            throw new LocalKafkaException("no Kafka libraries at " + libs + "; build with ./mvnw -pl deploy package", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static int requireFreePort(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port));
            return port;
        } catch (IOException e) {
            throw new LocalKafkaException("port " + port + " on " + LOOPBACK + " is in use (another Kafka?)", e);
        }
    }

    /** The last lines of a log, so a failure explains itself without opening files. */
    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return "last lines of " + file + ":\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 15), lines.size())) + "\n";
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ")";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalKafkaException("interrupted while waiting for Kafka", e);
        }
    }
}
