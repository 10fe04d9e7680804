package org.archivesync.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The system the chaos suite breaks: a real Kafka broker ({@link LocalKafka}), the catalogue's PostgreSQL as its own
 * server process ({@link PostgresServer}, which scenarios kill, pause and restart under the hub), the hub on it as an
 * external database ({@link HubProcess}) and several offices, each a real site agent ({@link ChaosOffice}), every one
 * its own process from the applications' jars, on free ports under one directory. Scenarios kill, pause and restart these through the
 * methods here; between scenarios the stack is whole again.
 *
 * <p>Timings are the production defaults but for two, shortened so a "lost record" scenario takes seconds, not
 * minutes: the agents' {@code repair-grace} ({@value #REPAIR_GRACE} instead of 2m) and the hub's
 * {@code cursor-heartbeat} ({@value #CURSOR_HEARTBEAT} instead of 1m).
 */
final class ChaosStack implements AutoCloseable {

    static final String REPAIR_GRACE = "15s";
    static final String CURSOR_HEARTBEAT = "5s";
    static final List<String> SITES = List.of("CM.CAINUOC.UBND", "CM.TRANVANTHOI.UBND", "CM.TANHUNG.UBND",
            "CM.DAMDOI.UBND", "CM.NAMCAN.UBND", "CM.NGOCHIEN.UBND");

    /**
     * @param dir        everything the stack writes (deleted first); never null
     * @param hubJar     the hub's jar; never null
     * @param agentJar   the agent's exec jar; never null
     * @param offices    how many offices (1..{@code SITES.size()})
     * @param out        where the harness's lines go; never null
     */
    record Settings(Path dir, Path hubJar, Path agentJar, int offices, PrintStream out) {
        Settings {
            if (offices < 1 || offices > SITES.size()) {
                throw new IllegalArgumentException("offices must be 1.." + SITES.size() + ": " + offices);
            }
        }
    }

    private final Settings settings;
    private final long started = System.nanoTime();
    private final List<ChaosOffice> offices = new ArrayList<>();
    private LocalKafka kafka;
    private LocalKafka.Settings kafkaSettings;
    /** Each office's link to the broker (through its own listener) and to the hub, by site. */
    private final Map<String, LinkProxy> brokerLinks = new java.util.LinkedHashMap<>();
    private final Map<String, LinkProxy> hubLinks = new java.util.LinkedHashMap<>();
    private PostgresServer postgres;
    private HubProcess hub;
    private HubProcess.Settings hubSettings;

    private ChaosStack(Settings settings) {
        this.settings = settings;
    }

    /** Starts the broker, the hub and the offices (enrolled, serving, each with its fonds and boxes). */
    static ChaosStack start(Settings settings) throws Exception {
        ChaosStack stack = new ChaosStack(settings);
        try {
            stack.startAll();
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Path dir = settings.dir();
        OrphanPostgres.stop(dir.resolve("hub/pgdata"), Duration.ofSeconds(30));
        OrphanPostgres.stop(dir.resolve("postgres/pgdata"), Duration.ofSeconds(30));
        try {
            DemoMain.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Each office reaches the broker through a listener of its own, advertised at its LinkProxy's port, so a cut
        // link is cut for that office only (a proxy in front of a shared listener would be bypassed: clients connect
        // to the address the broker advertises).
        List<String> sites = SITES.subList(0, settings.offices());
        LocalKafka.Settings ks = LocalKafka.Settings.of(dir.resolve("kafka")).withPort(Ports.free());
        Map<String, Integer> advertised = new java.util.LinkedHashMap<>();
        for (String site : sites) {
            advertised.put(site, Ports.free());
            ks = ks.withListener(listener(site), advertised.get(site));
        }
        kafkaSettings = ks;
        kafka = LocalKafka.start(kafkaSettings);
        String bootstrap = kafka.bootstrapServers();
        for (String site : sites) {
            brokerLinks.put(site, LinkProxy.start("broker " + site, advertised.get(site), "127.0.0.1",
                    kafka.listenerPort(listener(site))));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ContractTopics.create(admin, 6);
        }
        HubProcess.Operator operator = HubProcess.Operator.withGeneratedPassword("chaos-operator",
                dir.resolve("operator.txt"));
        postgres = new PostgresServer(dir.resolve("postgres"), 0).start();
        hubSettings = new HubProcess.Settings(settings.hubJar(), dir.resolve("hub"), Ports.free(), Ports.free(),
                bootstrap, operator, dir.resolve("logs/hub.log"), List.of(
                        "--archive-sync.hub.ingest.cursor-heartbeat=" + CURSOR_HEARTBEAT),
                Duration.ofMinutes(3)).withExternalDatabase(HubProcess.ExternalDatabase.of(postgres));
        hub = HubProcess.start(hubSettings);
        for (String site : sites) {
            hub.createSite(site, "Chaos " + site, null, "DISTRICT_OFFICE");
            hubLinks.put(site, LinkProxy.start("hub " + site, 0, "127.0.0.1", hubSettings.port()));
            AgentProcess agent = new AgentProcess(site, settings.agentJar(), dir.resolve("agents").resolve(site),
                    dir.resolve("logs").resolve("agent-" + site + ".log"));
            offices.add(new ChaosOffice(agent, new AgentProcess.ServiceSettings(Ports.free(),
                    kafka.bootstrapServers(listener(site)), "http://" + hubLinks.get(site).address() + "/registry",
                    List.of(
                    "--archive-sync.agent.publisher.repair-grace=" + REPAIR_GRACE,
                    "--archive-sync.agent.objects.local-dir=" + dir.resolve("objects").resolve(site)))));
        }
        forEachOffice(office -> {
            office.agent().enroll(hub.url(), hub.issueToken(office.site()));
            office.serve();
            office.setUp();
        });
        say("stack", "broker %s, PostgreSQL on port %d, hub %s, %d offices enrolled and serving", bootstrap,
                postgres.port(), hub.url(), offices.size());
    }

    Path dir() {
        return settings.dir();
    }

    List<ChaosOffice> offices() {
        return List.copyOf(offices);
    }

    ChaosOffice office(int i) {
        return offices.get(i);
    }

    // -- the broker ------------------------------------------------------------------------------------------------

    synchronized LocalKafka kafka() {
        return kafka;
    }

    /** Stops the broker cleanly (SIGTERM); its data stays. */
    synchronized void stopBroker() {
        kafka.close();
    }

    /**
     * Starts the broker again on its data directory and ports. Each office's listener binds a new port: its link
     * forwards there from now on, cut as it was.
     */
    synchronized void startBroker() {
        kafka = LocalKafka.start(kafkaSettings);
        if (kafka.freshStorage()) {
            throw new ChaosFailure("the restarted broker formatted new storage: its data is gone");
        }
        brokerLinks.forEach((site, link) -> link.retarget(kafka.listenerPort(listener(site))));
    }

    // -- the offices' links ------------------------------------------------------------------------------------------

    /** Cuts the office's links to the broker and to the hub (its registry), as a broken line would. */
    synchronized void cutLink(ChaosOffice office, LinkProxy.Mode mode) {
        brokerLinks.get(office.site()).cut(mode);
        hubLinks.get(office.site()).cut(mode);
    }

    /** Restores the office's links. */
    synchronized void restoreLink(ChaosOffice office) {
        brokerLinks.get(office.site()).restore();
        hubLinks.get(office.site()).restore();
    }

    /** The listener name of an office's broker link: OFFICE1, OFFICE2 ... in the order of {@link #SITES}. */
    private static String listener(String site) {
        return "OFFICE" + (SITES.indexOf(site) + 1);
    }

    // -- the hub ---------------------------------------------------------------------------------------------------

    synchronized HubProcess hub() {
        return hub;
    }

    synchronized HubProcess.Settings hubSettings() {
        return hubSettings;
    }

    /** {@code kill -9} of the hub's JVM (its PostgreSQL, a process of its own, goes on running). */
    synchronized void killHub() {
        hub.kill();
    }

    /** Freezes the hub's JVM (SIGSTOP): it keeps its connections and its place in the consumer group, does nothing. */
    synchronized void pauseHub() {
        hub.pause();
    }

    /** Lets a frozen hub go on (SIGCONT). */
    synchronized void resumeHub() {
        hub.resume();
    }

    /** Stops the hub cleanly (SIGTERM); {@link #restartHub()} starts it again. */
    synchronized void stopHub() {
        hub.stop();
    }

    /** Starts the hub again on its data (after a kill or a stop) and waits until it is ready. */
    synchronized HubProcess restartHub() {
        if (hub.isAlive()) {
            hub.stop();
        }
        hub = HubProcess.start(hubSettings);
        return hub;
    }

    /**
     * Starts a second hub on the same catalogue database and broker, as a hot standby (readiness {@code STANDBY}), on
     * its own HTTP port with its own log ({@code logs/hub-standby.log}). The caller stops it; the stack's hub stays
     * {@link #hub()}.
     */
    synchronized HubProcess startStandbyHub() {
        return HubProcess.startStandby(new HubProcess.Settings(hubSettings.jar(), settings.dir().resolve("hub-standby"),
                Ports.free(), Ports.free(), hubSettings.kafkaBootstrap(), hubSettings.operator(),
                settings.dir().resolve("logs/hub-standby.log"), hubSettings.extraArgs(), hubSettings.startTimeout())
                .withExternalDatabase(hubSettings.externalDatabase()));
    }

    // -- the catalogue database ------------------------------------------------------------------------------------

    synchronized PostgresServer postgres() {
        return postgres;
    }

    /** A crash of the database: the postmaster and every backend killed with SIGKILL at once. */
    synchronized void killPostgres() {
        postgres.kill();
    }

    /** Starts the database again on its data directory and port (crash recovery after {@link #killPostgres()}). */
    synchronized void startPostgres() {
        postgres.start();
    }

    /** A connection to the hub's catalogue database (the superuser, for reading the invariants). */
    Connection catalogue() throws SQLException {
        return DriverManager.getConnection(postgres().jdbcUrl());
    }

    /** The first column of the first row of {@code sql} with {@code args}, as a long. */
    long number(String sql, Object... args) throws SQLException {
        try (Connection c = catalogue(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** How many of the site's events the catalogue holds. */
    long applied(String site) throws SQLException {
        return number("SELECT count(*) FROM events WHERE site_code = ?", site);
    }

    /**
     * Makes the stack whole again after a scenario that failed half-way: starts the broker, the database, the hub and
     * any office's service that is not running. Returns what it restarted (empty when nothing was needed).
     */
    synchronized List<String> heal() {
        List<String> restarted = new ArrayList<>();
        if (kafka == null || !kafka.isRunning()) {
            startBroker();
            restarted.add("broker");
        }
        if (!postgres.isRunning()) {
            postgres.kill();   // lets go of a server that died under it
            postgres.start();
            restarted.add("postgres");
        } else {
            postgres.resume();   // after a pause that the scenario did not end
        }
        if (hub.isAlive()) {
            hub.resume();   // a scenario that failed while the hub was frozen
        } else {
            hub = HubProcess.start(hubSettings);
            restarted.add("hub");
        }
        brokerLinks.values().forEach(LinkProxy::restore);
        hubLinks.values().forEach(LinkProxy::restore);
        for (ChaosOffice office : offices) {
            if (!office.agent().serving()) {
                office.serve();
                restarted.add(office.site());
            }
        }
        return restarted;
    }

    // -- the harness -----------------------------------------------------------------------------------------------

    void say(String component, String format, Object... args) {
        PrintStream out = settings.out();
        synchronized (out) {
            out.printf(Locale.ROOT, "[%-5s %6.1f s] %s%n", component, (System.nanoTime() - started) / 1e9,
                    String.format(Locale.ROOT, format, args));
        }
    }

    interface OfficeAction {
        void run(ChaosOffice office) throws Exception;
    }

    /** Runs {@code action} for every office at once and waits for all. */
    void forEachOffice(OfficeAction action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(offices.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ChaosOffice office : offices) {
                done.add(pool.submit(() -> {
                    action.run(office);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Override
    public synchronized void close() {
        offices.forEach(o -> o.agent().kill());
        if (hub != null) {
            hub.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
        OrphanPostgres.stop(settings.dir().resolve("hub/pgdata"), Duration.ofSeconds(30));
        if (kafka != null) {
            kafka.close();
        }
        brokerLinks.values().forEach(LinkProxy::close);
        hubLinks.values().forEach(LinkProxy::close);
    }
}
