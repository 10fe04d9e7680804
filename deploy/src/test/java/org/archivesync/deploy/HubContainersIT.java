package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
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
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The hub's integration with the production kinds of its neighbours, on a machine with Docker: Kafka from the
 * {@code apache/kafka} image and a PostgreSQL server from the {@code postgres} image instead of the embedded ones.
 * The hub (its real jar, {@code archive-sync.hub.database.embedded=false}, {@code spring.datasource.*} pointing at the
 * container) and one agent run as separate JVMs; what the agent records must end up in the container's catalogue,
 * each event once. Skipped where there is no Docker engine (this project's machines).
 */
@Testcontainers(disabledWithoutDocker = true)
class HubContainersIT {

    private static final String SITE = "CM.TRANVANTHOI.UBND";
    private static final String FONDS = SITE + ".F01";

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.2.1");

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:18")
            .withDatabaseName("archive_sync").withUsername("archive_sync").withPassword("archive_sync");

    private final Path dir = Path.of("target", "containers").toAbsolutePath();
    private HubProcess hub;
    private AgentProcess agent;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void hubAppliesAnAgentsStreamFromContainerKafkaIntoContainerPostgres() throws Exception {
        DemoMain.deleteTree(dir);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()))) {
            ContractTopics.create(admin, 6);
        }
        hub = HubProcess.start(new HubProcess.Settings(TestJars.hub(), dir.resolve("hub"), Ports.free(), Ports.free(),
                KAFKA.getBootstrapServers(), HubProcess.Operator.withGeneratedPassword("it-operator",
                dir.resolve("operator.txt")), dir.resolve("logs/hub.log"), List.of(
                "--archive-sync.hub.database.embedded=false",
                "--spring.datasource.url=" + POSTGRES.getJdbcUrl(),
                "--spring.datasource.username=" + POSTGRES.getUsername(),
                "--spring.datasource.password=" + POSTGRES.getPassword()),
                Duration.ofMinutes(3)));
        hub.createSite(SITE, "Ủy ban nhân dân huyện Trần Văn Thời (cũ)", null, "DISTRICT_OFFICE");
        agent = new AgentProcess(SITE, TestJars.agent(), dir.resolve("agent"), dir.resolve("logs/agent.log"));
        agent.enroll(hub.url(), hub.issueToken(SITE));
        agent.serve(new AgentProcess.ServiceSettings(Ports.free(), KAFKA.getBootstrapServers(), hub.url() + "/registry",
                List.of("--archive-sync.agent.objects.local-dir=" + dir.resolve("objects"))), Duration.ofMinutes(3));

        Map<String, String> recorded = new TreeMap<>();
        List<ObjectNode> setup = List.of(
                command("register-fonds", Http.object().put("fondsCode", FONDS)
                        .put("name", "Phông Ủy ban nhân dân huyện Trần Văn Thời")
                        .put("creatingBody", "Ủy ban nhân dân huyện Trần Văn Thời").put("startDate", "1983-01-01")
                        .put("closed", true).put("endDate", "2025-06-30")),
                command("pack-box", Http.object().put("boxCode", "TVT-H001").put("fondsCode", FONDS)
                        .put("metres", new BigDecimal("0.10"))));
        agent.batch(setup, "vanthu.tranvanthoi");
        for (int t = 0; t < 5; t++) {
            List<ObjectNode> files = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                String code = String.format("HS.%04d", t * 10 + i);
                String title = "Hồ sơ hỗ trợ khắc phục sạt lở bờ biển xã Khánh Bình Tây năm " + (2015 + t);
                files.add(command("record-file", Http.object().put("fondsCode", FONDS).put("fileCode", code)
                        .put("boxCode", "TVT-H001").put("title", title).put("retention", "PERMANENT")
                        .put("accessRegime", "OPEN").put("language", "vi")));
                recorded.put(FONDS + "/" + code, title);
            }
            agent.batch(files, "vanthu.tranvanthoi");
        }
        long last = agent.status().lastRecorded();

        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .untilAsserted(() -> assertThat(agent.status().hubCursor()).isEqualTo(last));
        try (Connection c = DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(),
                POSTGRES.getPassword())) {
            assertThat(longs(c, "SELECT count(*), max(sequence) FROM events WHERE site_code = '" + SITE + "'"))
                    .containsExactly(last, last);
            Map<String, String> files = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT fonds_code, file_code, title FROM files");
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    files.put(rs.getString(1) + "/" + rs.getString(2), rs.getString(3));
                }
            }
            assertThat(files).isEqualTo(recorded);
        }
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.stop();
        }
        if (hub != null) {
            hub.stop();
        }
    }

    private static ObjectNode command(String type, ObjectNode command) {
        ObjectNode item = Http.object().put("type", type);
        item.set("command", command);
        return item;
    }

    private static long[] longs(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }
}
