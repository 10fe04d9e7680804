package org.archivesync.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.archivesync.agent.access.LocalAccounts;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.importer.TestSheets;
import org.archivesync.agent.importer.TestSheets.Formula;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.LocalApi;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.StoreDump;
import org.archivesync.agent.testing.TestHub;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.avro.FileRecorded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/imports} on a running agent: a preview by default, a real import on request, refusals as 422; and
 * the scan watcher as the service configures it, its issues in {@code GET /api/status}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "archive-sync.agent.publisher.enabled=false",
        "archive-sync.agent.recording.clerk=can.bo.mac.dinh",
        "archive-sync.agent.scans.stable-for=200ms",
        "archive-sync.agent.scans.rescan-interval=500ms",
        "archive-sync.agent.scans.poll-interval=50ms"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImportApiTest {

    static final Path DB = TestPaths.database("rest-import");
    static final TestHub HUB = TestHub.start().site("CM.CAINUOC.UBND", "tok");
    static final String FONDS = "PHONG.CN";
    static final Path SCANS = DB.resolveSibling("scans");
    static final String CLERK_PASSWORD = "mat-khau-cua-b-1";

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("archive-sync.agent.store.path", DB::toString);
        registry.add("archive-sync.agent.scans.dir", () -> SCANS.toString());
        registry.add("archive-sync.agent.objects.local-dir", () -> DB.resolveSibling("objects").toString());
    }

    @AfterAll
    static void stopHub() {
        HUB.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    Enrollment enrollment;

    @Autowired
    Recorder recorder;

    @Autowired
    AgentStore store;

    @Autowired
    Outbox outbox;

    final HttpClient http = HttpClient.newHttpClient();
    final JsonMapper json = JsonMapper.builder().build();

    record Answer(int status, String contentType, JsonNode body) {
    }

    @org.junit.jupiter.api.BeforeEach
    void clerkAccount() {
        LocalAccounts accounts = new LocalAccounts(store, java.time.Clock.systemUTC());
        if (accounts.list().isEmpty()) {
            accounts.add("tran.thi.b", LocalAccounts.Role.CLERK, CLERK_PASSWORD);
        }
    }

    /** A multipart/form-data upload of {@code file}, with the query string {@code query}, as clerk tran.thi.b. */
    Answer upload(Path file, String query, String language) throws Exception {
        String boundary = "----archive-sync-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(file));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = LocalApi.request(port, "/api/imports" + query)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", LocalApi.basic("tran.thi.b", CLERK_PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).timeout(Duration.ofSeconds(30));
        if (language != null) {
            b.header("Accept-Language", language);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), json.readTree(r.body()));
    }

    static Path sheet() {
        return TestSheets.xlsx()
                .row(1, "MỤC LỤC HỒ SƠ").merge("A1:G1")
                .row(2, "Phông: UBND huyện Cái Nước").merge("A2:G2")
                .row(4, "STT", "Mã hồ sơ", "Tiêu đề", "Ngày tháng năm", "Số tờ", "Thời hạn bảo quản", "Hộp")
                .row(5, 1, "HS-01", "Hồ sơ giao đất", "2001-2004", 12, "VV", "H-01")
                .row(6, 2, "HS-02", "Hồ sơ xây cầu", "05/03/2003", 7, "10", "H-01")
                .row(7, 3, "HS-02", "Hồ sơ xây cầu lần 2", "2003", 3, "10", "H-01")
                .row(8, 4, "HS-04", "Kế hoạch phòng thủ", "2008", 9, "Vĩnh viễn", "H-01")
                .write(TestSheets.dir("rest").resolve("muc-luc-rest.xlsx"));
    }

    @Test
    @Order(1)
    void aPreviewIsTheDefaultAndRecordsNothing() throws Exception {
        enrollment.enroll(HUB.url(), "CM.CAINUOC.UBND", "tok", DB.resolveSibling("site-key.pk8"));
        recorder.registerFonds(new RegisterFonds(FONDS, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", null, null,
                null, false));
        recorder.packBox(new PackBox("H-01", FONDS, null, new BigDecimal("0.10")));
        Map<String, List<String>> before = StoreDump.of(store);

        Answer a = upload(sheet(), "?fonds=" + FONDS, null);

        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().path("dryRun").asBoolean()).isTrue();
        assertThat(a.body().path("report").path("headerRow").asInt()).isEqualTo(4);
        assertThat(a.body().path("report").path("rowsRead").asInt()).isEqualTo(4);
        assertThat(a.body().path("report").path("rowsValid").asInt()).isEqualTo(2);
        assertThat(a.body().path("report").path("problems").get(0).path("reason").asString())
                .isEqualTo("DUPLICATE_FILE_CODE");
        assertThat(a.body().path("files").path("created").asInt()).isEqualTo(2);
        assertThat(a.body().path("recorded").isNull()).isTrue();
        assertThat(StoreDump.of(store)).isEqualTo(before);
    }

    @Test
    @Order(2)
    void aRealImportRecordsTheValidRowsSignedOnce() throws Exception {
        long last = outbox.status().lastRecordedSequence();

        Answer a = upload(sheet(), "?fonds=" + FONDS + "&dryRun=false", "en");

        assertThat(a.status()).isEqualTo(201);
        assertThat(a.body().path("files").path("created").asInt()).isEqualTo(2);
        assertThat(a.body().path("recorded").path("firstSequence").asLong()).isEqualTo(last + 1);
        assertThat(a.body().path("recorded").path("lastSequence").asLong()).isEqualTo(last + 2);
        List<OutboxEntry> rows = outbox.range(last + 1, last + 2);
        assertThat(rows).extracting(OutboxEntry::signed).containsExactly(false, true);
        assertThat(rows).extracting(r -> ((FileRecorded) OutboxChecks.decode(r).getPayload()).getFileCode())
                .containsExactly("HS-01", "HS-04");
        assertThat(OutboxChecks.decode(rows.get(0)).getRecordedBy()).isEqualTo("tran.thi.b");

        Answer again = upload(sheet(), "?fonds=" + FONDS + "&dryRun=false", null);

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().path("files").path("unchanged").asInt()).isEqualTo(2);
        assertThat(again.body().path("recorded").isNull()).isTrue();
        assertThat(outbox.status().lastRecordedSequence()).isEqualTo(last + 2);
    }

    @Test
    @Order(3)
    void aRefusedFileIsAProblemDetailWithTheReport() throws Exception {
        Path formulas = TestSheets.xlsx()
                .row(1, "Số ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Số tờ", "Thời hạn bảo quản")
                .row(2, "HS-10", "Hồ sơ", new Formula("1+1"), "Vĩnh viễn")
                .write(TestSheets.dir("rest").resolve("cong-thuc-rest.xlsx"));
        Map<String, List<String>> before = StoreDump.of(store);

        Answer vi = upload(formulas, "?fonds=" + FONDS + "&dryRun=false", null);
        Answer en = upload(formulas, "?fonds=" + FONDS, "en");

        assertThat(vi.status()).isEqualTo(422);
        assertThat(vi.contentType()).startsWith("application/problem+json");
        assertThat(vi.body().path("title").asString()).isEqualTo("Không nhập tệp");
        assertThat(vi.body().path("reason").asString()).isEqualTo("import.refused.formula-cells");
        assertThat(vi.body().path("detail").asString()).contains("cong-thuc-rest.xlsx", "công thức");
        assertThat(vi.body().path("report").path("problems").get(0).path("cell").asString()).isEqualTo("C2");
        assertThat(en.body().path("title").asString()).isEqualTo("File not imported");
        assertThat(StoreDump.of(store)).isEqualTo(before);
    }

    @Test
    @Order(4)
    void theServiceWatchesTheScanFolderAndStatusShowsWhatItRefused() throws Exception {
        // HS-04 was imported as an open file; it is reclassified before its scan arrives.
        recorder.recordFile(org.archivesync.agent.recording.RecordFile.secretStub(FONDS, "HS-04", "H-01", 9,
                org.archivesync.avro.RetentionKind.PERMANENT, null, org.archivesync.avro.SecretLevel.SECRET));
        Path scan = pdf(SCANS.resolve(FONDS).resolve("HS-01").resolve("quet.pdf"), 3);
        Path secret = pdf(SCANS.resolve(FONDS).resolve("HS-04").resolve("mat.pdf"), 2);
        byte[] secretBytes = Files.readAllBytes(secret);

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> OutboxChecks.all(outbox).stream()
                .anyMatch(e -> OutboxChecks.decode(e).getPayload() instanceof org.archivesync.avro.FileDigitized));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> status("en").path("scanIssues").size() == 1);

        JsonNode issue = status("en").path("scanIssues").get(0);
        assertThat(issue.path("path").asString()).isEqualTo(FONDS + "/HS-04/mat.pdf");
        assertThat(issue.path("kind").asString()).isEqualTo("SECRET_REFUSED");
        assertThat(issue.path("message").asString()).contains("offline computer");
        assertThat(status(null).path("scanIssues").get(0).path("message").asString())
                .contains("máy tính không kết nối mạng");
        assertThat(Files.readAllBytes(secret)).isEqualTo(secretBytes);
        assertThat(DB.resolveSibling("objects").resolve(FONDS).resolve("HS-01")).isDirectory();
        assertThat(DB.resolveSibling("objects").resolve(FONDS).resolve("HS-04")).doesNotExist();
        assertThat(scan).exists();
    }

    @Test
    @Order(5)
    void createBoxesPacksTheSheetsNewBoxesBeforeItsFilesInTheSameTransaction() throws Exception {
        Path sheet = TestSheets.xlsx()
                .row(1, "Hộp số", "Hồ sơ số", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian", "Thời hạn bảo quản")
                .row(2, "H-20", 1, "01.TH", "Báo cáo tổng kết năm 2019", "2019", "Vĩnh viễn")
                .row(3, "H-20", 2, "01.TH", "Báo cáo tổng kết năm 2020", "2020", "Vĩnh viễn")
                .row(4, "H-21", 3, "02.QH", "Hồ sơ quy hoạch", "2020", "10")
                .row(5, "H-01", 4, "03.QH", "Hồ sơ trong hộp đã có", "2020", "10")
                .write(TestSheets.dir("rest").resolve("tao-hop.xlsx"));
        long last = outbox.status().lastRecordedSequence();
        Map<String, List<String>> before = StoreDump.of(store);

        Answer refused = upload(sheet, "?fonds=" + FONDS + "&listNumber=2", null);
        Answer preview = upload(sheet, "?fonds=" + FONDS + "&listNumber=2&createBoxes=true", "en");

        assertThat(refused.body().path("report").path("problems").size()).isEqualTo(3);
        assertThat(refused.body().path("report").path("problems").get(0).path("reason").asString())
                .isEqualTo("BOX_NOT_REGISTERED");
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body().path("report").path("problems").isEmpty()).isTrue();
        assertThat(preview.body().path("boxesCreated").path("count").asInt()).isEqualTo(2);
        assertThat(preview.body().path("boxesCreated").path("boxes").toString())
                .isEqualTo("[\"PHONG.CN/H-20\",\"PHONG.CN/H-21\"]");
        assertThat(preview.body().path("files").path("created").asInt()).isEqualTo(4);
        assertThat(StoreDump.of(store)).isEqualTo(before);
        Answer noShelf = upload(sheet, "?fonds=" + FONDS + "&createBoxes=true&boxMetres=0&dryRun=false", "en");
        assertThat(noShelf.status()).isEqualTo(400);
        assertThat(noShelf.body().path("field").asString()).isEqualTo("boxMetres");
        assertThat(noShelf.body().path("detail").asString()).contains("greater than 0");
        assertThat(StoreDump.of(store)).isEqualTo(before);

        Answer real = upload(sheet, "?fonds=" + FONDS + "&listNumber=2&createBoxes=true&boxMetres=0.12&dryRun=false",
                null);

        assertThat(real.status()).isEqualTo(201);
        assertThat(real.body().path("recorded").path("firstSequence").asLong()).isEqualTo(last + 1);
        assertThat(real.body().path("recorded").path("lastSequence").asLong()).isEqualTo(last + 6);
        List<OutboxEntry> rows = outbox.range(last + 1, last + 6);
        assertThat(rows).extracting(OutboxEntry::signed).containsExactly(false, false, false, false, false, true);
        assertThat(rows).extracting(r -> {
            Object payload = OutboxChecks.decode(r).getPayload();
            return payload instanceof org.archivesync.avro.BoxRecorded box
                    ? "box " + box.getFondsCode() + "/" + box.getBoxCode() + " " + box.getMetres()
                    : "file " + ((FileRecorded) payload).getFileCode() + " in " + ((FileRecorded) payload).getBoxCode();
        }).containsExactly("box PHONG.CN/H-20 0.12", "box PHONG.CN/H-21 0.12",
                "file PHONG.CN.2019.01.TH.2 in H-20", "file PHONG.CN.2020.01.TH.2 in H-20",
                "file PHONG.CN.2020.02.QH.2 in H-21", "file PHONG.CN.2020.03.QH.2 in H-01");
        assertThat(recorder.boxKeys()).contains(new org.archivesync.agent.recording.BoxKey(FONDS, "H-20"),
                new org.archivesync.agent.recording.BoxKey(FONDS, "H-21"));
    }

    JsonNode status(String language) throws Exception {
        HttpRequest.Builder b = LocalApi.request(port, "/api/status").GET()
                .header("Authorization", LocalApi.bearer(DB));
        if (language != null) {
            b.header("Accept-Language", language);
        }
        return json.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    static Path pdf(Path file, int pages) throws Exception {
        Files.createDirectories(file.getParent());
        Path written = file.resolveSibling(file.getFileName() + ".tmp");
        try (org.apache.pdfbox.pdmodel.PDDocument document = new org.apache.pdfbox.pdmodel.PDDocument()) {
            document.getDocumentInformation().setTitle(file.toString());
            for (int i = 0; i < pages; i++) {
                document.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            }
            document.save(written.toFile());
        }
        // Written aside and renamed, as a scanner's software does: the watcher never sees half a file.
        return Files.move(written, file);
    }
}
