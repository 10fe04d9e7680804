package org.archivesync.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.agent.outbox.DeliveryState;
import org.archivesync.agent.recording.AppraiseFile;
import org.archivesync.agent.recording.BoxKey;
import org.archivesync.agent.recording.ConfirmHandoverReceived;
import org.archivesync.agent.recording.DigitizeFile;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.RecordDestruction;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.recording.RegisterStorageLocation;
import org.archivesync.agent.recording.ReportExtents;
import org.archivesync.agent.recording.SealBox;
import org.archivesync.agent.recording.SendHandover;
import org.archivesync.agent.recording.WithdrawFile;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.testing.RealAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * End to end with the real site-agent code: two agents enroll at the hub over its REST API, record a merger's work with
 * the agent's {@code Recorder} (fonds, store, extents, boxes packed and sealed, files, a state-secret stub, appraisals,
 * scans, a correction, a withdrawal, a handover from site A received at site B, a destruction), publish it with the
 * agent's own {@code Publisher} through a real broker, and the hub's catalogue ends up holding exactly what the offices
 * hold in their SQLite stores; the hub's cursor travels back to each agent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(count = 1)
@DirtiesContext
class AgentToCatalogueTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final String A = "CM.E2E.CAINUOC";
    private static final String B = "CM.E2E.TANHUNG";
    private static final String FONDS = "E2E.CN";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withEmbeddedBroker(registry);
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SiteDirectory sites;
    @Autowired
    SiteLinks links;

    private final List<RealAgent> agents = new ArrayList<>();

    @AfterEach
    void closeAgents() {
        agents.forEach(RealAgent::close);
    }

    @Test
    void whatTheOfficesRecordedIsWhatTheCatalogueHolds() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "agent-e2e-" + UUID.randomUUID());
        URI hub = URI.create("http://localhost:" + PORT);
        RealAgent a = agent(RealAgent.enroll(sites, hub, dir, A, "CM.CAINUOC"));
        RealAgent b = agent(RealAgent.enroll(sites, hub, dir, B, "CM.XA.TANHUNG"));
        LocalDate day = LocalDate.parse("2025-07-01");

        // One import: a whole transaction signed once.
        a.recorder().recordAll(List.of(
                new RegisterFonds(FONDS, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", "CM.CAINUOC",
                        LocalDate.parse("1976-01-01"), LocalDate.parse("2025-06-30"), true),
                new RegisterStorageLocation("KHO-1", "Kho lưu trữ huyện", null, "Khóm 2, thị trấn Cái Nước",
                        new BigDecimal("44.00"), 20, new BigDecimal("120.00")),
                new ReportExtents(FONDS, new BigDecimal("133.10"), new BigDecimal("1104.00"), new BigDecimal("133.10"), day),
                new PackBox("H1", FONDS, "KHO-1", new BigDecimal("0.10")),
                new PackBox("H2", FONDS, "KHO-1", new BigDecimal("0.12")),
                file("HS-1", "H1", "Hồ sơ giải quyết tranh chấp đất đai xã Tân Hưng", RetentionKind.PERMANENT, null),
                file("HS-2", "H1", "Tập báo cáo tổng kết năm 2019", RetentionKind.PERMANENT, null),
                file("HS-3", "H2", "Sổ công văn đi năm 2010", RetentionKind.FIXED_TERM, 10),
                file("HS-4", "H2", "Hồ sơ nhập nhầm", RetentionKind.FIXED_TERM, 5),
                RecordFile.secretStub(FONDS, "HS-MAT", "H2", 12, RetentionKind.PERMANENT, null, SecretLevel.SECRET)));
        a.recorder().sealBox(new SealBox("H1", FONDS, "NP-0001"));
        a.recorder().recordFile(file("HS-2", "H1", "Tập báo cáo tổng kết công tác năm 2019 (bản sửa)",
                RetentionKind.PERMANENT, null));
        a.recorder().appraiseFile(new AppraiseFile(FONDS, "HS-1", AppraisalDecision.KEEP_AT_SUCCESSOR,
                "TT 10/2022/TT-BNV", "QĐ 15/HĐXĐGTTL", day.plusDays(9)));
        a.recorder().appraiseFile(new AppraiseFile(FONDS, "HS-3", AppraisalDecision.DESTROY, "hết thời hạn bảo quản",
                "QĐ 16/HĐXĐGTTL", day.plusDays(9)));
        a.recorder().digitizeFile(new DigitizeFile(FONDS, "HS-2", List.of(new DigitizeFile.ScanObject(
                FONDS + "/HS-2/0001.pdf", "ab".repeat(32), 123_456L, "application/pdf", 42, 300))));
        a.recorder().withdrawFile(new WithdrawFile(FONDS, "HS-4", "nhập nhầm"));
        UUID handover = UUID.randomUUID();
        a.recorder().sendHandover(new SendHandover(handover, ReceiverKind.SUCCESSOR_UNIT, "CM.XA.TANHUNG", B,
                "BB-01/2025", List.of(new BoxKey(FONDS, "H1")), List.of(), new BigDecimal("0.10"), day.plusDays(19)));
        UUID destruction = UUID.randomUUID();
        a.recorder().recordDestruction(new RecordDestruction(destruction, "QĐ 99/QĐ-UBND", "Nguyễn Văn An",
                "Trần Thị Bình", "BB-HUY-01", List.of(new FileKey(FONDS, "HS-3")), new BigDecimal("0.05"),
                day.plusDays(31)));
        b.recorder().registerFonds(new RegisterFonds("E2E.TH", "Phông UBND xã Tân Hưng", "UBND xã Tân Hưng",
                "CM.XA.TANHUNG", null, null, null));
        b.recorder().confirmHandoverReceived(new ConfirmHandoverReceived(handover, A, "BB-01/2025", List.of(new BoxKey(FONDS, "H1")),
                List.of(), new BigDecimal("0.10"), day.plusDays(20), null));

        String registry = "http://localhost:" + PORT + "/registry";
        a.startPublishing(broker.getBrokersAsString(), registry);
        b.startPublishing(broker.getBrokersAsString(), registry);

        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(A) == a.lastSequence() && cursor(B) == b.lastSequence());
        assertThat(links.site(A)).as("the backlog the agent reported on its last event: that one only")
                .hasValueSatisfying(link -> {
                    assertThat(link.reportedBacklog()).isEqualTo(1);
                    assertThat(link.backlogReportedAt()).isNotNull();
                    assertThat(link.lastReceivedAt()).isNotNull();
                    assertThat(link.lastSequence()).isEqualTo(a.lastSequence());
                    assertThat(link.quarantined()).isFalse();
                });

        assertThat(hubEvents(A)).as("the event log holds the agent's outbox, byte-identical hashes and signatures")
                .isEqualTo(agentEvents(a));
        assertThat(hubEvents(B)).isEqualTo(agentEvents(b));
        assertThat(hubFiles()).isEqualTo(agentFiles(a));
        assertThat(hubFiles()).extracting(f -> f.get(0) + ":" + f.get(15) + ":" + f.get(2)).containsExactly(
                "HS-1:RECEIVED:Hồ sơ giải quyết tranh chấp đất đai xã Tân Hưng",
                "HS-2:RECEIVED:Tập báo cáo tổng kết công tác năm 2019 (bản sửa)",
                "HS-3:DESTROYED:Sổ công văn đi năm 2010", "HS-4:WITHDRAWN:Hồ sơ nhập nhầm", "HS-MAT:AT_SITE:null");
        assertThat(hubBoxes()).isEqualTo(agentBoxes(a));
        assertThat(hubBoxes()).extracting(box -> box.get(0) + ":" + box.get(4) + ":" + box.get(6))
                .containsExactly("H1:SEALED:RECEIVED", "H2:PACKED:AT_SITE");
        assertThat(hub("""
                SELECT file_code, decision, basis, council_decision_ref, appraised_on FROM appraisals
                WHERE site_code = ? ORDER BY 1""", A)).isEqualTo(agent(a, """
                SELECT file_code, decision, basis, council_decision_ref, appraised_on FROM appraisals ORDER BY 1"""));
        assertThat(hub("""
                SELECT file_code, object_key, encode(sha256, 'hex'), size_bytes, media_type, page_count, resolution_dpi
                FROM digital_objects WHERE site_code = ? ORDER BY 1, 2""", A)).isEqualTo(agent(a, """
                SELECT file_code, object_key, lower(hex(sha256)), size_bytes, media_type, page_count, resolution_dpi
                FROM digital_objects ORDER BY 1, 2"""));
        assertThat(hub("""
                SELECT fonds_code, name, creating_body, creating_unit_code, start_date, end_date, closed FROM fonds
                WHERE site_code = ? ORDER BY 1""", A)).isEqualTo(agent(a, """
                SELECT fonds_code, name, creating_body, creating_unit_code, start_date, end_date,
                    CASE closed WHEN 1 THEN 'true' ELSE 'false' END FROM fonds ORDER BY 1"""));
        assertThat(hub("""
                SELECT location_code, name, address, area_square_metres, shelf_count, capacity_metres
                FROM storage_locations WHERE site_code = ? ORDER BY 1""", A)).isEqualTo(agent(a, """
                SELECT location_code, name, address, area_square_metres, shelf_count, capacity_metres
                FROM storage_locations ORDER BY 1"""));
        assertThat(hub("""
                SELECT fonds_code, sorted_metres, unsorted_metres, ready_to_digitize_metres, as_of FROM extents
                WHERE site_code = ? ORDER BY 1""", A)).isEqualTo(agent(a, """
                SELECT fonds_code, sorted_metres, unsorted_metres, ready_to_digitize_metres, as_of FROM extents
                ORDER BY 1"""));

        // Custody across the two sites: the sender's side and the receiver's side make one completed handover.
        assertThat(hub("""
                SELECT status, sender_site_code, receiver_kind, receiving_unit_code, receiving_site_code,
                    minutes_number, metres, handed_over_on, receiver_site_code, received_minutes_number,
                    received_metres, received_on FROM handovers WHERE handover_id = ?::uuid""", handover.toString()))
                .containsExactly(List.of("RECEIVED", A, "SUCCESSOR_UNIT", "CM.XA.TANHUNG", B, "BB-01/2025", "0.10",
                        day.plusDays(19).toString(), B, "BB-01/2025", "0.10", day.plusDays(20).toString()));
        assertThat(agent(a, "SELECT receiver_kind, receiving_unit_code, receiving_site_code, minutes_number, metres,"
                + " handed_over_on FROM handovers WHERE direction = 'SENT'")).containsExactly(List.of("SUCCESSOR_UNIT",
                "CM.XA.TANHUNG", B, "BB-01/2025", "0.10", day.plusDays(19).toString()));
        assertThat(agent(b, "SELECT sender_site_code, minutes_number, metres, handed_over_on FROM handovers"
                + " WHERE direction = 'RECEIVED'")).containsExactly(List.of(A, "BB-01/2025", "0.10",
                day.plusDays(20).toString()));
        assertThat(hub("SELECT item_kind, fonds_code, item_key, sent::text, received::text FROM handover_items"
                + " WHERE handover_id = ?::uuid", handover.toString()))
                .containsExactly(List.of("BOX", FONDS, "H1", "true", "true"));

        // Destruction: a tombstone per destroyed file, the file kept.
        assertThat(hub("""
                SELECT destruction_id::text, decision_ref, first_approver, second_approver, minutes_number, metres,
                    destroyed_on, status FROM destructions WHERE site_code = ?""", A)).isEqualTo(agent(a, """
                SELECT destruction_id, decision_ref, first_approver, second_approver, minutes_number, metres,
                    destroyed_on, 'APPLIED' FROM destructions"""));
        assertThat(hub("SELECT fonds_code, file_code, destruction_id::text, decision_ref, minutes_number, destroyed_on"
                + " FROM tombstones WHERE site_code = ? ORDER BY 1, 2", A)).isEqualTo(agent(a, """
                SELECT f.fonds_code, f.file_code, d.destruction_id, d.decision_ref, d.minutes_number, d.destroyed_on
                FROM files f JOIN destructions d ON d.destruction_id = f.destruction_id
                WHERE f.status = 'DESTROYED' ORDER BY 1, 2""")).hasSize(1);
        assertThat(hub("SELECT count(*) FROM quarantine", null)).containsExactly(List.of("0"));
        assertThat(hub("SELECT count(*) FROM parked_events", null)).containsExactly(List.of("0"));

        // The hub's cursor goes back to each agent through archive.site-cursors.
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            for (RealAgent agent : List.of(a, b)) {
                DeliveryState seen = agent.outbox().delivery();
                assertThat(seen.hubCursorSequence()).isEqualTo(agent.lastSequence());
                assertThat(seen.hubCursorHash()).isEqualTo(agent.outbox().hashAt(agent.lastSequence()));
                assertThat(seen.hubQuarantined()).isFalse();
            }
        });
    }

    private RealAgent agent(RealAgent agent) {
        agents.add(agent);
        return agent;
    }

    private static RecordFile file(String code, String box, String title, RetentionKind retention, Integer years) {
        return new RecordFile(FONDS, code, box, title, LocalDate.parse("2010-01-04"), LocalDate.parse("2019-12-30"), 42,
                84, retention, years, AccessRegime.OPEN, null, "vi", List.of("đất đai", "Cái Nước"), "tốt",
                "chuyển giao cho xã");
    }

    /**
     * One office keeps two fonds, each numbering its boxes from H001 (#16). EXPECTATION PENDING THE AGENT: until the
     * "agentrec" branch keys the agent's boxes by (fonds, box), the agent's Recorder itself refuses the files of the
     * first fonds' H001 ("box belongs to another fonds"), so the test is skipped while the agent's boxes table has no
     * fonds in its primary key, and runs by itself once it has. The hub side is covered by
     * SiteEventIngestTest.twoFondsOfOneOfficeEachKeepTheirOwnBoxH001.
     */
    @Test
    void twoFondsOfOneOfficeBothNumberedFromH001ReachTheCatalogueSeparately() {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "agent-e2e-" + UUID.randomUUID());
        URI hub = URI.create("http://localhost:" + PORT);
        String site = "CM.E2E.HAIPHONG";
        String first = "E2E.HP.A";
        String second = "E2E.HP.B";
        RealAgent a = agent(RealAgent.enroll(sites, hub, dir, site, "CM.CAINUOC"));
        assumeTrue(!agent(a, "SELECT name FROM pragma_table_info('boxes') WHERE pk > 0 AND name = 'fonds_code'")
                .isEmpty(), "the agent keys its boxes by (office, box) until the agentrec branch is merged");
        a.recorder().recordAll(List.of(
                new RegisterFonds(first, "Phông UBND huyện", "UBND huyện Cái Nước", "CM.CAINUOC", null, null, null),
                new RegisterFonds(second, "Phông Phòng Nội vụ", "Phòng Nội vụ huyện Cái Nước", "CM.CAINUOC", null,
                        null, null),
                new PackBox("H001", first, null, new BigDecimal("0.10")),
                new PackBox("H001", second, null, new BigDecimal("0.12")),
                fileOf(first, "HS-1", "H001", "Tập nghị quyết HĐND huyện"),
                fileOf(second, "HS-1", "H001", "Tập hồ sơ thi đua khen thưởng"),
                fileOf(second, "HS-2", "H001", "Tập hồ sơ tổ chức cán bộ")));
        a.startPublishing(broker.getBrokersAsString(), "http://localhost:" + PORT + "/registry");

        await().atMost(60, TimeUnit.SECONDS).until(() -> cursor(site) == a.lastSequence());
        assertThat(hub("SELECT fonds_code, box_code, metres FROM boxes WHERE site_code = ? ORDER BY fonds_code", site))
                .containsExactly(List.of(first, "H001", "0.10"), List.of(second, "H001", "0.12"));
        assertThat(hub("SELECT fonds_code, file_code, box_code FROM files WHERE site_code = ? ORDER BY 1, 2", site))
                .containsExactly(List.of(first, "HS-1", "H001"), List.of(second, "HS-1", "H001"),
                        List.of(second, "HS-2", "H001"));
        assertThat(hub("SELECT reason, record FROM refused_events WHERE site_code = ?", site)).isEmpty();
        assertThat(hub("SELECT kind FROM alerts WHERE site_code = ?", site)).isEmpty();
    }

    private static RecordFile fileOf(String fonds, String code, String box, String title) {
        return new RecordFile(fonds, code, box, title, LocalDate.parse("2010-01-04"), LocalDate.parse("2019-12-30"), 42,
                84, RetentionKind.PERMANENT, null, AccessRegime.OPEN, null, "vi", List.of(), null, null);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The same facts read from both sides, as lists of text columns (metres as plain decimals, dates ISO).

    private List<List<String>> hubFiles() {
        return hub("""
                SELECT file_code, box_code, title, start_date, end_date, sheet_count, page_count, retention,
                    retention_years, access_regime, secret_level, language,
                    nullif(array_to_string(keywords, E'\\n'), ''), physical_condition, notes, custody_state,
                    holding_unit_code
                FROM files WHERE fonds_code = ? ORDER BY file_code""", FONDS);
    }

    /** The agent's files as the hub must hold them: its statuses mapped to the hub's custody states. */
    private List<List<String>> agentFiles(RealAgent a) {
        return agent(a, """
                SELECT file_code, box_code, title, start_date, end_date, sheet_count, page_count, retention,
                    retention_years, access_regime, secret_level, language, keywords, physical_condition, notes,
                    CASE status WHEN 'ACTIVE' THEN 'AT_SITE' WHEN 'HANDED_OVER' THEN 'RECEIVED' ELSE status END,
                    CASE status WHEN 'HANDED_OVER' THEN 'CM.XA.TANHUNG' END
                FROM files ORDER BY file_code""");
    }

    private List<List<String>> hubBoxes() {
        return hub("""
                SELECT box_code, fonds_code, location_code, metres, state, seal_number, custody_state FROM boxes
                WHERE site_code = ? ORDER BY box_code""", A);
    }

    private List<List<String>> agentBoxes(RealAgent a) {
        return agent(a, """
                SELECT box_code, fonds_code, location_code, metres, state, seal_number,
                    CASE custody WHEN 'HANDED_OVER' THEN 'RECEIVED' ELSE custody END
                FROM boxes ORDER BY box_code""");
    }

    private List<List<String>> hubEvents(String site) {
        return hub("""
                SELECT sequence, encode(hash, 'hex'), encode(signature, 'hex'), key_id, type FROM events
                WHERE site_code = ? ORDER BY sequence""", site);
    }

    private List<List<String>> agentEvents(RealAgent agent) {
        return agent(agent, """
                SELECT sequence, lower(hex(hash)), nullif(lower(hex(signature)), ''), key_id, type FROM outbox
                ORDER BY sequence""");
    }

    private List<List<String>> hub(String sql, String parameter) {
        var spec = jdbc.sql(sql);
        if (parameter != null) {
            spec = spec.param(parameter);
        }
        return spec.query((rs, n) -> row(rs)).list();
    }

    private static List<List<String>> agent(RealAgent agent, String sql) {
        return agent.read(c -> {
            List<List<String>> rows = new ArrayList<>();
            try (var statement = c.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        });
    }

    private static List<String> row(ResultSet rs) throws SQLException {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            Object value = rs.getObject(i);
            row.add(value == null ? null : value instanceof BigDecimal d ? d.toPlainString()
                    : value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value.toString());
        }
        return row;
    }

    private long cursor(String site) {
        return jdbc.sql("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = :s")
                .param("s", site).query(Long.class).single();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
