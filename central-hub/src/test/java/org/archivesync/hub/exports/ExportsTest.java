package org.archivesync.hub.exports;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.dated;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.permanent;
import static org.archivesync.hub.fixtures.Agent.received;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.archivesync.hub.fixtures.Agent.secret;
import static org.archivesync.hub.fixtures.Agent.store;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The produced documents opened with POI and PDFBox, as an office would open them. */
class ExportsTest extends DomainTest {

    private static Agent sender;
    private static Agent receiver;
    private static String f;
    private static final UUID HANDOVER = UUID.randomUUID();
    private static final UUID DESTRUCTION = UUID.randomUUID();

    @BeforeEach
    void fixture() {
        if (sender != null) {
            return;
        }
        sender = site("THANHPHU", "32130", "COMMUNE");
        receiver = site("LUONGTHETRAN.NHAN", "32134", "COMMUNE");
        f = "TP-" + unique();
        record(sender, store("KHO-1", "Kho UBND xã Thạnh Phú", null),
                fonds(f, "Phông UBND xã Thạnh Phú", "Ủy ban nhân dân xã Thạnh Phú", "32130", "1990-01-01", "2025-06-30"),
                box("H1", f, "KHO-1", "0.10", true), box("H2", f, "KHO-1", "0.10", true),
                dated(file(f, "HS-01", "H1", "Hồ sơ giải quyết tranh chấp đất đai ấp Cái Nước Tắc Vân", 42),
                        "2019-01-02", "2019-12-30"),
                permanent(file(f, "HS-02", "H1", "Nghị quyết Hội đồng nhân dân xã nhiệm kỳ 2016-2021", 120)),
                secret(f, "HS-03", "H2"),
                file(f, "HS-10", "H2", "Sổ công văn đi năm 2012", 80),
                appraised(f, "HS-10", AppraisalDecision.DESTROY, "2025-07-20"));
        record(sender, handover(HANDOVER, ReceiverKind.SUCCESSOR_UNIT, "32134", receiver.siteCode, "01/BB-GN",
                "0.20", "2025-07-25", List.of(f + "/H1", f + "/H2")));
        record(receiver, received(HANDOVER, sender.siteCode, "01/BB-GN", "0.10", "2025-07-26", "Thiếu hộp H2",
                List.of(f + "/H1")));
        record(sender, destruction(DESTRUCTION, "Quyết định 45/QĐ-UBND", "02/BB-HUY", "Nguyễn Văn Ấn",
                "Trần Thị Bích Thủy", "0.05", "2025-08-05", ref(f, "HS-10")));
    }

    @Test
    void fondsFileListIsTheOfficeLayoutAndHidesSecretTitles() throws IOException {
        byte[] xlsx = http.get().uri("/api/fonds/" + f + "/file-list.xlsx").exchange().expectStatus().isOk()
                .expectHeader().contentType(Exports.XLSX).expectBody(byte[].class).returnResult().getResponseBody();

        sample("muc-luc-ho-so.xlsx", xlsx);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheetAt(0);
            assertThat(text(sheet.getRow(0))).startsWith("MỤC LỤC HỒ SƠ");
            assertThat(text(sheet.getRow(1))).isEqualTo("Tên phông: Phông UBND xã Thạnh Phú");
            assertThat(text(sheet.getRow(2))).isEqualTo("Phông số (mã phông): " + f);
            assertThat(text(sheet.getRow(3))).startsWith("Đơn vị hình thành phông: Ủy ban nhân dân xã Thạnh Phú");
            // Files recorded without a list number or a file number: one section, their code stands in for the reference.
            assertThat(text(sheet.getRow(5))).isEqualTo("Hồ sơ chưa ghi mục lục số");
            assertThat(cells(sheet.getRow(6))).containsExactly("Hộp số", "Hồ sơ số", "Số và ký hiệu hồ sơ",
                    "Tiêu đề hồ sơ", "Thời gian", "Số tờ", "Thời hạn lưu trữ", "Chế độ sử dụng", "Ghi chú");
            assertThat(cells(sheet.getRow(7))).containsExactly("H1", "", "HS-01",
                    "Hồ sơ giải quyết tranh chấp đất đai ấp Cái Nước Tắc Vân", "02/01/2019–30/12/2019", "42", "10 năm",
                    "Sử dụng rộng rãi", "");
            assertThat(cells(sheet.getRow(8))).contains("Vĩnh viễn");
            // The secret stub: its code, box and level, never a title.
            assertThat(cells(sheet.getRow(9))).containsExactly("H2", "", "HS-03", "", "", "12", "Vĩnh viễn", "Tối mật",
                    "Hồ sơ mật: tiêu đề không lưu trên hệ thống");
            // HS-10 was destroyed: not in the fonds' list any more.
            assertThat(text(sheet.getRow(10))).isEqualTo("Mục lục này gồm 3 hồ sơ.");
            assertThat(sheet.getLastRowNum()).isEqualTo(10);
        }
    }

    @Test
    void handoverFileListListsTheFilesOfTheBoxesSent() throws IOException {
        byte[] xlsx = http.get().uri("/api/handovers/" + HANDOVER + "/file-list.xlsx").exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheetAt(0);
            assertThat(text(sheet.getRow(1))).isEqualTo("Kèm theo biên bản giao nhận số 01/BB-GN ngày 25/07/2025");
            assertThat(text(sheet.getRow(4))).isEqualTo("Phông Phông UBND xã Thạnh Phú (mã phông " + f
                    + ") - Hồ sơ chưa ghi mục lục số");
            List<String> codes = new ArrayList<>();
            for (int r = 6; r < sheet.getLastRowNum(); r++) {
                codes.add(cells(sheet.getRow(r)).get(2));
            }
            assertThat(codes).containsExactly("HS-01", "HS-02", "HS-03", "HS-10");
        }
    }

    @Test
    void handoverMinutesRenderVietnameseWithAnEmbeddedFont() throws IOException {
        byte[] pdf = http.get().uri("/api/handovers/" + HANDOVER + "/minutes.pdf").exchange().expectStatus().isOk()
                .expectHeader().contentType("application/pdf").expectBody(byte[].class).returnResult().getResponseBody();

        sample("bien-ban-giao-nhan.pdf", pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            // Lines wrap where the layout wraps them: compare with single spaces.
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                    "BIÊN BẢN GIAO NHẬN TÀI LIỆU", "Số: 01/BB-GN", "Ngày giao: 25/07/2025",
                    "Bên giao: Văn phòng THANHPHU", "xã Lương Thế Trân (32134)", "Hộp thiếu: " + f + "/H2",
                    // The handover lists a state-secret file (HS-03): the receiver's free text is not kept.
                    "Ghi chú của bên nhận: không lưu trên hệ thống vì biên bản có hồ sơ thuộc bí mật nhà nước",
                    "Hồ sơ giải quyết tranh chấp đất đai ấp Cái Nước Tắc Vân", "ĐẠI DIỆN BÊN GIAO", "ĐẠI DIỆN BÊN NHẬN",
                    "HS-03", "Tối mật");
            PDFont font = doc.getPage(0).getResources().getFont(doc.getPage(0).getResources().getFontNames().iterator().next());
            assertThat(font.getName()).contains("DejaVuSans");
            assertThat(font.isEmbedded()).isTrue();
        }
    }

    @Test
    void destructionRecordListsTheDestroyedFilesAndApprovers() throws IOException {
        byte[] pdf = http.get().uri("/api/destructions/" + DESTRUCTION + "/record.pdf").exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        sample("bien-ban-huy.pdf", pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("BIÊN BẢN VỀ VIỆC HỦY TÀI LIỆU HẾT THỜI HẠN LƯU TRỮ", "Số: 02/BB-HUY",
                    "Căn cứ quyết định hủy tài liệu: Quyết định 45/QĐ-UBND", "Ngày hủy: 05/08/2025",
                    "Đại diện bên giao tài liệu để hủy: Nguyễn Văn Ấn; đại diện bên hủy tài liệu: Trần Thị Bích Thủy",
                    "ĐẠI DIỆN BÊN GIAO TÀI LIỆU ĐỂ HỦY", "ĐẠI DIỆN BÊN HỦY TÀI LIỆU", "Sổ công văn đi năm 2012", "HS-10")
                    .doesNotContain("Người duyệt", "NGƯỜI DUYỆT");
        }
        http.get().uri("/api/destructions/" + UUID.randomUUID() + "/record.pdf").exchange().expectStatus().isNotFound();
        http.get().uri("/api/fonds/KHONG-CO/file-list.xlsx").exchange().expectStatus().isNotFound();
    }

    @Test
    void englishLabelsOnRequest() throws IOException {
        byte[] xlsx = http.get().uri("/api/fonds/" + f + "/file-list.xlsx").header("Accept-Language", "en").exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(cells(wb.getSheetAt(0).getRow(6)).get(2)).isEqualTo("Reference");
        }
    }

    /** Leaves a copy under target/exports for a person to look at. */
    private static void sample(String name, byte[] bytes) throws IOException {
        java.nio.file.Path dir = java.nio.file.Path.of("target", "exports");
        java.nio.file.Files.createDirectories(dir);
        java.nio.file.Files.write(dir.resolve(name), bytes);
    }

    private static String text(Row row) {
        return row.getCell(0).getStringCellValue();
    }

    private static List<String> cells(Row row) {
        DataFormatter format = new DataFormatter();
        List<String> values = new ArrayList<>();
        for (int c = 0; c < 9; c++) {
            Cell cell = row.getCell(c);
            values.add(cell == null ? "" : format.formatCellValue(cell));
        }
        return values;
    }
}
