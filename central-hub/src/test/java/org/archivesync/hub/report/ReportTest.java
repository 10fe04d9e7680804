package org.archivesync.hub.report;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.digitized;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.archivesync.hub.progress.Campaign;
import org.archivesync.hub.progress.Campaigns;
import org.archivesync.hub.progress.Figures;
import org.archivesync.hub.progress.Milestone;
import org.archivesync.hub.progress.MilestoneKind;
import org.archivesync.hub.progress.MilestoneProgress;
import org.archivesync.hub.progress.Progress;
import org.archivesync.hub.security.Role;
import org.archivesync.hub.security.Users;
import org.archivesync.hub.testing.TestOperators;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The report to Sở Nội vụ downloaded over the API and opened with POI and PDFBox, against a hand-computed fixture in
 * the former huyện Thới Bình (no other test uses it), today 2025-08-15 (DomainTest's clock).
 *
 * <pre>
 * office                       inventoried sorted packed sealed digitized handed transferred files boxes destroyed
 * TANLOCBAC xã Tân Lộc Bắc     12.00       10.00  2.50   2.00   0.50      0.75   0.50        3     3     0.05
 *   (-> new xã Tân Lộc)        boxes B1 1.00 sealed, B2 1.00 sealed, B3 0.50 packed; HS-1 2500 sheets scanned
 * TRILUC xã Trí Lực            4.00        4.00   0.40   0.40   0         0      0           1     1     0
 *   (-> new xã Trí Phải)
 * huyện Thới Bình              16.00       14.00  2.90   2.40   0.50      0.75   0.50        4     4     0.05
 * </pre>
 */
class ReportTest extends DomainTest {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final String PASSWORD = "report-test-password";

    @Autowired
    Campaigns campaigns;

    @Autowired
    Progress progress;
    @Autowired
    Users users;

    private static String campaign;
    private static Agent tanLocBac;
    private static Agent triLuc;

    @BeforeEach
    void fixture() {
        if (campaign != null) {
            return;
        }
        campaign = "BC-" + unique();
        campaigns.createCampaign(new Campaign(campaign, "Sắp xếp đơn vị hành chính 2025",
                LocalDate.parse("2025-06-01"), List.of(
                new Milestone(MilestoneKind.SEALED, "Chỉnh lý, đóng hộp, niêm phong", LocalDate.parse("2025-08-31")),
                new Milestone(MilestoneKind.HANDED_OVER, "Bàn giao cho xã mới", LocalDate.parse("2025-09-15")),
                new Milestone(MilestoneKind.TRANSFERRED, "Nộp lưu Trung tâm Lưu trữ lịch sử",
                        LocalDate.parse("2025-09-30")))));
        tanLocBac = site("TANLOCBAC", "32083", "COMMUNE");
        triLuc = site("TRILUC", "32072", "COMMUNE");
        String a = "TLB-" + unique();
        String b = "TL-" + unique();
        record(tanLocBac.at(at("2025-07-01")), fonds(a, "Phông UBND xã Tân Lộc Bắc", "UBND xã Tân Lộc Bắc", "32083",
                "1990-01-01", "2025-06-30"), extent(a, "10.00", "2.00"));
        record(tanLocBac.at(at("2025-08-05")), box("B1", a, null, "1.00", true), box("B2", a, null, "1.00", true),
                box("B3", a, null, "0.50", false), file(a, "HS-1", "B1", "Hồ sơ một", 2500),
                file(a, "HS-2", "B2", "Hồ sơ hai", 5000), file(a, "HS-3", "B3", "Hồ sơ ba", 250),
                appraised(a, "HS-1", AppraisalDecision.TRANSFER_TO_HISTORICAL, "2025-08-05"),
                appraised(a, "HS-2", AppraisalDecision.KEEP_AT_SUCCESSOR, "2025-08-05"),
                appraised(a, "HS-3", AppraisalDecision.DESTROY, "2025-08-05"), digitized(a, "HS-1", 120));
        record(tanLocBac.at(at("2025-08-12")), handover(UUID.randomUUID(), ReceiverKind.HISTORICAL_ARCHIVE, "96", null,
                        "BB-NL-TLB", "0.50", "2025-08-12", List.of(), ref(a, "HS-1")),
                handover(UUID.randomUUID(), ReceiverKind.SUCCESSOR_UNIT, "32083", null, "BB-GN-TLB", "0.75",
                        "2025-08-12", List.of(), ref(a, "HS-2")),
                destruction(UUID.randomUUID(), "QĐ 9/QĐ-UBND", "BB-HUY-TLB", "Lê Văn A", "Phạm Thị B", "0.05",
                        "2025-08-12", ref(a, "HS-3")));
        record(triLuc.at(at("2025-07-02")), fonds(b, "Phông UBND xã Trí Lực", "UBND xã Trí Lực", "32072", "1990-01-01",
                "2025-06-30"), extent(b, "4.00", "0.00"), box("C1", b, null, "0.40", true),
                file(b, "HS-9", "C1", "Hồ sơ chín", 100));
    }

    private static java.time.Instant at(String day) {
        return java.time.Instant.parse(day + "T03:00:00Z");
    }

    @Test
    void workbookHasTheFiguresPerFormerDistrictAndPerNewCommune() throws IOException {
        byte[] xlsx = http.get().uri("/api/campaigns/" + campaign + "/report.xlsx?number=12").exchange()
                .expectStatus().isOk().expectHeader().contentType(Reports.XLSX)
                .expectHeader().valueMatches("Content-Disposition",
                        "attachment; filename=\"bao-cao-" + campaign + "-2025-08-15.xlsx\"")
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheetAt(0);
            assertThat(wb.getSheetName(0)).isEqualTo("Báo cáo");
            assertThat(cells(sheet.getRow(0))).contains("SỞ NỘI VỤ TỈNH CÀ MAU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
            assertThat(cells(sheet.getRow(1))).contains("TRUNG TÂM LƯU TRỮ LỊCH SỬ", "Độc lập - Tự do - Hạnh phúc");
            assertThat(cells(sheet.getRow(2))).contains("Số: 12/BC-TTLTLS", "Cà Mau, ngày 15 tháng 8 năm 2025");
            assertThat(wb.getFontAt(sheet.getRow(1).getCell(5).getCellStyle().getFontIndex()).getUnderline())
                    .as("tiêu ngữ underlined").isNotZero();
            List<String> all = allText(sheet);
            assertThat(all).contains("BÁO CÁO",
                    "Tiến độ chỉnh lý, bàn giao tài liệu lưu trữ khi sắp xếp đơn vị hành chính",
                    "(Từ ngày 01/06/2025 đến ngày 15/08/2025)", "Số liệu tính đến hết ngày 15/08/2025",
                    "Nơi nhận:", "GIÁM ĐỐC", "(Ký, ghi rõ họ tên, đóng dấu)", "- Sở Nội vụ tỉnh Cà Mau (để báo cáo);");

            assertThat(figures(sheet, "huyện Thới Bình")).containsExactly(16.00, 14.00, 2.90, 2.40, 0.50, 0.75, 0.50,
                    4.0, 4.0, 0.05);
            assertThat(figures(sheet, "xã Tân Lộc")).containsExactly(12.00, 10.00, 2.50, 2.00, 0.50, 0.75, 0.50, 3.0,
                    3.0, 0.05);
            assertThat(figures(sheet, "xã Trí Phải")).containsExactly(4.00, 4.00, 0.40, 0.40, 0.0, 0.0, 0.0, 1.0, 1.0,
                    0.0);
            // The province's line counts each office once: the sum of every office's figures.
            Figures province = Figures.ZERO;
            for (org.archivesync.hub.progress.Row r : progress.reports(campaign, List.of("SITE"), 10_000).get(0).rows().items()) {
                province = province.plus(r.figures());
            }
            assertThat(figures(sheet, "Toàn tỉnh").get(0))
                    .isEqualTo(Math.round(province.inventoriedMetres().doubleValue() * 100) / 100.0);

            // Milestones per district: date and status as Progress computes them.
            org.archivesync.hub.progress.Row district = progress.reports(campaign, List.of("DISTRICT"), 10_000).get(0).rows().items()
                    .stream().filter(r -> r.key().equals("967")).findFirst().orElseThrow();
            MilestoneProgress sealed = district.milestones().stream().filter(m -> m.kind() == MilestoneKind.SEALED)
                    .findFirst().orElseThrow();
            List<String> milestone = rowWith(sheet, "huyện Thới Bình", "Chỉnh lý, đóng hộp, niêm phong");
            assertThat(milestone.get(3)).isEqualTo("31/08/2025");
            assertThat(milestone.get(8)).isEqualTo(Map.of("AT_RISK", "Có nguy cơ chậm", "ON_TRACK", "Đúng tiến độ",
                    "DONE", "Hoàn thành").get(sealed.status().name()));
        }
    }

    @Test
    void pdfHasTheLayoutTheFiguresAndAnEmbeddedFont() throws IOException {
        byte[] pdf = http.get().uri("/api/campaigns/" + campaign + "/report.pdf?asOf=2025-08-15&from=2025-07-01")
                .exchange().expectStatus().isOk().expectHeader().contentType("application/pdf")
                .expectHeader().valueMatches("Content-Disposition",
                        "attachment; filename=\"bao-cao-" + campaign + "-2025-08-15.pdf\"")
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("SỞ NỘI VỤ TỈNH CÀ MAU", "TRUNG TÂM LƯU TRỮ LỊCH SỬ", "Số: /BC-TTLTLS",
                    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Cà Mau, ngày 15 tháng 8 năm 2025",
                    "BÁO CÁO", "Tiến độ chỉnh lý, bàn giao tài liệu lưu trữ khi sắp xếp đơn vị hành chính",
                    "(Từ ngày 01/07/2025 đến ngày 15/08/2025)", "Số liệu tính đến hết ngày 15/08/2025",
                    "huyện Thới Bình 16,00 14,00 2,90 2,40 0,50 0,75 0,50 4 4 0,05",
                    "xã Tân Lộc 12,00 10,00 2,50 2,00 0,50 0,75 0,50 3 3 0,05",
                    "xã Trí Phải 4,00 4,00 0,40 0,40 0,00 0,00 0,00 1 1 0,00",
                    "Nơi nhận:", "- Sở Nội vụ tỉnh Cà Mau (để báo cáo);", "GIÁM ĐỐC", "(Ký, ghi rõ họ tên, đóng dấu)");
            assertThat(text.indexOf("Nơi nhận:")).as("the closing after the tables")
                    .isGreaterThan(text.indexOf("xã Trí Phải"));
            PDPage page = doc.getPage(0);
            PDResources resources = page.getResources();
            List<PDFont> fonts = new ArrayList<>();
            for (var name : resources.getFontNames()) {
                fonts.add(resources.getFont(name));
            }
            assertThat(fonts).isNotEmpty().allSatisfy(f -> {
                assertThat(f.getName()).contains("DejaVuSans");
                assertThat(f.isEmbedded()).isTrue();
            });
            assertThat(page.getMediaBox().getWidth()).as("landscape").isGreaterThan(page.getMediaBox().getHeight());
        }
    }

    @Test
    void hostileOrUnboundedRequestsAreRefusedNamingTheParameter() {
        String base = "/api/campaigns/" + campaign + "/report.pdf";
        http.get().uri(base + "?asOf=2025-08-16").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].parameter").isEqualTo("asOf");
        http.get().uri(base + "?from=2023-08-14").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].parameter").isEqualTo("from");
        http.get().uri(base + "?from=2025-08-16&asOf=2025-08-15").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].parameter").isEqualTo("from");
        http.get().uri(base + "?number=" + "1".repeat(51)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].parameter").isEqualTo("number");
        http.get().uri(base + "?number=<script>").exchange().expectStatus().isBadRequest();
        http.get().uri(base + "?asOf=15/08/2025").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/campaigns/KHONG-CO/report.xlsx").exchange().expectStatus().isNotFound();
        // Two years to the day is the longest period.
        http.get().uri(base + "?from=2023-08-15").exchange().expectStatus().isOk();
    }

    @Test
    void archivistDownloadsViewerIsRefusedAndBothAreAudited() {
        String viewer = user(Role.VIEWER);
        String archivist = user(Role.ARCHIVIST);
        String path = "/api/campaigns/" + campaign + "/report.xlsx";

        as(viewer).get().uri(path).exchange().expectStatus().isForbidden();
        as(archivist).get().uri(path).exchange().expectStatus().isOk();
        as(archivist).get().uri("/reports?campaign=" + campaign).exchange().expectStatus().isOk()
                .expectBody(String.class).value(page -> assertThat(page).contains("id=\"download-xlsx\"",
                        path + "?asOf=2025-08-15&amp;from=2025-06-01", "01/06/2025", "15/08/2025"));
        as(viewer).get().uri("/reports").exchange().expectStatus().isForbidden();

        assertThat(audit(archivist, "GET " + path)).containsExactly("200");
        assertThat(audit(viewer, "GET " + path)).isNotEmpty().allMatch(o -> o.equals("403"));
    }

    private RestTestClient as(String username) {
        return RestTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestOperators.basic(username, PASSWORD)).build();
    }

    private String user(Role role) {
        String name = "report-" + role.name().toLowerCase() + "-" + USERS.incrementAndGet();
        users.create(name, null, PASSWORD.toCharArray(), role, "test");
        return name;
    }

    private List<String> audit(String username, String action) {
        return jdbc.sql("SELECT outcome FROM audit_log WHERE username = :u AND action = :a ORDER BY id")
                .param("u", username).param("a", action).query(String.class).list();
    }

    /** The ten figures of the first row whose name cell (column 1) is {@code name}, as numbers. */
    private static List<Double> figures(Sheet sheet, String name) {
        for (Row row : sheet) {
            Cell c = row.getCell(1);
            if (c != null && c.getCellType() == CellType.STRING && c.getStringCellValue().equals(name)) {
                List<Double> values = new ArrayList<>();
                for (int i = 2; i < 12; i++) {
                    values.add(Math.round(row.getCell(i).getNumericCellValue() * 100) / 100.0);
                }
                return values;
            }
        }
        throw new AssertionError("no row " + name);
    }

    private static List<String> rowWith(Sheet sheet, String first, String second) {
        for (Row row : sheet) {
            List<String> cells = cells(row);
            if (cells.size() > 2 && cells.get(1).equals(first) && cells.get(2).equals(second)) {
                return cells;
            }
        }
        throw new AssertionError("no row " + first + " / " + second);
    }

    private static List<String> allText(Sheet sheet) {
        List<String> all = new ArrayList<>();
        for (Row row : sheet) {
            all.addAll(cells(row));
        }
        return all;
    }

    private static List<String> cells(Row row) {
        DataFormatter f = new DataFormatter();
        List<String> cells = new ArrayList<>();
        for (int i = 0; i < row.getLastCellNum(); i++) {
            Cell c = row.getCell(i);
            cells.add(c == null ? "" : f.formatCellValue(c));
        }
        return cells;
    }
}
