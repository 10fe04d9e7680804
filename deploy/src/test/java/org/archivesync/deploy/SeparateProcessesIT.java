package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole system as separate processes: a real Kafka broker, the hub (with its embedded PostgreSQL) and three site
 * agents, each its own JVM from the applications' real jars, on free ports. Events are recorded through the agents'
 * REST API while things go wrong: an agent is killed with SIGKILL while it publishes, the hub is killed with SIGKILL
 * while it ingests, both are restarted on their data, and the broker is stopped for a while and restarted on its data
 * directory. Then the hub's catalogue is read over JDBC and each agent's SQLite outbox directly.
 *
 * <p>What it proves: every event each agent recorded is in the hub's {@code events} table exactly once (the count per
 * site equals the agent's outbox count and its highest sequence, the table's key is site+sequence), with the same
 * chain hash; the catalogue's files and boxes are exactly the ones recorded; nothing is parked or quarantined.
 */
class SeparateProcessesIT {

    private static final List<String> SITES = List.of("CM.CAINUOC.UBND", "CM.TRANVANTHOI.UBND", "CM.TANHUNG.UBND");
    private static final int BOXES = 10;
    private static final String CLERK = "e2e.vanthu";

    private final Path dir = Path.of("target", "e2e").toAbsolutePath();
    private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
    private final Map<String, AgentProcess.ServiceSettings> services = new LinkedHashMap<>();
    /** What each site recorded: "fondsCode/fileCode" -> "title|boxCode|sheets". */
    private final Map<String, Map<String, String>> recordedFiles = new LinkedHashMap<>();
    private final Map<String, Integer> nextFile = new LinkedHashMap<>();
    private LocalKafka kafka;
    private HubProcess hub;
    private HubProcess.Settings hubSettings;
    private final long started = System.nanoTime();

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void killedAgentKilledHubAndStoppedBrokerLoseNothingAndApplyEachEventOnce() throws Exception {
        OrphanPostgres.stop(dir.resolve("hub/pgdata"), Duration.ofSeconds(30));
        DemoMain.deleteTree(dir);
        Path kafkaDir = dir.resolve("kafka");
        kafka = LocalKafka.start(LocalKafka.Settings.of(kafkaDir));
        int kafkaPort = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ContractTopics.create(admin, 6);
        }
        // The operator the hub creates on its first start; the restarted hub finds it in its catalogue.
        HubProcess.Operator operator = HubProcess.Operator.withGeneratedPassword("it-operator",
                dir.resolve("operator.txt"));
        hubSettings = new HubProcess.Settings(TestJars.hub(), dir.resolve("hub"), Ports.free(), Ports.free(),
                kafka.bootstrapServers(), operator, dir.resolve("logs/hub.log"), List.of(
                        "--archive-sync.hub.ingest.retry-max-interval=2s",
                        "--archive-sync.hub.outbound.poll-interval=500ms",
                        "--archive-sync.hub.outbound.retry-max-interval=2s"),
                Duration.ofMinutes(3));
        // Small polls until the kill: many ingest transactions, so it lands in the middle of the stream. The restarted
        // hub polls as in production (5,000 records), which also lets it catch up quickly.
        hub = HubProcess.start(hubSettings.withExtraArgs(List.of("--spring.kafka.consumer.max-poll-records=100")));
        Path agentJar = TestJars.agent();
        for (String site : SITES) {
            hub.createSite(site, "E2E " + site, null, "DISTRICT_OFFICE");
            agents.put(site, new AgentProcess(site, agentJar, dir.resolve("agents").resolve(site),
                    dir.resolve("logs").resolve("agent-" + site + ".log")));
            services.put(site, new AgentProcess.ServiceSettings(Ports.free(), kafka.bootstrapServers(),
                    hub.url() + "/registry", List.of(
                    "--archive-sync.agent.publisher.batch-size=100",
                    "--archive-sync.agent.publisher.backoff-initial=200ms",
                    "--archive-sync.agent.publisher.backoff-max=2s",
                    "--archive-sync.agent.publisher.repair-grace=5s",
                    "--archive-sync.agent.publisher.probe-interval=2s",
                    "--archive-sync.agent.publisher.max-block=2s",
                    // Sends in flight when the broker stops fail after this, and the agent reports it unreachable.
                    "--archive-sync.agent.publisher.delivery-timeout=10s",
                    "--archive-sync.agent.objects.local-dir=" + dir.resolve("objects").resolve(site))));
            recordedFiles.put(site, new TreeMap<>());
            nextFile.put(site, 1);
        }
        say("broker and hub ready");
        inParallel(SITES, site -> {
            AgentProcess agent = agents.get(site);
            agent.enroll(hub.url(), hub.issueToken(site));
            agent.serve(services.get(site), Duration.ofMinutes(3));
        });
        say("three agents enrolled and serving");
        for (String site : SITES) {
            setUpSite(site);
            recordFiles(site, 100);
        }

        // 1. An agent is killed while it publishes a burst: some of it is in Kafka, some not yet marked published.
        String a = SITES.get(0);
        killMidPublish(agents.get(a));

        // 2. The hub is killed while it ingests another site's burst (100 records per poll, one transaction each).
        String b = SITES.get(1);
        killHubMidIngest(b);

        // 3. With the hub down, the third site goes on; then the killed agent and the hub come back on their data.
        String c = SITES.get(2);
        recordFiles(c, 500);
        ExecutorService restarts = Executors.newSingleThreadExecutor();
        try {
            Future<?> agentBack = restarts.submit(() -> agents.get(a).serve(services.get(a), Duration.ofMinutes(3)));
            hub = HubProcess.start(hubSettings);
            agentBack.get(3, TimeUnit.MINUTES);
        } finally {
            restarts.shutdownNow();
        }
        say("agent %s and the hub restarted on their data", a);

        // 4. The broker stops for a while: every agent records offline and notices; then it restarts on its data.
        kafka.close();
        for (String site : SITES) {
            recordFiles(site, 200);
        }
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            for (AgentProcess agent : agents.values()) {
                assertThat(agent.status().brokerReachable()).as("%s noticed the broker is gone", agent.siteCode())
                        .isFalse();
            }
        });
        say("broker stopped; every agent recorded 200 files offline and reports the broker unreachable");
        kafka = LocalKafka.start(LocalKafka.Settings.of(kafkaDir).withPort(kafkaPort));
        assertThat(kafka.freshStorage()).isFalse();
        say("broker restarted on its data directory");

        // Everything converges: each agent published all it recorded and the hub's cursor is at its last event.
        say("waiting for the agents and the hub to catch up");
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> {
            for (AgentProcess agent : agents.values()) {
                AgentProcess.Status s = agent.status();
                assertThat(s.backlog()).as("%s backlog", agent.siteCode()).isZero();
                assertThat(hubCursor(agent.siteCode())).as("hub cursor of %s", agent.siteCode())
                        .isEqualTo(s.lastRecorded());
            }
        });

        Map<String, Long> onTopic = recordsOnTopic();
        try (Connection catalogue = DriverManager.getConnection(hub.jdbcUrl())) {
            for (String site : SITES) {
                Map<Long, String> outbox = outboxHashes(agents.get(site));
                assertThat(onTopic.getOrDefault(site, 0L)).as("records of %s on the topic", site)
                        .isGreaterThanOrEqualTo(outbox.size());
                say("%s: %d events recorded, %d records on the topic (%d redelivered), %d in the catalogue's event log",
                        site, outbox.size(), onTopic.get(site), onTopic.get(site) - outbox.size(), outbox.size());
                assertThat(outbox.keySet()).as("the agent's outbox is gapless from 1").first().isEqualTo(1L);
                assertThat(outbox).hasSize(Math.toIntExact(agents.get(site).status().lastRecorded()));

                long[] counts = row(catalogue, "SELECT count(*), min(sequence), max(sequence) FROM events WHERE "
                        + "site_code = ?", site);
                assertThat(counts).as("events of %s: count, first, last", site)
                        .containsExactly(outbox.size(), 1, outbox.size());
                assertThat(eventHashes(catalogue, site)).as("the hub holds the agent's chain of %s", site)
                        .isEqualTo(outbox);
                assertThat(files(catalogue, site)).as("files of %s", site).isEqualTo(recordedFiles.get(site));
                assertThat(count(catalogue, "SELECT count(*) FROM boxes WHERE site_code = ?", site)).isEqualTo(BOXES);
            }
            assertThat(count(catalogue, "SELECT count(*) FROM parked_events", null)).isZero();
            assertThat(count(catalogue, "SELECT count(*) FROM quarantine", null)).isZero();
        }
    }

    @AfterEach
    void stopEverything() {
        agents.values().forEach(AgentProcess::kill);
        if (hub != null) {
            hub.stop();
        }
        OrphanPostgres.stop(dir.resolve("hub/pgdata"), Duration.ofSeconds(30));
        if (kafka != null) {
            kafka.close();
        }
    }

    private void killMidPublish(AgentProcess agent) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            long publishedBefore = agent.status().lastPublished();
            long recorded = recordFiles(agent.siteCode(), 3000);
            while (true) {
                AgentProcess.Status s = agent.status();
                if (s.lastPublished() > publishedBefore && s.lastPublished() < recorded) {
                    agent.kill();
                    say("agent %s killed (SIGKILL) while publishing: %d of %d events acknowledged", agent.siteCode(),
                            s.lastPublished(), recorded);
                    return;
                }
                if (s.lastPublished() >= recorded) {
                    break;   // published before we looked: try again with another burst
                }
                Pause.millis(5);
            }
        }
        throw new AssertionError("never saw " + agent.siteCode() + " in the middle of publishing");
    }

    /**
     * The hub applies a site's events once a signed event closes them (the last of each agent transaction), so the
     * burst is recorded as many small transactions, while the hub's progress is watched; it is killed in between.
     */
    private void killHubMidIngest(String site) throws Exception {
        ExecutorService recorder = Executors.newSingleThreadExecutor();
        try (Connection catalogue = DriverManager.getConnection(hub.jdbcUrl())) {
            long before = count(catalogue, "SELECT count(*) FROM events WHERE site_code = ?", site);
            int transactions = 200;
            int perTransaction = 15;
            long target = before + (long) transactions * perTransaction;
            Future<?> recording = recorder.submit(() -> {
                for (int i = 0; i < transactions; i++) {
                    recordFiles(site, perTransaction);
                }
            });
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                long applied = count(catalogue, "SELECT count(*) FROM events WHERE site_code = ?", site);
                if (applied > before + 2 * perTransaction && applied < target) {
                    // The connection must be gone before the next start shuts the orphaned server down.
                    catalogue.close();
                    hub.kill();
                    say("hub killed (SIGKILL) while ingesting %s: %d of %d events applied", site, applied, target);
                    recording.get(2, TimeUnit.MINUTES);
                    return;
                }
                if (applied >= target) {
                    break;
                }
                Pause.millis(5);
            }
            throw new AssertionError("never saw the hub in the middle of ingesting " + site);
        } finally {
            recorder.shutdownNow();
        }
    }

    /** How many records each site has on its topic {@code archive.site-events.<siteCode>}, duplicates included. */
    private Map<String, Long> recordsOnTopic() {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Long> counts = new TreeMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            String prefix = OfficeAccess.TOPIC_PREFIX + ".";
            List<TopicPartition> partitions = consumer.listTopics().values().stream().flatMap(List::stream)
                    .filter(p -> p.topic().startsWith(prefix))
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> counts.merge(
                        r.topic().substring(prefix.length()), 1L, Long::sum));
            }
        }
        return counts;
    }

    private void say(String format, Object... args) {
        System.out.printf("[e2e %5.1f s] %s%n", (System.nanoTime() - started) / 1e9, String.format(format, args));
    }

    private void setUpSite(String site) {
        List<ObjectNode> commands = new ArrayList<>();
        commands.add(command("register-fonds", Http.object().put("fondsCode", site + ".F01")
                .put("name", "Phông " + site).put("creatingBody", "Ủy ban nhân dân " + site)
                .put("startDate", "1990-01-01").put("closed", false)));
        for (int i = 1; i <= BOXES; i++) {
            commands.add(command("pack-box", Http.object().put("boxCode", box(i)).put("fondsCode", site + ".F01")
                    .put("metres", new java.math.BigDecimal("0.10"))));
        }
        agents.get(site).batch(commands, CLERK);
    }

    /** Records {@code n} new files in one transaction; returns the agent's last sequence. */
    private long recordFiles(String site, int n) {
        List<ObjectNode> commands = new ArrayList<>();
        Map<String, String> recorded = new LinkedHashMap<>();
        int first = nextFile.get(site);
        for (int i = first; i < first + n; i++) {
            String fileCode = String.format("HS.%05d", i);
            String title = "Hồ sơ giải quyết khiếu nại đất đai số " + i + " của " + site;
            String boxCode = box(1 + i % BOXES);
            int sheets = 10 + i % 200;
            commands.add(command("record-file", Http.object().put("fondsCode", site + ".F01").put("fileCode", fileCode)
                    .put("boxCode", boxCode).put("title", title).put("startDate", "2003-01-05")
                    .put("endDate", "2003-12-20").put("sheetCount", sheets).put("retention", "PERMANENT")
                    .put("accessRegime", "OPEN").put("language", "vi")));
            recorded.put(site + ".F01/" + fileCode, title + "|" + boxCode + "|" + sheets);
        }
        AgentProcess.Recorded r = agents.get(site).batch(commands, CLERK);
        recordedFiles.get(site).putAll(recorded);
        nextFile.put(site, first + n);
        return r.lastSequence();
    }

    private static String box(int i) {
        return String.format("H%03d", i);
    }

    private static ObjectNode command(String type, ObjectNode command) {
        ObjectNode item = Http.object().put("type", type);
        item.set("command", command);
        return item;
    }

    private long hubCursor(String site) throws SQLException {
        try (Connection c = DriverManager.getConnection(hub.jdbcUrl())) {
            return count(c, "SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = ?", site);
        }
    }

    private static Map<Long, String> outboxHashes(AgentProcess agent) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + agent.store());
             PreparedStatement s = c.prepareStatement("SELECT sequence, hash FROM outbox ORDER BY sequence");
             ResultSet rs = s.executeQuery()) {
            Map<Long, String> hashes = new TreeMap<>();
            while (rs.next()) {
                hashes.put(rs.getLong(1), HexFormat.of().formatHex(rs.getBytes(2)));
            }
            return hashes;
        }
    }

    private static Map<Long, String> eventHashes(Connection c, String site) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT sequence, hash FROM events WHERE site_code = ? ORDER BY sequence")) {
            s.setString(1, site);
            try (ResultSet rs = s.executeQuery()) {
                Map<Long, String> hashes = new TreeMap<>();
                while (rs.next()) {
                    hashes.put(rs.getLong(1), HexFormat.of().formatHex(rs.getBytes(2)));
                }
                return hashes;
            }
        }
    }

    private static Map<String, String> files(Connection c, String site) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT fonds_code, file_code, title, box_code, sheet_count FROM files WHERE site_code = ?")) {
            s.setString(1, site);
            try (ResultSet rs = s.executeQuery()) {
                Map<String, String> files = new TreeMap<>();
                while (rs.next()) {
                    files.put(rs.getString(1) + "/" + rs.getString(2),
                            rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getInt(5));
                }
                return files;
            }
        }
    }

    private static long count(Connection c, String sql, String site) throws SQLException {
        return row(c, sql, site)[0];
    }

    private static long[] row(Connection c, String sql, String site) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (site != null) {
                s.setString(1, site);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                long[] values = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = rs.getLong(i + 1);
                }
                return values;
            }
        }
    }

    private interface SiteAction {
        void run(String site) throws Exception;
    }

    private static void inParallel(List<String> sites, SiteAction action) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(sites.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (String site : sites) {
                done.add(pool.submit(() -> {
                    action.run(site);
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
}
