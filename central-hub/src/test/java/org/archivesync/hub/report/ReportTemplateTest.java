package org.archivesync.hub.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The template a province adapts, and how the layout prints what Progress gives, without a database: hand-made data,
 * rendered and read back.
 */
class ReportTemplateTest {

    @TempDir
    Path dir;

    @Test
    void defaultTemplateHasExactlyTheKeysTheReportUses() throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ReportTemplate.DEFAULT)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        assertThat(p.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(ReportTemplate.KEYS);
    }

    @Test
    void templateMissingKeysIsRefusedNamingThem() throws IOException {
        Path province = Files.writeString(dir.resolve("bao-cao.properties"), defaultText()
                .replaceAll("(?m)^signer\\.name=.*\\n", "").replaceAll("(?m)^motto=.*\\n", ""), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ReportTemplate.load(province)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(province.toString()).hasMessageContaining("lacks 2 key(s): motto, signer.name");
        assertThatThrownBy(() -> ReportTemplate.load(dir.resolve("khong-co.properties")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("archive-sync.hub.report.template");
    }

    @Test
    void provinceTemplateChangesTheIssuingBodyAndTheSigner() throws IOException {
        Path province = Files.writeString(dir.resolve("bac-lieu.properties"), defaultText()
                .replace("issuing-body=TRUNG TÂM LƯU TRỮ LỊCH SỬ", "issuing-body=CHI CỤC VĂN THƯ - LƯU TRỮ")
                .replace("signer.title=GIÁM ĐỐC", "signer.title=KT. CHI CỤC TRƯỞNG\\nPHÓ CHI CỤC TRƯỞNG")
                .replace("signer.name=", "signer.name=Nguyễn Thị Hồng Nhung"), StandardCharsets.UTF_8);

        String standard = pdfText(ReportTemplate.load(null));
        String adapted = pdfText(ReportTemplate.load(province));

        assertThat(standard).contains("TRUNG TÂM LƯU TRỮ LỊCH SỬ", "GIÁM ĐỐC").doesNotContain("Nguyễn Thị Hồng Nhung");
        assertThat(adapted).contains("CHI CỤC VĂN THƯ - LƯU TRỮ", "KT. CHI CỤC TRƯỞNG PHÓ CHI CỤC TRƯỞNG",
                "Nguyễn Thị Hồng Nhung").doesNotContain("TRUNG TÂM LƯU TRỮ LỊCH SỬ");
    }

    @Test
    void sharedRowsAreLinesOfTheirOwnLabelledAsShared() throws IOException {
        String text = pdfText(ReportTemplate.load(null));
        assertThat(text).contains("1 xã Tân Lộc 10,00",
                "2 Dùng chung, chưa phân bổ cho xã, phường mới — Dùng chung giữa xã Tân Lộc, xã Trí Phải 20,00",
                "Dòng \"dùng chung\" là số liệu");
        // The commune's line holds its own figures only, never the shared ones.
        assertThat(text).doesNotContain("xã Tân Lộc 30,00");
    }

    @Test
    void aTableContinuedOnAnotherPageRepeatsItsHeader() throws IOException {
        byte[] pdf = ReportPdf.write(new ReportLayout(ReportTemplate.load(null), ReportBench.data(200),
                LocalDate.parse("2025-06-10"), null));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(4);
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            String header = "STT Cơ quan, đơn vị Mã Mốc có nguy cơ chậm";
            // 200 offices at risk take several pages: the header heads each of them.
            assertThat(text.split(header, -1).length - 1).isGreaterThan(2);
        }
    }

    @Test
    void datesFollowTheDecreeAndNumbersTheVietnameseWay() {
        assertThat(ReportLayout.month(2)).isEqualTo("02");
        assertThat(ReportLayout.month(6)).isEqualTo("6");
        assertThat(ReportLayout.month(12)).isEqualTo("12");
        assertThat(ReportLayout.cell(new BigDecimal("2200.5"))).isEqualTo("2.200,50");
        assertThat(ReportLayout.cell(1234L)).isEqualTo("1.234");
        assertThat(ReportLayout.percent(new BigDecimal("0.456"))).isEqualTo("45 %");
    }

    static ReportData sample() {
        ReportData.Measures commune = measures("10.00", 3);
        ReportData.Measures shared = measures("20.00", 5);
        return new ReportData("SX-2025", "Sắp xếp 2025", LocalDate.parse("2025-06-01"), LocalDate.parse("2025-08-15"),
                List.of(new ReportData.Line("967", "huyện Thới Bình", ReportData.Kind.GROUP, measures("30.00", 8))),
                new ReportData.Line("", null, ReportData.Kind.TOTAL, measures("30.00", 8)),
                List.of(new ReportData.Line("32083@2025-07-01", "xã Tân Lộc", ReportData.Kind.GROUP, commune),
                        new ReportData.Line("shared:CM.HUYEN", "Dùng chung giữa xã Tân Lộc, xã Trí Phải",
                                ReportData.Kind.SHARED, shared)),
                List.of(new ReportData.MilestoneLine("huyện Thới Bình", "Chỉnh lý, đóng hộp, niêm phong",
                        LocalDate.parse("2025-06-05"), new BigDecimal("30.00"), new BigDecimal("3.00"),
                        new BigDecimal("0.100"), null, null, "AT_RISK")),
                List.of(new ReportData.AtRisk("CM.HUYEN", "UBND huyện Thới Bình", List.of(new ReportData.MilestoneLine(
                        "UBND huyện Thới Bình", "Chỉnh lý, đóng hộp, niêm phong", LocalDate.parse("2025-06-05"),
                        new BigDecimal("20.00"), BigDecimal.ZERO, BigDecimal.ZERO, LocalDate.parse("2025-09-01"), 88L,
                        "AT_RISK")))), 0);
    }

    private static ReportData.Measures measures(String metres, long boxes) {
        BigDecimal m = new BigDecimal(metres);
        return new ReportData.Measures(m, m, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, 7, boxes, BigDecimal.ZERO);
    }

    private static String pdfText(ReportTemplate template) throws IOException {
        byte[] pdf = ReportPdf.write(new ReportLayout(template, sample(), LocalDate.parse("2025-08-15"), "12"));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
        }
    }

    private static String defaultText() throws IOException {
        try (InputStream in = ReportTemplateTest.class.getClassLoader().getResourceAsStream(ReportTemplate.DEFAULT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
