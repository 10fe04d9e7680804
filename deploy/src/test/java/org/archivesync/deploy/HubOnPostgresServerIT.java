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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hub on the chaos suite's {@link PostgresServer} ({@code archive-sync.hub.database.embedded=false}): PostgreSQL
 * is killed with SIGKILL (postmaster and every backend) while the hub runs and an office goes on recording; once
 * PostgreSQL is started again on its data directory (crash recovery), the same hub process is ready again and applies
 * what the office published meanwhile, each event once.
 */
class HubOnPostgresServerIT {

    private static final String SITE = "CM.TANDUYET.UBND";
    private static final String FONDS = SITE + ".F01";
    private static final String CLERK = "chaos.vanthu";

    private final Path dir = Path.of("target", "hub-on-postgres-server").toAbsolutePath();
    private final long started = System.nanoTime();
    private LocalKafka kafka;
    private PostgresServer pg;
    private HubProcess hub;
    private AgentProcess agent;
    private int nextFile = 1;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.kill();
        }
        if (hub != null) {
            hub.close();
        }
        if (pg != null) {
            pg.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void hubComesBackReadyAndIngestsOnAfterItsPostgresIsKilledAndRestarted() throws Exception {
        OrphanPostgres.stop(dir.resolve("pg/pgdata"), Duration.ofSeconds(30));
        DemoMain.deleteTree(dir);
        kafka = LocalKafka.start(LocalKafka.Settings.of(dir.resolve("kafka")));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            ContractTopics.create(admin, 3);
        }
        pg = new PostgresServer(dir.resolve("pg"), 0).start();
        hub = HubProcess.start(new HubProcess.Settings(TestJars.hub(), dir.resolve("hub"), Ports.free(), 0,
                kafka.bootstrapServers(), HubProcess.Operator.withGeneratedPassword("it-operator",
                dir.resolve("operator.txt")), dir.resolve("logs/hub.log"), List.of(
                "--archive-sync.hub.ingest.retry-max-interval=2s",
                "--archive-sync.hub.outbound.poll-interval=500ms",
                "--archive-sync.hub.outbound.retry-max-interval=2s"),
                Duration.ofMinutes(3)).withExternalDatabase(HubProcess.ExternalDatabase.of(pg)));
        assertThat(hub.jdbcUrl()).startsWith(pg.jdbcUrlWithoutCredentials());
        hub.createSite(SITE, "Ủy ban nhân dân xã Tân Duyệt (cũ)", null, "COMMUNE");
        agent = new AgentProcess(SITE, TestJars.agent(), dir.resolve("agent"), dir.resolve("logs/agent.log"));
        agent.enroll(hub.url(), hub.issueToken(SITE));
        agent.serve(new AgentProcess.ServiceSettings(Ports.free(), kafka.bootstrapServers(), hub.url() + "/registry",
                List.of("--archive-sync.agent.publisher.backoff-initial=200ms",
                        "--archive-sync.agent.publisher.backoff-max=2s",
                        "--archive-sync.agent.publisher.repair-grace=5s",
                        "--archive-sync.agent.objects.local-dir=" + dir.resolve("objects"))),
                Duration.ofMinutes(3));
        say("broker, PostgreSQL, hub and agent ready");

        agent.batch(List.of(command("register-fonds", Http.object().put("fondsCode", FONDS)
                .put("name", "Phông Ủy ban nhân dân xã Tân Duyệt").put("creatingBody", "Ủy ban nhân dân xã Tân Duyệt")
                .put("startDate", "1990-01-01").put("closed", false)),
                command("pack-box", Http.object().put("boxCode", "H001").put("fondsCode", FONDS)
                        .put("metres", new java.math.BigDecimal("0.10")))), CLERK);
        long before = recordFiles(40);
        awaitCursor(before, Duration.ofMinutes(2));
        say("hub applied %d events", before);

        long hubPid = hub.pid();
        pg.kill();
        long killedAt = System.nanoTime();
        await("readiness down without its database").atMost(Duration.ofSeconds(60))
                .until(() -> !readinessUp());
        long during = recordFiles(40);
        say("PostgreSQL killed; readiness down; the office recorded up to %d meanwhile", during);

        pg.start();
        long restartedAt = System.nanoTime();
        await("readiness up again").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(this::readinessUp);
        long readyAt = System.nanoTime();
        awaitCursor(during, Duration.ofMinutes(2));
        long caughtUpAt = System.nanoTime();
        say("PostgreSQL down %.1f s; hub ready %.1f s after PostgreSQL restarted, caught up %.1f s after",
                (restartedAt - killedAt) / 1e9, (readyAt - restartedAt) / 1e9, (caughtUpAt - restartedAt) / 1e9);

        assertThat(hub.isAlive()).isTrue();
        assertThat(hub.pid()).as("the same hub process, not a restart").isEqualTo(hubPid);
        try (Connection c = DriverManager.getConnection(hub.jdbcUrl())) {
            long[] events = row(c, "SELECT count(*), count(DISTINCT sequence), min(sequence), max(sequence) FROM events "
                    + "WHERE site_code = ?");
            assertThat(events).as("each event once, none missing").containsExactly(during, during, 1, during);
            assertThat(row(c, "SELECT count(*) FROM files WHERE fonds_code = ?")).containsExactly(80);
        }
    }

    private boolean readinessUp() {
        Http.Response r = Http.get(hub.url() + "/actuator/health/readiness", Duration.ofSeconds(5));
        return r.status() == 200 && r.body().contains("\"UP\"");
    }

    private void awaitCursor(long sequence, Duration timeout) {
        await("hub cursor at " + sequence).atMost(timeout).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> {
                    try (Connection c = DriverManager.getConnection(hub.jdbcUrl())) {
                        return row(c, "SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = ?")[0]
                                == sequence;
                    }
                });
    }

    private long recordFiles(int n) {
        List<ObjectNode> commands = new ArrayList<>();
        for (int i = nextFile; i < nextFile + n; i++) {
            commands.add(command("record-file", Http.object().put("fondsCode", FONDS)
                    .put("fileCode", String.format("HS.%05d", i)).put("boxCode", "H001")
                    .put("title", "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất số " + i).put("startDate", "2003-01-05")
                    .put("endDate", "2003-12-20").put("sheetCount", 12).put("retention", "PERMANENT")
                    .put("accessRegime", "OPEN").put("language", "vi")));
        }
        nextFile += n;
        return agent.batch(commands, CLERK).lastSequence();
    }

    private static ObjectNode command(String type, ObjectNode command) {
        ObjectNode item = Http.object().put("type", type);
        item.set("command", command);
        return item;
    }

    private static long[] row(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (sql.contains("?")) {
                s.setString(1, sql.contains("fonds_code") ? FONDS : SITE);
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

    private void say(String format, Object... args) {
        System.out.printf("[hub-on-pg %5.1f s] %s%n", (System.nanoTime() - started) / 1e9, String.format(format, args));
    }
}
