package org.archivesync.hub.catalogue;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.digitized;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.received;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Map;
import java.util.UUID;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.archivesync.hub.security.Role;
import org.archivesync.hub.security.Users;
import org.archivesync.hub.testing.TestOperators;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * A rogue office with its own valid key and credentials tries to change records another office holds: Cái Nước's
 * fonds, its files, its handovers. Every attempt is refused (kept in the event log, not applied, alerted), the rogue is
 * not quarantined, the rightful office keeps recording, and a rebuild refuses the same events again. Real signed agent
 * events through the real ingest into real PostgreSQL.
 */
class RogueOfficeTest extends DomainTest {

    @Autowired
    Users users;

    private Agent caiNuoc;
    private Agent rogue;
    private String f;

    @BeforeEach
    void caiNuocHoldsItsFonds() {
        caiNuoc = site("CAINUOC.UBND", "32125", "DISTRICT_OFFICE");
        rogue = site("ROGUE", "32131", "COMMUNE");
        f = "CM.CAINUOC.UBND.F" + unique();
        record(caiNuoc, fonds(f, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", "32125", "1990-01-01", "2025-06-30"),
                box("H001", f, null, "0.10", true),
                file(f, "HS.0001", "H001", "Hồ sơ quy hoạch sử dụng đất", 40),
                file(f, "HS.0002", "H001", "Hồ sơ giải quyết khiếu nại", 20),
                appraised(f, "HS.0002", AppraisalDecision.KEEP_AT_SUCCESSOR, "2025-07-10"));
    }

    @Test
    void anotherOfficesFondsCannotBeClaimed() {
        record(rogue, fonds(f, "Phông giả", "Cơ quan giả", "32131", "1990-01-01", null));

        assertThat(holder()).isEqualTo(caiNuoc.siteCode);
        assertThat(jdbc.sql("SELECT name FROM fonds WHERE fonds_code = :f").param("f", f).query(String.class).single())
                .isEqualTo("Phông UBND huyện Cái Nước");
        assertRefused(rogue, 1, "FONDS_HELD_ELSEWHERE", "fonds " + f, caiNuoc.siteCode);
    }

    @Test
    void anotherOfficesFileCannotBeRewritten() {
        record(rogue, file(f, "HS.0001", "H001", "Tiêu đề bị sửa", 1), file(f, "HS.9999", null, "Hồ sơ chen vào", 1),
                extent(f, "1.00", "0.00"), box("H001", f, null, "9.00", false));

        Map<String, Object> hs1 = jdbc.sql("SELECT title, site_code, holder_site_code, sheet_count FROM files "
                + "WHERE fonds_code = :f AND file_code = 'HS.0001'").param("f", f).query().singleRow();
        assertThat(hs1).containsEntry("title", "Hồ sơ quy hoạch sử dụng đất").containsEntry("site_code", caiNuoc.siteCode)
                .containsEntry("holder_site_code", caiNuoc.siteCode).containsEntry("sheet_count", 40);
        assertThat(count("SELECT count(*) FROM files WHERE fonds_code = '" + f + "' AND file_code = 'HS.9999'")).isZero();
        assertThat(count("SELECT count(*) FROM extents WHERE fonds_code = '" + f + "'")).isZero();
        assertThat(count("SELECT count(*) FROM boxes WHERE site_code = '" + rogue.siteCode + "'")).isZero();
        assertRefused(rogue, 1, "NOT_HELD", "file " + f + "/HS.0001", caiNuoc.siteCode);
        assertRefused(rogue, 2, "FONDS_HELD_ELSEWHERE", "file " + f + "/HS.9999", caiNuoc.siteCode);
        assertRefused(rogue, 3, "FONDS_HELD_ELSEWHERE", "extent of fonds " + f, caiNuoc.siteCode);
        assertRefused(rogue, 4, "FONDS_HELD_ELSEWHERE", "box " + f + "/H001", caiNuoc.siteCode);
        // The events keep their place in the rogue's chain: its cursor moved past them and it is not quarantined.
        assertThat(count("SELECT last_sequence FROM site_cursors WHERE site_code = '" + rogue.siteCode
                + "' AND NOT quarantined")).isEqualTo(4);
        assertThat(count("SELECT count(*) FROM events WHERE site_code = '" + rogue.siteCode + "'")).isEqualTo(4);
    }

    @Test
    void anotherOfficesFileCannotBeAppraisedWithdrawnDigitizedOrDestroyed() {
        record(rogue, appraised(f, "HS.0002", AppraisalDecision.DESTROY, "2025-07-11"));
        record(rogue, FileWithdrawn.newBuilder().setFile(ref(f, "HS.0001")).setReason("nhầm").build());
        record(rogue, digitized(f, "HS.0001", 3));
        record(rogue, destruction(UUID.randomUUID(), "QĐ 1/QĐ-UBND", "BB-HUY-1", "Nguyễn Văn A", "Trần Thị B", "0.10",
                "2025-07-12", ref(f, "HS.0002")));

        assertThat(jdbc.sql("SELECT decision FROM appraisals WHERE fonds_code = :f AND file_code = 'HS.0002'")
                .param("f", f).query(String.class).single()).isEqualTo("KEEP_AT_SUCCESSOR");
        assertThat(jdbc.sql("SELECT custody_state FROM files WHERE fonds_code = :f ORDER BY file_code").param("f", f)
                .query(String.class).list()).containsExactly("AT_SITE", "AT_SITE");
        assertThat(count("SELECT count(*) FROM digital_objects WHERE fonds_code = '" + f + "'")).isZero();
        assertThat(count("SELECT count(*) FROM destructions WHERE site_code = '" + rogue.siteCode + "'")).isZero();
        assertThat(count("SELECT count(*) FROM tombstones WHERE fonds_code = '" + f + "'")).isZero();
        for (long sequence = 1; sequence <= 4; sequence++) {
            assertRefused(rogue, sequence, "NOT_HELD", null, caiNuoc.siteCode);
        }
    }

    @Test
    void handoverIsConfirmedOnlyByItsNamedReceiverAndCustodyMovesWithIt() {
        Agent successor = site("CAINUOC.XA", "32125", "COMMUNE");
        UUID id = UUID.randomUUID();
        record(caiNuoc, handover(id, ReceiverKind.SUCCESSOR_UNIT, "32125", successor.siteCode, "BB-GN-01", "0.10",
                "2025-06-20", List.of(f + "/H001"), ref(f, "HS.0001"), ref(f, "HS.0002")));

        // In transit: neither side may change the files.
        record(caiNuoc, file(f, "HS.0001", "H001", "Sửa khi đang giao", 40));
        assertRefused(caiNuoc, 7, "IN_TRANSIT", "file " + f + "/HS.0001", null);

        // A third office cannot confirm it.
        record(rogue, received(id, caiNuoc.siteCode, "BB-GN-01", "0.10", "2025-06-21", null, List.of(f + "/H001"),
                ref(f, "HS.0001"), ref(f, "HS.0002")));
        assertRefused(rogue, 1, "NOT_RECEIVER", "handover " + id, successor.siteCode);
        assertThat(status(id)).isEqualTo("IN_TRANSIT");

        record(successor, received(id, caiNuoc.siteCode, "BB-GN-01", "0.10", "2025-06-21", null, List.of(f + "/H001"),
                ref(f, "HS.0001"), ref(f, "HS.0002")));
        assertThat(status(id)).isEqualTo("RECEIVED");
        assertThat(jdbc.sql("SELECT DISTINCT holder_site_code FROM files WHERE fonds_code = :f").param("f", f)
                .query(String.class).list()).containsExactly(successor.siteCode);

        // The receiver now records on them; the sender no longer may.
        record(successor, appraised(f, "HS.0001", AppraisalDecision.TRANSFER_TO_HISTORICAL, "2025-07-01"));
        record(caiNuoc, appraised(f, "HS.0001", AppraisalDecision.DESTROY, "2025-07-02"));
        assertThat(jdbc.sql("SELECT decision FROM appraisals WHERE fonds_code = :f AND file_code = 'HS.0001'")
                .param("f", f).query(String.class).single()).isEqualTo("TRANSFER_TO_HISTORICAL");
        assertRefused(caiNuoc, 8, "NOT_HELD", "file " + f + "/HS.0001", successor.siteCode);
    }

    @Test
    void receiptRecordedFirstByAnOfficeTheSenderDoesNotNameIsClearedAndRefused() {
        Agent successor = site("CAINUOC.XA2", "32125", "COMMUNE");
        UUID id = UUID.randomUUID();
        record(rogue, received(id, caiNuoc.siteCode, "BB-GN-02", "0.10", "2025-06-21", null, List.of(f + "/H001")));
        record(caiNuoc, handover(id, ReceiverKind.SUCCESSOR_UNIT, "32125", successor.siteCode, "BB-GN-02", "0.10",
                "2025-06-20", List.of(f + "/H001")));

        assertThat(status(id)).isEqualTo("IN_TRANSIT");
        assertRefused(rogue, 1, "NOT_RECEIVER", "handover " + id, successor.siteCode);
    }

    @Test
    void rightfulOfficeKeepsRecordingAndTheRefusalIsAlerted() {
        record(rogue, file(f, "HS.0001", "H001", "Tiêu đề bị sửa", 1));
        record(caiNuoc, file(f, "HS.0003", "H001", "Hồ sơ mới của Cái Nước", 12));

        assertThat(count("SELECT count(*) FROM files WHERE fonds_code = '" + f + "'")).isEqualTo(3);
        http.get().uri("/api/sites/" + rogue.siteCode + "/refusals").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.refusals[0].sequence").isEqualTo(1)
                .jsonPath("$.refusals[0].reason").isEqualTo("NOT_HELD")
                .jsonPath("$.refusals[0].holderSiteCode").isEqualTo(caiNuoc.siteCode);
        assertThat(jdbc.sql("SELECT detail FROM alerts WHERE kind = 'RECORD_NOT_HELD' AND site_code = :s AND sequence = 1")
                .param("s", rogue.siteCode).query(String.class).single())
                .contains("file " + f + "/HS.0001").contains(caiNuoc.siteCode).doesNotContain("Tiêu đề");
        // The console's alerts page shows it, named in Vietnamese.
        String page = http.get().uri("/alerts?kind=RECORD_NOT_HELD").exchange().expectStatus().isOk()
                .returnResult(String.class).getResponseBody();
        assertThat(page).contains("Thay đổi hồ sơ do cơ quan khác quản lý");
        // And the Sites page, on the rogue's row.
        String sites = http.get().uri("/sites").exchange().expectStatus().isOk().returnResult(String.class)
                .getResponseBody();
        assertThat(sites).contains("1 sự kiện bị từ chối").contains("hồ sơ " + f + "/HS.0001");
    }

    @Test
    void operatorReassignsAFondsAndARebuildRefusesTheSameEventsAgain() {
        record(rogue, file(f, "HS.0001", "H001", "Tiêu đề bị sửa", 1));
        http.put().uri("/api/fonds/" + f + "/holder").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("siteCode", rogue.siteCode, "reason", "Sáp nhập cơ quan theo Nghị quyết 1655"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.filesMoved").isEqualTo(2);
        record(rogue, file(f, "HS.0001", "H001", "Tiêu đề của cơ quan mới", 41));
        record(caiNuoc, file(f, "HS.0002", "H001", "Sửa sau khi đã chuyển", 1));
        assertThat(holder()).isEqualTo(rogue.siteCode);
        assertRefused(caiNuoc, 6, "NOT_HELD", "file " + f + "/HS.0002", rogue.siteCode);

        List<Map<String, Object>> refusedBefore = jdbc.sql("SELECT site_code, sequence, reason, record, holder_site_code "
                + "FROM refused_events ORDER BY site_code, sequence").query().listOfRows();
        List<Map<String, Object>> filesBefore = jdbc.sql("SELECT fonds_code, file_code, title, holder_site_code FROM files "
                + "WHERE fonds_code = :f ORDER BY file_code").param("f", f).query().listOfRows();
        ingest.rebuildCatalogue(TestOperators.USERNAME);

        assertThat(jdbc.sql("SELECT site_code, sequence, reason, record, holder_site_code FROM refused_events "
                + "ORDER BY site_code, sequence").query().listOfRows()).isEqualTo(refusedBefore);
        assertThat(jdbc.sql("SELECT fonds_code, file_code, title, holder_site_code FROM files WHERE fonds_code = :f "
                + "ORDER BY file_code").param("f", f).query().listOfRows()).isEqualTo(filesBefore);
        assertThat(filesBefore.get(0)).containsEntry("title", "Tiêu đề của cơ quan mới");
    }

    @Test
    void operatorReassignsTheFondsFromTheFilePage() throws Exception {
        // As a browser: the page (with the form and its CSRF token in the session), then the form.
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/catalogue/file?fonds=" + f + "&code=HS.0001")).header("Authorization", TestOperators.authorization())
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("id=\"reassign\"").contains("Cơ quan quản lý phông");
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).isTrue();

        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/catalogue/fonds-holder")).header("Authorization", TestOperators.authorization())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("fonds=" + f + "&code=HS.0001&siteCode=" + rogue.siteCode
                        + "&reason=" + URLEncoder.encode("Quyết định sáp nhập", StandardCharsets.UTF_8)
                        + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(holder()).isEqualTo(rogue.siteCode);
        assertThat(jdbc.sql("SELECT reassigned_by FROM fonds_reassignments WHERE fonds_code = :f").param("f", f)
                .query(String.class).single()).isEqualTo(TestOperators.USERNAME);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(count(
                "SELECT count(*) FROM audit_log WHERE action = 'POST /catalogue/fonds-holder'")).isPositive());
        assertThat(jdbc.sql("SELECT target FROM audit_log WHERE action = 'REASSIGN-FONDS' AND target LIKE :t")
                .param("t", f + " %").query(String.class).single()).contains(rogue.siteCode).contains("Quyết định sáp nhập");
    }

    @Test
    void onlyAnOperatorReassignsAFondsAndEverySignedInUserSeesWhoHoldsIt() {
        String name = "archivist-" + unique();
        users.create(name, null, "mat-khau-luu-tru-12".toCharArray(), Role.ARCHIVIST, "test");
        String archivist = "Basic " + java.util.Base64.getEncoder().encodeToString(
                (name + ":mat-khau-luu-tru-12").getBytes(StandardCharsets.UTF_8));
        RestTestClient asArchivist = RestTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", archivist).build();

        asArchivist.put().uri("/api/fonds/" + f + "/holder").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("siteCode", rogue.siteCode, "reason", "Quyết định sáp nhập")).exchange()
                .expectStatus().isForbidden();
        asArchivist.get().uri("/api/fonds/" + f + "/holder").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.holderSiteCode").isEqualTo(caiNuoc.siteCode);
        RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                .get().uri("/api/sites/" + rogue.siteCode + "/refusals").exchange().expectStatus().isUnauthorized();
        assertThat(holder()).isEqualTo(caiNuoc.siteCode);
    }

    @Test
    void reassignmentNeedsAReasonAKnownFondsAndAnEnrolledOffice() {
        http.put().uri("/api/fonds/" + f + "/holder").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("siteCode", "CM.KHONGCO", "reason", "x")).exchange().expectStatus().isBadRequest();
        http.put().uri("/api/fonds/" + f + "/holder").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("siteCode", rogue.siteCode, "reason", " ")).exchange().expectStatus().isBadRequest();
        http.put().uri("/api/fonds/KHONG.CO/holder").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("siteCode", rogue.siteCode, "reason", "x")).exchange().expectStatus().isNotFound();
        assertThat(holder()).isEqualTo(caiNuoc.siteCode);
    }

    private String holder() {
        return jdbc.sql("SELECT site_code FROM fonds_holders WHERE fonds_code = :f").param("f", f).query(String.class)
                .single();
    }

    private String status(UUID id) {
        return jdbc.sql("SELECT status FROM handovers WHERE handover_id = :id").param("id", id).query(String.class)
                .single();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private void assertRefused(Agent site, long sequence, String reason, String record, String holder) {
        Map<String, Object> row = jdbc.sql("SELECT reason, record, holder_site_code FROM refused_events "
                + "WHERE site_code = :s AND sequence = :q").param("s", site.siteCode).param("q", sequence).query()
                .singleRow();
        assertThat(row.get("reason")).isEqualTo(reason);
        if (record != null) {
            assertThat(row.get("record")).isEqualTo(record);
        }
        assertThat(row.get("holder_site_code")).isEqualTo(holder);
        assertThat(count("SELECT count(*) FROM alerts WHERE kind = 'RECORD_NOT_HELD' AND site_code = '" + site.siteCode
                + "' AND sequence = " + sequence)).isEqualTo(1);
    }
}
