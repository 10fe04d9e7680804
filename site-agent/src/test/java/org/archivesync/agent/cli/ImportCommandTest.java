package org.archivesync.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.archivesync.agent.importer.TestSheets;
import org.archivesync.agent.importer.TestSheets.Formula;
import org.archivesync.agent.importer.TestSheets.InFont;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.StoreDump;
import org.archivesync.agent.testing.TestHub;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerifier;
import org.archivesync.schemas.integrity.SiteKey;
import org.archivesync.schemas.integrity.SiteKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code archive-sync-agent import}: sheets built with POI, imported through the real command line into a real SQLite
 * file, then the files table and the outbox read back as the hub would.
 */
class ImportCommandTest {

    static final String FONDS = "PHONG.CN";
    /** "Cộng hoà xã hội chủ nghĩa Việt Nam" as typed with the TCVN3 (.VnTime) font. */
    static final String TCVN3 = "Céng hoµ x· héi chñ nghÜa ViÖt Nam";

    record Run(int exit, String out, String err) {
    }

    TestHub hub;
    Path db;
    Path dir;

    @BeforeEach
    void start() {
        hub = TestHub.start().site("CM.CAINUOC.UBND", "tok");
        db = TestPaths.database("cli-import");
        dir = db.getParent();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("--db", db.toString()));
        all.addAll(List.of(args));
        int exit = AgentCli.main(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Run ok(String... args) {
        Run r = cli(args);
        assertThat(r.exit()).as("exit of %s; err=%s", List.of(args), r.err()).isZero();
        return r;
    }

    /** Enrolled, two fonds, boxes H-01 and H-02 of PHONG.CN and H-03 of another fonds: sequences 1..5. */
    void office() {
        ok("enroll", "--hub", hub.url().toString(), "--site", "CM.CAINUOC.UBND", "--token", "tok");
        ok("record", "fonds", "--code", FONDS, "--name", "Phông UBND huyện Cái Nước", "--creating-body", "UBND huyện Cái Nước");
        ok("record", "fonds", "--code", "PHONG.KHAC", "--name", "Phông khác", "--creating-body", "UBND xã");
        ok("record", "pack-box", "--box", "H-01", "--fonds", FONDS, "--metres", "0.1");
        ok("record", "pack-box", "--box", "H-02", "--fonds", FONDS, "--metres", "0.1");
        ok("record", "pack-box", "--box", "H-03", "--fonds", "PHONG.KHAC", "--metres", "0.1");
    }

    /**
     * Title rows over a header on row 4 with a "Mã hồ sơ" column; a TCVN3 title, a duplicate code, a secret row, two
     * boxes that fail: one unknown, one of another fonds.
     */
    Path sheet(String name, String firstTitle) {
        return TestSheets.xlsx()
                .row(1, "ỦY BAN NHÂN DÂN HUYỆN CÁI NƯỚC").merge("A1:J1")
                .row(2, "MỤC LỤC HỒ SƠ").merge("A2:J2")
                .row(3, "Phông: UBND huyện Cái Nước (1999-2025)").merge("A3:J3")
                .row(4, "STT", "Mã hồ sơ", "Tiêu đề hồ sơ", "Thời gian bắt đầu", "Thời gian kết thúc", "Số tờ",
                        "Thời hạn bảo quản", "Chế độ sử dụng", "Hộp số", "Ghi chú")
                .row(5, 1, "HS-01", firstTitle, "01/02/2003", LocalDate.of(2003, 12, 15), "12 tờ", "Vĩnh viễn",
                        "Thường", "H-01", "")
                .row(6, 2, "HS-02", new InFont(TCVN3, ".VnTime"), "năm 2003", null, 15, "10 năm", null, "H-01")
                .row(7, 3, "HS-03", "Hồ sơ xây dựng trường học", "2006", "2006", 5, "20", null, "H-02")
                .row(8, 4, "HS-03", "Hồ sơ xây dựng trạm y tế", "2006", "2006", 7, "20", null, "H-02")
                .row(9, 5, "HS-05", "Kế hoạch phòng thủ khu vực", "2008", "2008", 9, "Vĩnh viễn", "Tối mật", "H-02",
                        "Bản số 2")
                .row(10, 6, "HS-06", "Hồ sơ bầu cử", "2009", "2009", 6, "Vĩnh viễn", null, "H-99")
                .row(11, 7, "HS-07", "Hồ sơ tiếp dân", "2007", "2007", 4, "10", null, "H-03")
                .write(dir.resolve(name));
    }

    Path sheet() {
        return sheet("muc-luc.xlsx", "Hồ sơ giao đất năm 2003");
    }

    Map<String, Map<String, Object>> files(AgentStore store) {
        return store.read(c -> {
            Map<String, Map<String, Object>> out = new LinkedHashMap<>();
            try (var p = c.prepareStatement("SELECT * FROM files WHERE fonds_code = ? ORDER BY file_code")) {
                p.setString(1, FONDS);
                try (var rs = p.executeQuery()) {
                    var md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.put(md.getColumnName(i), rs.getObject(i));
                        }
                        out.put(rs.getString("file_code"), row);
                    }
                }
            }
            return out;
        });
    }

    static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    @Test
    void recordsTheValidRowsInOneSignedTransactionAndReportsTheRest() throws Exception {
        office();
        Path report = dir.resolve("reports/bao-cao.json");

        Run r = ok("import", sheet().toString(), "--fonds", FONDS, "--clerk", "nguyen.van.a", "--report",
                report.toString(), "--progress", "none");

        assertThat(r.out()).contains(
                "Trang tính: Mục lục; dòng tiêu đề cột: 4",
                "Đã đọc 7 dòng dưới tiêu đề cột: 3 hồ sơ hợp lệ, 4 dòng hồ sơ có lỗi.",
                "1 hồ sơ mật chỉ được ghi phần khai cơ bản",
                "1 ô được chuyển từ bảng mã cũ (TCVN3, VNI) sang Unicode.",
                "  Dòng 7, cột \"Mã hồ sơ\" (B7): trùng mã hồ sơ với dòng 8. Giá trị: \"HS-03\"",
                "  Dòng 8, cột \"Mã hồ sơ\" (B8): trùng mã hồ sơ với dòng 7. Giá trị: \"HS-03\"",
                "  Dòng 10, cột \"Hộp số\" (I10): hộp chưa được đăng ký cho phông này tại cơ quan. Giá trị: \"H-99\"",
                // H-03 is a box of another fonds: a box is (fonds, number), so it is not this fonds' H-03.
                "  Dòng 11, cột \"Hộp số\" (I11): hộp chưa được đăng ký cho phông này tại cơ quan. Giá trị: \"H-03\"",
                "Đã ghi nhận trong một giao dịch: 3 hồ sơ mới, 0 cập nhật, 0 không đổi (không ghi lại), 0 bị từ chối.",
                "Sự kiện số 6 đến 8 (3 sự kiện), ký một lần bằng khóa")
                .doesNotContain("phòng thủ", "Bản số 2");

        AgentStore store = AgentStore.open(db);
        assertThat(files(store)).containsOnlyKeys("HS-01", "HS-02", "HS-05");
        assertThat(files(store).get("HS-01")).containsAllEntriesOf(row("box_code", "H-01",
                "title", "Hồ sơ giao đất năm 2003", "start_date", "2003-02-01", "end_date", "2003-12-15",
                "sheet_count", 12, "page_count", null, "retention", "PERMANENT", "retention_years", null,
                "access_regime", "OPEN", "secret_level", null, "keywords", null, "notes", null, "status", "ACTIVE",
                "last_sequence", 6));
        assertThat(files(store).get("HS-02")).containsAllEntriesOf(row("title", "Cộng hoà xã hội chủ nghĩa Việt Nam",
                "start_date", "2003-01-01", "end_date", null, "sheet_count", 15, "retention", "FIXED_TERM",
                "retention_years", 10, "last_sequence", 7));
        assertThat(files(store).get("HS-05")).containsAllEntriesOf(row("box_code", "H-02", "title", null,
                "start_date", null, "end_date", null, "sheet_count", 9, "retention", "PERMANENT",
                "access_regime", "STATE_SECRET", "secret_level", "SECRET", "notes", null, "language", null,
                "last_sequence", 8));

        List<OutboxEntry> all = OutboxChecks.all(new Outbox(store));
        List<OutboxEntry> imported = all.subList(5, all.size());
        assertThat(imported).extracting(OutboxEntry::sequence).containsExactly(6L, 7L, 8L);
        assertThat(imported).extracting(OutboxEntry::signed).as("one signature for the whole import")
                .containsExactly(false, false, true);
        List<FileRecorded> events = imported.stream().map(e -> (FileRecorded) OutboxChecks.decode(e).getPayload()).toList();
        assertThat(events).extracting(FileRecorded::getFileCode).containsExactly("HS-01", "HS-02", "HS-05");
        assertThat(events.get(1).getTitle()).isEqualTo("Cộng hoà xã hội chủ nghĩa Việt Nam");
        assertThat(events.get(1).getStartDate()).isEqualTo(LocalDate.of(2003, 1, 1));
        assertThat(events.get(1).getRetention()).isEqualTo(RetentionKind.FIXED_TERM);
        FileRecorded secret = events.get(2);
        assertThat(secret.getAccessRegime()).isEqualTo(AccessRegime.STATE_SECRET);
        assertThat(secret.getSecretLevel()).isEqualTo(SecretLevel.SECRET);
        assertThat(secret.getTitle()).isNull();
        assertThat(secret.getNotes()).isNull();
        assertThat(secret.getStartDate()).isNull();
        assertThat(secret.getKeywords()).isEmpty();
        assertThat(OutboxChecks.decode(imported.get(0)).getRecordedBy()).isEqualTo("nguyen.van.a");
        SiteKey key = SiteKey.of("CM.CAINUOC.UBND", hub.enrolledKeys().get(0));
        assertThat(SiteKeys.verify(key.publicKey(), imported.get(2).hash(), imported.get(2).signature())).isTrue();
        assertThat(new ChainVerifier(id -> key).verify("CM.CAINUOC.UBND", ChainPosition.start(), s -> null,
                all.stream().map(OutboxChecks::chainEvent).toList()).verifiedThrough()).isEqualTo(8);
        assertThat(StoreDump.of(store).toString()).doesNotContain("phòng thủ", "Bản số 2");

        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(report));
        assertThat(json.path("dryRun").asBoolean()).isFalse();
        assertThat(json.path("report").path("headerRow").asInt()).isEqualTo(4);
        assertThat(json.path("report").path("rowsRead").asInt()).isEqualTo(7);
        assertThat(json.path("report").path("rowsValid").asInt()).isEqualTo(3);
        assertThat(json.path("files").path("created").asInt()).isEqualTo(3);
        assertThat(json.path("files").path("refused").asInt()).isEqualTo(0);
        assertThat(json.path("boxesCreated").path("count").asInt()).isEqualTo(0);
        assertThat(json.path("withheldSecrets").path("rows").asInt()).isEqualTo(1);
        assertThat(json.path("withheldSecrets").path("fields").toString()).contains("title", "startDate", "language");
        assertThat(json.path("recordingProblems").isEmpty()).isTrue();
        assertThat(json.path("recorded").path("firstSequence").asInt()).isEqualTo(6);
        assertThat(json.path("recorded").path("lastSequence").asInt()).isEqualTo(8);
        assertThat(json.path("recorded").path("lastHash").asString()).isEqualTo(java.util.HexFormat.of().formatHex(imported.get(2).hash()));
        assertThat(json.toString()).doesNotContain("phòng thủ", "Bản số 2");
        store.close();
    }

    @Test
    void aDryRunRecordsNothingAndSaysWhatARealRunWould() {
        office();
        AgentStore store = AgentStore.open(db);
        Map<String, List<String>> before = StoreDump.of(store);

        Run r = ok("import", sheet().toString(), "--fonds", FONDS, "--dry-run", "--progress", "none");

        assertThat(r.out()).contains("Chạy thử, chưa ghi nhận gì. Nếu nhập thật: 3 hồ sơ mới, 0 cập nhật, 0 không đổi,"
                + " 0 bị từ chối.");
        assertThat(StoreDump.of(store)).isEqualTo(before);
        Run en = ok("--lang", "en", "import", sheet().toString(), "--fonds", FONDS, "--dry-run", "--progress", "none");
        assertThat(en.out()).contains("Read 7 rows below the header: 3 valid files, 4 file rows with problems.",
                "Dry run, nothing recorded. A real import would record 3 new, 0 updated, 0 unchanged, 0 refused.");
        assertThat(StoreDump.of(store)).isEqualTo(before);
        store.close();
    }

    @Test
    void aDryRunWithCreateBoxesSaysWhichBoxesItWouldPackInTheRowsFonds() {
        office();
        AgentStore store = AgentStore.open(db);
        Map<String, List<String>> before = StoreDump.of(store);

        Run noShelf = cli("import", sheet().toString(), "--fonds", FONDS, "--create-boxes", "--box-metres", "0",
                "--progress", "none");
        assertThat(noShelf.exit()).isNotZero();
        assertThat(noShelf.err()).contains("Số mét giá của mỗi hộp (boxMetres) phải lớn hơn 0.");
        assertThat(StoreDump.of(store)).isEqualTo(before);

        Run r = ok("import", sheet().toString(), "--fonds", FONDS, "--dry-run", "--create-boxes", "--box-metres",
                "0.12", "--progress", "none");

        // H-03 exists, but in another fonds: this fonds gets its own H-03.
        assertThat(r.out()).contains("Sẽ tạo 2 hộp mới (đóng gói trong phông của dòng, trước các hồ sơ): PHONG.CN/H-99,"
                        + " PHONG.CN/H-03",
                "Chạy thử, chưa ghi nhận gì. Nếu nhập thật: 5 hồ sơ mới, 0 cập nhật, 0 không đổi,")
                .doesNotContain("hộp chưa được đăng ký");
        assertThat(StoreDump.of(store)).isEqualTo(before);
        store.close();
    }

    @Test
    void importingTheSameSheetTwiceRecordsItOnceAndAChangedRowBecomesAnUpdate() {
        office();
        ok("import", sheet().toString(), "--fonds", FONDS, "--progress", "none");
        AgentStore store = AgentStore.open(db);
        Map<String, List<String>> once = StoreDump.of(store);

        Run again = ok("import", sheet().toString(), "--fonds", FONDS, "--progress", "none");

        assertThat(again.out()).contains("0 hồ sơ mới, 0 cập nhật, 3 không đổi (không ghi lại), 0 bị từ chối.",
                "Không có gì thay đổi: không ghi sự kiện nào.");
        assertThat(StoreDump.of(store)).isEqualTo(once);

        Run changed = ok("import", sheet("muc-luc-sua.xlsx", "Hồ sơ giao đất năm 2003 (bổ sung)").toString(), "--fonds",
                FONDS, "--progress", "none");

        assertThat(changed.out()).contains("0 hồ sơ mới, 1 cập nhật, 2 không đổi (không ghi lại), 0 bị từ chối.",
                "Sự kiện số 9 đến 9 (1 sự kiện)");
        List<OutboxEntry> all = OutboxChecks.all(new Outbox(store));
        assertThat(all).hasSize(9);
        OutboxEntry update = all.get(8);
        assertThat(update.signed()).isTrue();
        FileRecorded event = (FileRecorded) OutboxChecks.decode(update).getPayload();
        assertThat(event.getFileCode()).isEqualTo("HS-01");
        assertThat(event.getTitle()).isEqualTo("Hồ sơ giao đất năm 2003 (bổ sung)");
        assertThat(files(store).get("HS-01")).containsEntry("title", "Hồ sơ giao đất năm 2003 (bổ sung)")
                .containsEntry("last_sequence", 9);
        store.close();
    }

    @Test
    void aFormulaRefusesTheWholeFileAndNothingIsRecorded() throws Exception {
        office();
        Path formulas = TestSheets.xlsx()
                .row(1, "Số ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Số tờ", "Thời hạn bảo quản", "Hộp số")
                .row(2, "HS-01", "Hồ sơ giao đất", 12, "Vĩnh viễn", "H-01")
                .row(3, "HS-02", "Hồ sơ xây cầu", new Formula("C2+3"), "Vĩnh viễn", "H-01")
                .write(dir.resolve("cong-thuc.xlsx"));
        Path report = dir.resolve("cong-thuc.json");
        AgentStore store = AgentStore.open(db);
        Map<String, List<String>> before = StoreDump.of(store);

        Run r = cli("import", formulas.toString(), "--fonds", FONDS, "--report", report.toString(), "--progress", "none");

        assertThat(r.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(r.err()).contains("Không nhập tệp cong-thuc.xlsx: có 1 ô chứa công thức", "Chưa ghi nhận gì.");
        assertThat(r.out()).contains("Dòng 3, cột \"Số tờ\" (C3): ô chứa công thức");
        assertThat(StoreDump.of(store)).isEqualTo(before);
        JsonNode json = JsonMapper.builder().build().readTree(Files.readString(report));
        assertThat(json.path("refused").path("reason").asString()).isEqualTo("import.refused.formula-cells");
        assertThat(json.path("report").path("problems").get(0).path("cell").asString()).isEqualTo("C3");
        store.close();
    }

    @Test
    void aRealImportBeforeEnrollmentIsRefusedButADryRunWorks() {
        Run dry = ok("import", sheet().toString(), "--fonds", FONDS, "--dry-run", "--progress", "none");
        assertThat(dry.out()).contains("Chạy thử");

        Run real = cli("import", sheet().toString(), "--fonds", FONDS, "--progress", "none");

        assertThat(real.exit()).isEqualTo(AgentCli.REFUSED);
        assertThat(real.err()).contains("chưa được đăng ký");
    }

    @Test
    void progressAsABarAndAsLinesBothWorkWithoutATerminal() {
        office();

        Run text = ok("import", sheet().toString(), "--fonds", FONDS, "--dry-run", "--progress", "text");
        Run bar = ok("import", sheet().toString(), "--fonds", FONDS, "--dry-run", "--progress", "bar");
        Run auto = ok("--lang", "en", "import", sheet().toString(), "--fonds", FONDS, "--dry-run");

        assertThat(text.err()).contains("Đang đọc: 7 dòng, 3 hợp lệ", "Ghi nhận: [##########] 100% (3/3 hồ sơ)");
        assertThat(bar.err()).contains("Đọc", "Ghi nhận");
        assertThat(bar.out()).isEqualTo(text.out());
        // No console under the test runner: auto falls back to lines.
        assertThat(auto.err()).contains("Reading: 7 rows, 3 valid", "Recording: [##########] 100% (3/3 files)");
    }
}
