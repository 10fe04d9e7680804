package org.archivesync.hub.exports;

import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.archivesync.hub.fixtures.Agent.secret;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mục lục layout (#16) read back with POI and PDFBox: title block, one section per list number, rows in list
 * order by the file numbers as written (2 &lt; 10 &lt; 10a), classification headings where the series changes, dates with
 * their precision, legacy retention as written, the closing line.
 *
 * <p>The file numbers, references, list numbers, series, precisions and legacy retention are written into the files
 * table after the events are applied, so these tests hold whether or not ingest fills those columns from FileRecorded.
 */
class MucLucLayoutTest extends DomainTest {

    private static Agent office;
    private static String g;
    private static final UUID HANDOVER = UUID.randomUUID();

    @BeforeEach
    void fixture() {
        if (office != null) {
            return;
        }
        office = site("KHANHHUNG", "32107", "COMMUNE");
        g = "KH-" + unique();
        record(office, fonds(g, "Phông UBND xã Khánh Hưng", "Ủy ban nhân dân xã Khánh Hưng", "32107", "1990-01-01",
                        "2025-06-30"),
                file(g, "A", "H001", "Báo cáo tổng kết năm 2003", 20), file(g, "B", "H001", "Kế hoạch công tác", 15),
                secret(g, "C", "H001"), file(g, "D", "H002", "Hồ sơ xây dựng trường học", 40),
                file(g, "E", "H002", "Hồ sơ xây dựng trạm y tế", 30), file(g, "F", "H003", "Nghị quyết HĐND", 12));
        // list | number | reference | series | start (precision) | end (precision) | retention
        number("A", "1", "1", "01/TH", "I. TỔNG HỢP", "2003-01-01", "YEAR", "2003-01-01", "YEAR", "LEGACY_LONG_TERM");
        number("B", "1", "2", "02/TH", "I. TỔNG HỢP", "2003-06-01", "MONTH", "2004-03-12", "DAY", "LEGACY_TEMPORARY");
        number("C", "1", "3", "03/M", "I. TỔNG HỢP", null, null, null, null, "PERMANENT");
        number("D", "1", "10a", "10/XD", "II. XÂY DỰNG", "2003-06-12", "DAY", "2003-06-12", "DAY", "PERMANENT");
        number("E", "1", "10", "09/XD", "II. XÂY DỰNG", "2005-01-01", "YEAR", "2006-01-01", "YEAR", "PERMANENT");
        number("F", "2", "1", "01/NQ", "I. TỔNG HỢP", "2010-01-01", "YEAR", "2010-01-01", "YEAR", "PERMANENT");
        record(office, handover(HANDOVER, ReceiverKind.HISTORICAL_ARCHIVE, "96", null, "05/BB-NL", "0.30", "2025-08-01",
                List.of(), ref(g, "A"), ref(g, "B"), ref(g, "C"), ref(g, "D"), ref(g, "E"), ref(g, "F")));
    }

    @Test
    void fondsListHasOneSectionPerListNumberInFileNumberOrderWithHeadingsAndClosingLine() throws IOException {
        byte[] xlsx = http.get().uri("/api/fonds/" + g + "/file-list.xlsx").exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheetAt(0);
            assertThat(first(sheet, 0)).isEqualTo("MỤC LỤC HỒ SƠ");
            assertThat(first(sheet, 1)).isEqualTo("Tên phông: Phông UBND xã Khánh Hưng");
            assertThat(first(sheet, 2)).isEqualTo("Phông số (mã phông): " + g);
            assertThat(first(sheet, 5)).isEqualTo("Mục lục số: 1");
            assertThat(cells(sheet, 6)).startsWith("Hộp số", "Hồ sơ số", "Số và ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian");
            assertThat(first(sheet, 7)).isEqualTo("I. TỔNG HỢP");
            assertThat(cells(sheet, 8)).containsExactly("H001", "1", "01/TH", "Báo cáo tổng kết năm 2003", "2003", "20",
                    "Lâu dài", "Sử dụng rộng rãi", "");
            assertThat(cells(sheet, 9)).containsExactly("H001", "2", "02/TH", "Kế hoạch công tác", "06/2003–12/03/2004",
                    "15", "Tạm thời", "Sử dụng rộng rãi", "");
            // The secret stub keeps its place and numbers, never its title.
            assertThat(cells(sheet, 10)).containsExactly("H001", "3", "03/M", "", "", "12", "Vĩnh viễn", "Tối mật",
                    "Hồ sơ mật: tiêu đề không lưu trên hệ thống");
            assertThat(first(sheet, 11)).isEqualTo("II. XÂY DỰNG");
            // 10 before 10a, as written (not renumbered).
            assertThat(cells(sheet, 12)).startsWith("H002", "10", "09/XD", "Hồ sơ xây dựng trạm y tế", "2005–2006");
            assertThat(cells(sheet, 13)).startsWith("H002", "10a", "10/XD", "Hồ sơ xây dựng trường học", "12/06/2003");
            assertThat(first(sheet, 14)).isEqualTo("Mục lục này gồm 5 hồ sơ, đánh số từ 1 đến 10a.");
            assertThat(first(sheet, 16)).isEqualTo("Mục lục số: 2");
            assertThat(first(sheet, 18)).isEqualTo("I. TỔNG HỢP");
            assertThat(cells(sheet, 19)).startsWith("H003", "1", "01/NQ", "Nghị quyết HĐND", "2010");
            assertThat(first(sheet, 20)).isEqualTo("Mục lục này gồm 1 hồ sơ, đánh số từ 1 đến 1.");
            assertThat(sheet.getLastRowNum()).isEqualTo(20);
        }
    }

    @Test
    void handoverMinutesTableFollowsTheSameLayout() throws IOException {
        byte[] pdf = http.get().uri("/api/handovers/" + HANDOVER + "/minutes.pdf").exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("Phông Phông UBND xã Khánh Hưng (mã phông " + g + ") - Mục lục số: 1",
                    "Hộp số", "Hồ sơ số", "Số và ký hiệu hồ sơ", "Thời hạn lưu trữ", "I. TỔNG HỢP", "II. XÂY DỰNG",
                    "06/2003–12/03/2004", "Lâu dài", "Tạm thời", "10a",
                    "Mục lục này gồm 5 hồ sơ, đánh số từ 1 đến 10a.", "Mục lục số: 2",
                    "Mục lục này gồm 1 hồ sơ, đánh số từ 1 đến 1.");
            assertThat(text.indexOf("I. TỔNG HỢP")).isLessThan(text.indexOf("II. XÂY DỰNG"));
            assertThat(text.indexOf("09/XD")).isLessThan(text.indexOf("10/XD"));
        }
    }

    @Test
    void englishListKeepsLegacyRetentionAsWritten() throws IOException {
        byte[] xlsx = http.get().uri("/api/fonds/" + g + "/file-list.xlsx").header("Accept-Language", "en").exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet sheet = wb.getSheetAt(0);
            assertThat(first(sheet, 5)).isEqualTo("List no. 1");
            assertThat(cells(sheet, 8).get(6)).startsWith("Lâu dài");
            assertThat(first(sheet, 14)).isEqualTo("This list holds 5 files, numbered from 1 to 10a.");
        }
    }

    private void number(String code, String list, String number, String reference, String series, String start,
                        String startPrecision, String end, String endPrecision, String retention) {
        jdbc.sql("""
                UPDATE files SET list_number = :list, file_number = :number, reference = :reference, series = :series,
                    start_date = CAST(:start AS date), start_precision = coalesce(:sp, 'DAY'),
                    end_date = CAST(:end AS date), end_precision = coalesce(:ep, 'DAY'),
                    retention = :retention, retention_years = NULL
                WHERE fonds_code = :fonds AND file_code = :code""")
                .param("list", list).param("number", number).param("reference", reference).param("series", series)
                .param("start", start, java.sql.Types.VARCHAR).param("sp", startPrecision, java.sql.Types.VARCHAR)
                .param("end", end, java.sql.Types.VARCHAR).param("ep", endPrecision, java.sql.Types.VARCHAR)
                .param("retention", retention).param("fonds", g).param("code", code).update();
    }

    private static String first(Sheet sheet, int r) {
        return sheet.getRow(r).getCell(0).getStringCellValue();
    }

    private static List<String> cells(Sheet sheet, int r) {
        Row row = sheet.getRow(r);
        DataFormatter format = new DataFormatter();
        List<String> values = new ArrayList<>();
        for (int c = 0; c < 9; c++) {
            Cell cell = row.getCell(c);
            values.add(cell == null ? "" : format.formatCellValue(cell));
        }
        return values;
    }
}
