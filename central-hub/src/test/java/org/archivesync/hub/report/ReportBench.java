package org.archivesync.hub.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;

/**
 * How long the report takes to render, xlsx and PDF, for a province of 1,000 offices: 16 former districts, 64 new
 * communes plus 100 shared rows, 3 milestones per district, and every office at risk on 3 milestones (the longest
 * table the report can have). Rendering only: the data is made here, not read from the catalogue. Prints the median
 * of 10 runs after 3 warm-ups; writes the two documents and pages 1, 4 and the last of the PDF as PNG to {@code target/report-bench/}.
 *
 * <p>Run: {@code java -cp <test classpath> org.archivesync.hub.report.ReportBench [offices]}.
 */
public final class ReportBench {

    private ReportBench() {
    }

    public static void main(String[] args) throws IOException {
        int offices = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        ReportData data = data(offices);
        ReportLayout layout = new ReportLayout(ReportTemplate.load(null), data, LocalDate.parse("2025-06-10"), "15");
        byte[] xlsx = null;
        byte[] pdf = null;
        for (int i = 0; i < 3; i++) {
            xlsx = ReportWorkbook.write(layout);
            pdf = ReportPdf.write(layout);
        }
        long[] xlsxNanos = new long[10];
        long[] pdfNanos = new long[10];
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            xlsx = ReportWorkbook.write(layout);
            long middle = System.nanoTime();
            pdf = ReportPdf.write(layout);
            xlsxNanos[i] = middle - start;
            pdfNanos[i] = System.nanoTime() - middle;
        }
        Arrays.sort(xlsxNanos);
        Arrays.sort(pdfNanos);
        int pages;
        Path out = Path.of("target", "report-bench");
        Files.createDirectories(out);
        Files.write(out.resolve("bao-cao.xlsx"), xlsx);
        Files.write(out.resolve("bao-cao.pdf"), pdf);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            pages = doc.getNumberOfPages();
            BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(0, 80);
            ImageIO.write(image, "png", out.resolve("page-1.png").toFile());
            ImageIO.write(new PDFRenderer(doc).renderImageWithDPI(Math.min(3, pages - 1), 80), "png",
                    out.resolve("page-4.png").toFile());
            BufferedImage last = new PDFRenderer(doc).renderImageWithDPI(pages - 1, 80);
            ImageIO.write(last, "png", out.resolve("page-last.png").toFile());
        }
        System.out.printf("report bench offices=%d districts=%d communeLines=%d atRisk=%d%n", offices,
                data.districts().size(), data.communes().size(), data.atRisk().size());
        System.out.printf("xlsx median=%d ms (min %d, max %d) bytes=%d%n", xlsxNanos[5] / 1_000_000,
                xlsxNanos[0] / 1_000_000, xlsxNanos[9] / 1_000_000, xlsx.length);
        System.out.printf("pdf  median=%d ms (min %d, max %d) bytes=%d pages=%d%n", pdfNanos[5] / 1_000_000,
                pdfNanos[0] / 1_000_000, pdfNanos[9] / 1_000_000, pdf.length, pages);
        System.out.printf("both median=%d ms%n", (xlsxNanos[5] + pdfNanos[5]) / 1_000_000);
    }

    static ReportData data(int offices) {
        List<ReportData.Line> districts = new ArrayList<>();
        for (int d = 0; d < 16; d++) {
            districts.add(new ReportData.Line("9" + d, "huyện Thới Bình " + d, ReportData.Kind.GROUP, measures(d)));
        }
        List<ReportData.Line> communes = new ArrayList<>();
        for (int c = 0; c < 64; c++) {
            communes.add(new ReportData.Line("32" + c, "xã Tân Lộc Đông " + c, ReportData.Kind.GROUP, measures(c)));
        }
        for (int s = 0; s < 100; s++) {
            communes.add(new ReportData.Line("shared:CM.D" + s, "Dùng chung giữa xã Tân Lộc, xã Trí Phải, xã Biển Bạch",
                    ReportData.Kind.SHARED, measures(s)));
        }
        List<ReportData.MilestoneLine> milestones = new ArrayList<>();
        for (ReportData.Line d : districts) {
            for (String m : List.of("Chỉnh lý, đóng gói, niêm phong", "Nộp lưu vào Lưu trữ lịch sử",
                    "Bàn giao cho xã, phường mới")) {
                milestones.add(milestone(d.name(), m));
            }
        }
        List<ReportData.AtRisk> atRisk = new ArrayList<>();
        for (int o = 0; o < offices; o++) {
            String name = "UBND xã Khánh Bình Tây Bắc " + o;
            atRisk.add(new ReportData.AtRisk("CM.D" + o + ".UBND", name, List.of(milestone(name, "Chỉnh lý, đóng gói"),
                    milestone(name, "Nộp lưu"), milestone(name, "Bàn giao"))));
        }
        return new ReportData("SAP-XEP-2025", "Sắp xếp đơn vị hành chính 2025", LocalDate.parse("2025-05-20"),
                LocalDate.parse("2025-06-10"), districts, new ReportData.Line("", null, ReportData.Kind.TOTAL,
                measures(1000)), communes, milestones, atRisk, 0);
    }

    private static ReportData.MilestoneLine milestone(String who, String name) {
        return new ReportData.MilestoneLine(who, name, LocalDate.parse("2025-06-05"), new BigDecimal("2200.00"),
                new BigDecimal("1500.00"), new BigDecimal("0.681"), LocalDate.parse("2025-06-20"), 15L, "AT_RISK");
    }

    private static ReportData.Measures measures(int i) {
        BigDecimal m = new BigDecimal(1000 + i).add(new BigDecimal("0.25"));
        return new ReportData.Measures(m, m.subtract(BigDecimal.TEN), m.divide(BigDecimal.valueOf(2)), BigDecimal.ONE,
                new BigDecimal("133.10"), new BigDecimal("741.50"), new BigDecimal("362.50"), 12_000 + i, 9_000 + i,
                new BigDecimal("0.05"));
    }
}
