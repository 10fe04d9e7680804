package org.archivesync.agent.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.archivesync.agent.importer.ImportRefusedException.Reason;
import org.archivesync.agent.sheetimport.SheetImport;
import org.junit.jupiter.api.Test;

/** Files the importer must refuse whole, with a clear message and nothing produced. */
class SafetyTest {

    private static final Path DIR = TestSheets.dir("safety");

    @Test
    void refusesASheetOverTheSizeLimitBeforeOpeningIt() throws IOException {
        Path tenMegabytes = tenMegabyteSheet();
        SheetImporter importer = new SheetImporter(SheetImport.defaultLimits().withMaxFileBytes(8L << 20));

        assertThatThrownBy(() -> importer.read(tenMegabytes, ImportOptions.defaults(), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(Reason.FILE_TOO_LARGE);
                    assertThat((Long) refused.messageArguments().get(1)).isGreaterThanOrEqualTo(10L << 20);
                    assertThat(refused.messageArguments().get(2)).isEqualTo(8L << 20);
                    assertThat(refused.localizedMessage(Locale.ENGLISH)).startsWith("Not importing ten-megabytes.xlsx:"
                            + " the file is ").endsWith("bytes, over the limit of 8,388,608 bytes. Nothing was recorded.");
                });
    }

    @Test
    void refusesASheetOverTheRowLimit() {
        TestSheets.Xlsx sheet = TestSheets.xlsx().row(1, "Số ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời hạn bảo quản");
        for (int row = 2; row <= 60; row++) {
            sheet.row(row, "HS-" + row, "Hồ sơ " + row, "10");
        }
        Path file = sheet.write(DIR.resolve("sixty-rows.xlsx"));
        SheetImporter importer = new SheetImporter(SheetImport.defaultLimits().withMaxRows(50));

        assertThatThrownBy(() -> importer.read(file, ImportOptions.defaults().withFonds("F"), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(Reason.TOO_MANY_ROWS);
                    assertThat(refused.messageArguments().get(1)).isEqualTo(50L);
                });
    }

    @Test
    void refusesAPasswordProtectedWorkbook() throws Exception {
        Path plain = smallSheet(DIR.resolve("to-encrypt.xlsx"));
        Path encrypted = DIR.resolve("encrypted.xlsx");
        try (POIFSFileSystem fs = new POIFSFileSystem()) {
            EncryptionInfo info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor encryptor = info.getEncryptor();
            encryptor.confirmPassword("mat-khau");
            try (OPCPackage pkg = OPCPackage.open(plain.toFile(), PackageAccess.READ_WRITE);
                 OutputStream out = encryptor.getDataStream(fs)) {
                pkg.save(out);
            }
            try (OutputStream out = Files.newOutputStream(encrypted)) {
                fs.writeFilesystem(out);
            }
        }

        assertThatThrownBy(() -> importer().read(encrypted, ImportOptions.defaults(), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.ENCRYPTED))
                .hasMessage("Not importing encrypted.xlsx: the workbook is password-protected. Remove the password in"
                        + " Excel and import again. Nothing was recorded.");
    }

    @Test
    void refusesACorruptedWorkbook() throws IOException {
        byte[] whole = Files.readAllBytes(smallSheet(DIR.resolve("to-truncate.xlsx")));
        Path truncated = Files.write(DIR.resolve("truncated.xlsx"), Arrays.copyOf(whole, whole.length / 2));
        Path garbage = Files.write(DIR.resolve("garbage.xlsx"), new byte[] {'P', 'K', 3, 4, 0, 0, 1, 2, 3, 4, 5, 6, 7});

        assertThatThrownBy(() -> importer().read(truncated, ImportOptions.defaults(), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.CORRUPTED));
        assertThatThrownBy(() -> importer().read(garbage, ImportOptions.defaults(), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.CORRUPTED));
    }

    @Test
    void refusesAZipBombLikeSheet() throws IOException {
        // 40 MB of spaces inside the sheet XML compress about a thousand times: no real sheet does that.
        Path bomb = DIR.resolve("zip-bomb.xlsx");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(smallSheet(DIR.resolve("to-inflate.xlsx"))));
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(bomb))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                byte[] content = in.readAllBytes();
                if (entry.getName().equals("xl/worksheets/sheet1.xml")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    int at = xml.indexOf("<sheetData>") + "<sheetData>".length();
                    out.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    byte[] spaces = new byte[1 << 20];
                    Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < 40; i++) {
                        out.write(spaces);
                    }
                    out.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(content);
                }
                out.closeEntry();
            }
        }

        assertThatThrownBy(() -> importer().read(bomb, ImportOptions.defaults(), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.ZIP_BOMB))
                .hasMessage("Not importing zip-bomb.xlsx: its compressed content is abnormal (a suspected zip bomb)."
                        + " Nothing was recorded.");
    }

    @Test
    void refusesAnOldBinaryWorkbookAndOtherFiles() throws IOException {
        Path xls = DIR.resolve("old.xls");
        try (HSSFWorkbook workbook = new HSSFWorkbook(); OutputStream out = Files.newOutputStream(xls)) {
            workbook.createSheet("Sheet1").createRow(0).createCell(0).setCellValue("Số ký hiệu hồ sơ");
            workbook.write(out);
        }
        Path pdf = Files.writeString(DIR.resolve("scan.pdf"), "%PDF-1.7\n");

        assertThatThrownBy(() -> importer().read(xls, ImportOptions.defaults(), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.UNSUPPORTED_TYPE));
        assertThatThrownBy(() -> importer().read(pdf, ImportOptions.defaults(), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.UNSUPPORTED_TYPE));
    }

    private static SheetImporter importer() {
        return new SheetImporter(SheetImport.defaultLimits());
    }

    private static Path smallSheet(Path file) {
        return TestSheets.xlsx()
                .row(1, "Số ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời hạn bảo quản")
                .row(2, "HS-1", "Hồ sơ 1", "VV")
                .write(file);
    }

    /** Random text barely compresses, so about 14 MB of it make a 10 MB workbook; kept between runs. */
    private static Path tenMegabyteSheet() throws IOException {
        Path file = DIR.resolve("ten-megabytes.xlsx");
        if (Files.exists(file) && Files.size(file) >= 10L << 20) {
            return file;
        }
        Random random = new Random(2025);
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
            SXSSFSheet sheet = workbook.createSheet("Mục lục");
            sheet.createRow(0).createCell(0).setCellValue("Số ký hiệu hồ sơ");
            for (int r = 1; r <= 14_000; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue("HS-" + r);
                for (int c = 1; c <= 10; c++) {
                    byte[] noise = new byte[75];
                    random.nextBytes(noise);
                    row.createCell(c).setCellValue(java.util.Base64.getEncoder().encodeToString(noise));
                }
            }
            workbook.write(out);
        }
        assertThat(Files.size(file)).isGreaterThanOrEqualTo(10L << 20);
        return file;
    }
}
