package org.archivesync.agent.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.archivesync.agent.sheetimport.SheetImport;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.junit.jupiter.api.Test;

class CsvImportTest {

    private static final Path DIR = TestSheets.dir("csv");

    private static final String CSV = """
            UỶ BAN NHÂN DÂN XÃ TÂN HƯNG,,,,,
            Số ký hiệu hồ sơ,Tiêu đề hồ sơ,Ngày tháng năm,Số tờ,Thời hạn bảo quản,Chế độ sử dụng
            TH-01,"Hồ sơ về việc giải quyết đất đai xã Tân Hưng, ấp 4",05/03/2003,12 tờ,Vĩnh viễn,Thường
            ,,,,,
            TH-02,"Biên bản họp dân
            (hai trang)",tháng 6 năm 2004,2,10 năm,Hạn chế
            TH-03,Kế hoạch bảo vệ,2005,1,VV,Tuyệt mật
            """;

    private final SheetImporter importer = new SheetImporter(SheetImport.defaultLimits());

    @Test
    void readsUtf8() throws IOException {
        Path file = Files.write(DIR.resolve("utf8.csv"), CSV.getBytes(StandardCharsets.UTF_8));

        ImportResult result = importer.read(file, fonds(), null, null);

        assertThat(result.report().encoding()).isEqualTo("UTF-8");
        assertThat(result.files()).isEqualTo(expectedFiles());
        assertThat(result.report().skipped().blank()).isEqualTo(1);
        assertThat(result.report().headerRow()).isEqualTo(2);
    }

    @Test
    void readsUtf8WithByteOrderMark() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(CSV.getBytes(StandardCharsets.UTF_8));
        Path file = Files.write(DIR.resolve("utf8-bom.csv"), bytes.toByteArray());

        ImportResult result = importer.read(file, fonds(), null, null);

        assertThat(result.report().encoding()).isEqualTo("UTF-8 BOM");
        assertThat(result.files()).isEqualTo(expectedFiles());
    }

    @Test
    void readsWindows1258WithItsCombiningTonesIntoNfc() throws IOException {
        Path file = Files.write(DIR.resolve("cp1258.csv"), Windows1258.encode(CSV));

        ImportResult result = importer.read(file, fonds(), null, null);

        assertThat(result.report().encoding()).isEqualTo("windows-1258");
        assertThat(result.files()).isEqualTo(expectedFiles());
        assertThat(result.report().legacyConvertedCells()).isZero();
    }

    @Test
    void readsExcelUnicodeTextWithTabsAndSemicolonSeparatedFiles() throws IOException {
        String tabbed = CSV.replace(",", "\t").replace("\"Hồ sơ về việc giải quyết đất đai xã Tân Hưng\t ấp 4\"",
                "\"Hồ sơ về việc giải quyết đất đai xã Tân Hưng, ấp 4\"");
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.write(new byte[] {(byte) 0xFF, (byte) 0xFE});
        utf16.write(tabbed.getBytes(StandardCharsets.UTF_16LE));
        Path unicodeText = Files.write(DIR.resolve("unicode-text.txt"), utf16.toByteArray());
        Path semicolons = Files.writeString(DIR.resolve("semicolons.csv"),
                CSV.replace(",", ";").replace("Tân Hưng; ấp 4", "Tân Hưng, ấp 4"));

        assertThat(importer.read(unicodeText, fonds(), null, null).files()).isEqualTo(expectedFiles());
        assertThat(importer.read(semicolons, fonds(), null, null).files()).isEqualTo(expectedFiles());
    }

    @Test
    void convertsTcvn3CellsInACsvSavedFromALegacyWorkbook() throws IOException {
        String legacy = "Số ký hiệu hồ sơ,Tiêu đề hồ sơ,Thời hạn bảo quản\nTH-09,"
                + LegacyVietnamese.encodeTcvn3("Hồ sơ về việc giải quyết đất đai") + ",VV\n";
        // Saved as "ANSI" on a Vietnamese-locale PC: the TCVN3 bytes go out untouched, headers as Windows-1258.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String line : legacy.split("(?<=\n)")) {
            bytes.write(line.startsWith("TH-09") ? line.getBytes(StandardCharsets.ISO_8859_1) : Windows1258.encode(line));
        }
        Path file = Files.write(DIR.resolve("tcvn3.csv"), bytes.toByteArray());

        ImportResult result = importer.read(file, fonds(), null, null);

        assertThat(result.files()).extracting(ImportedFile::title).containsExactly("Hồ sơ về việc giải quyết đất đai");
        assertThat(result.report().legacyConvertedCells()).isEqualTo(1);
    }

    /** "Số ký hiệu hồ sơ" is the reference; the identifier is built from fonds, year and reference (not the year of a secret file). */
    private static List<ImportedFile> expectedFiles() {
        return List.of(
                new ImportedFile(3, "TANHUNG-UBND", "TANHUNG-UBND.2003.TH-01", null, "TH-01", null, null, null, null,
                        "Hồ sơ về việc giải quyết đất đai xã Tân Hưng, ấp 4", LocalDate.of(2003, 3, 5), DatePrecision.DAY,
                        LocalDate.of(2003, 3, 5), DatePrecision.DAY, 12, null, RetentionKind.PERMANENT, null,
                        AccessRegime.OPEN, null, null, List.of(), null, null),
                new ImportedFile(5, "TANHUNG-UBND", "TANHUNG-UBND.2004.TH-02", null, "TH-02", null, null, null, null,
                        "Biên bản họp dân (hai trang)", LocalDate.of(2004, 6, 1), DatePrecision.MONTH,
                        LocalDate.of(2004, 6, 1), DatePrecision.MONTH, 2, null, RetentionKind.FIXED_TERM, 10,
                        AccessRegime.RESTRICTED, null, null, List.of(), null, null),
                new ImportedFile(6, "TANHUNG-UBND", "TANHUNG-UBND.TH-03", null, "TH-03", null, null, null, null, null,
                        LocalDate.of(2005, 1, 1), DatePrecision.YEAR, LocalDate.of(2005, 1, 1), DatePrecision.YEAR, 1,
                        null, RetentionKind.PERMANENT, null, AccessRegime.STATE_SECRET, SecretLevel.TOP_SECRET, null,
                        List.of(), null, null));
    }

    private static ImportOptions fonds() {
        return ImportOptions.defaults().withFonds("TANHUNG-UBND");
    }
}
