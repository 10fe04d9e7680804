package org.archivesync.agent.importer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.archivesync.agent.sheetimport.SheetImport;

/**
 * Not a test: generates a 100,000-row file list (shared strings, date cells, 5% of titles in
 * TCVN3 under .VnTime, 1% state-secret rows) and imports it, printing rows/s and peak heap.
 * Meant to run with {@code -Xmx256m}; the command and figures are in IMPORT.md.
 *
 * <p>Arguments: [rows] [runs]; defaults 100000 and 3. The sheet is kept in target/bench.
 */
public final class ImportBench {

    private static final String[] SUBJECTS = {"giải quyết đất đai", "cấp giấy chứng nhận quyền sử dụng đất",
            "xây dựng trường học", "bầu cử đại biểu Hội đồng nhân dân", "thanh tra công vụ", "tiếp công dân",
            "phòng chống lụt bão", "quy hoạch khu dân cư", "chính sách người có công", "bồi thường giải phóng mặt bằng"};
    private static final String[] PLACES = {"xã Tân Hưng", "xã Phú Hưng", "thị trấn Cái Nước", "xã Trần Thới",
            "xã Đông Thới", "xã Hưng Mỹ", "xã Tân Hưng Đông", "xã Thạnh Phú", "xã Lương Thế Trân", "xã Hòa Mỹ"};
    private static final String[] RETENTION = {"Vĩnh viễn", "10 năm", "20", "70", "VV"};

    private ImportBench() {
    }

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path sheet = Path.of("target", "bench", "muc-luc-" + rows + ".xlsx");
        if (!Files.exists(sheet)) {
            long start = System.nanoTime();
            generate(sheet, rows);
            System.out.printf(Locale.ROOT, "generated %s: %,d rows, %,d bytes in %.1f s%n", sheet, rows,
                    Files.size(sheet), (System.nanoTime() - start) / 1e9);
        }
        System.out.printf(Locale.ROOT, "java %s, max heap %d MB, %d processors%n", System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20, Runtime.getRuntime().availableProcessors());
        SheetImporter importer = new SheetImporter(SheetImport.defaultLimits());
        ImportOptions options = ImportOptions.defaults().withFonds("CAINUOC-UBND").withProgressEvery(10_000);
        for (int run = 1; run <= runs; run++) {
            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            AtomicLong sampledPeak = new AtomicLong();
            Thread sampler = new Thread(() -> {
                Runtime runtime = Runtime.getRuntime();
                while (!Thread.currentThread().isInterrupted()) {
                    sampledPeak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            long start = System.nanoTime();
            ImportResult result = importer.read(sheet, options, (fonds, box) -> true, null);
            double seconds = (System.nanoTime() - start) / 1e9;
            sampler.interrupt();
            long poolPeaks = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            ImportReport report = result.report();
            System.gc();
            long retained = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            System.out.printf(Locale.ROOT,
                    "run %d: %,d rows in %.2f s = %,.0f rows/s; valid %,d, invalid %,d, secret %,d, converted %,d;"
                            + " peak heap used %d MB (sampled), %d MB (sum of pool peaks); %d MB live after GC"
                            + " holding the %,d files%n",
                    run, report.rowsRead(), seconds, report.rowsRead() / seconds, report.rowsValid(),
                    report.rowsInvalid(), report.withheldSecretRows(), report.legacyConvertedCells(),
                    sampledPeak.get() >> 20, poolPeaks >> 20, retained >> 20, result.files().size());
        }
    }

    /** Writes the benchmark sheet; also used by {@code bench.ImportAndRecordBench}. */
    public static void generate(Path file, int rows) throws IOException {
        Files.createDirectories(file.getParent());
        Random random = new Random(2025);
        // Shared strings, as Excel writes them, so the reader's string table is part of the measure.
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(null, 200, true, true);
             OutputStream out = Files.newOutputStream(file)) {
            SXSSFSheet sheet = workbook.createSheet("Mục lục");
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            Font vnTime = workbook.createFont();
            vnTime.setFontName(".VnTime");
            CellStyle legacy = workbook.createCellStyle();
            legacy.setFont(vnTime);
            sheet.createRow(0).createCell(0).setCellValue("ỦY BAN NHÂN DÂN HUYỆN CÁI NƯỚC");
            sheet.createRow(1).createCell(0).setCellValue("MỤC LỤC HỒ SƠ");
            String[] header = {"STT", "Số ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian bắt đầu", "Thời gian kết thúc",
                    "Số tờ", "Thời hạn bảo quản", "Chế độ sử dụng", "Hộp số", "Ghi chú"};
            Row headerRow = sheet.createRow(3);
            for (int c = 0; c < header.length; c++) {
                headerRow.createCell(c).setCellValue(header[c]);
            }
            for (int i = 1; i <= rows; i++) {
                Row row = sheet.createRow(3 + i);
                LocalDate start = LocalDate.of(1990 + random.nextInt(35), 1 + random.nextInt(12), 1 + random.nextInt(28));
                String title = "Hồ sơ về việc " + SUBJECTS[random.nextInt(SUBJECTS.length)] + " "
                        + PLACES[random.nextInt(PLACES.length)] + " năm " + start.getYear() + " (đợt " + i + ")";
                row.createCell(0).setCellValue(i);
                row.createCell(1).setCellValue("HS-" + i);
                if (random.nextInt(100) < 5) {
                    row.createCell(2).setCellValue(LegacyVietnamese.encodeTcvn3(title));
                    row.getCell(2).setCellStyle(legacy);
                } else {
                    row.createCell(2).setCellValue(title);
                }
                row.createCell(3).setCellValue(String.format("%02d/%02d/%d", start.getDayOfMonth(),
                        start.getMonthValue(), start.getYear()));
                row.createCell(4).setCellValue(start.plusDays(random.nextInt(700)));
                row.getCell(4).setCellStyle(date);
                row.createCell(5).setCellValue(1 + random.nextInt(300));
                row.createCell(6).setCellValue(RETENTION[random.nextInt(RETENTION.length)]);
                row.createCell(7).setCellValue(random.nextInt(100) == 0 ? "Mật" : random.nextInt(10) == 0 ? "Hạn chế" : "Thường");
                row.createCell(8).setCellValue("H-" + (1 + i / 40));
                if (random.nextInt(4) == 0) {
                    row.createCell(9).setCellValue("Bản chính, có " + (1 + random.nextInt(5)) + " bản đồ kèm theo");
                }
            }
            workbook.write(out);
        }
    }
}
