package org.archivesync.agent.importer;

import static org.archivesync.agent.importer.FileField.END_DATE;
import static org.archivesync.agent.importer.FileField.FILE_CODE;
import static org.archivesync.agent.importer.FileField.FILE_NUMBER;
import static org.archivesync.agent.importer.FileField.REFERENCE;
import static org.archivesync.agent.importer.FileField.IGNORED;
import static org.archivesync.agent.importer.FileField.KEYWORDS;
import static org.archivesync.agent.importer.FileField.LANGUAGE;
import static org.archivesync.agent.importer.FileField.RETENTION;
import static org.archivesync.agent.importer.FileField.SEQUENCE;
import static org.archivesync.agent.importer.FileField.START_DATE;
import static org.archivesync.agent.importer.FileField.TITLE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.archivesync.agent.importer.ImportRefusedException.Reason;
import org.archivesync.agent.sheetimport.SheetImport;
import org.archivesync.avro.DatePrecision;
import org.archivesync.agent.importer.TestSheets.InFont;
import org.junit.jupiter.api.Test;

class HeaderDetectionTest {

    private static final Path DIR = TestSheets.dir("headers");

    private final SheetImporter importer = new SheetImporter(SheetImport.defaultLimits());

    @Test
    void readsAHeaderSpreadOverTwoRowsUnderAMergedParent() {
        Path sheet = TestSheets.xlsx()
                .row(1, "MỤC LỤC HỒ SƠ").merge("A1:E1")
                .row(2, "Số TT", "Hồ sơ số", "Tiêu đề", "Thời gian", null, "THBQ").merge("D2:E2")
                .row(3, null, null, null, "Bắt đầu", "Kết thúc")
                .row(4, 1, "12/HS", "Hồ sơ đại hội", "05/2001", "11/2001", "Vĩnh viễn")
                .write(DIR.resolve("two-row-header.xlsx"));

        ImportResult result = importer.read(sheet, fonds(), null, null);

        assertThat(result.report().headerRow()).isEqualTo(2);
        assertThat(result.report().columns()).containsExactly(
                new ReportColumn("A", "Số TT", SEQUENCE),
                new ReportColumn("B", "Hồ sơ số", FILE_NUMBER),
                new ReportColumn("C", "Tiêu đề", TITLE),
                new ReportColumn("D", "Thời gian / Bắt đầu", START_DATE),
                new ReportColumn("E", "Thời gian / Kết thúc", END_DATE),
                new ReportColumn("F", "THBQ", RETENTION));
        assertThat(result.files()).singleElement().satisfies(file -> {
            assertThat(file.startDate()).isEqualTo(LocalDate.of(2001, 5, 1));
            assertThat(file.endDate()).isEqualTo(LocalDate.of(2001, 11, 1));
            assertThat(file.endPrecision()).isEqualTo(DatePrecision.MONTH);
            assertThat(file.fileNumber()).isEqualTo("12/HS");
            assertThat(file.fileCode()).isEqualTo("CAINUOC-UBND.2001.HS12/HS");
        });
    }

    @Test
    void matchesHeadersWhateverTheirCaseDiacriticsPunctuationOrLegacyFont() {
        Path sheet = TestSheets.xlsx()
                .row(1, "stt", "SO, KY HIEU HO SO", new InFont(LegacyVietnamese.encodeTcvn3("Tiêu đề hồ sơ"), ".VnTime"),
                        "Thời gian (ngày/tháng/năm)", "Thời hạn  lưu trữ", "Từ khoá", "Ngôn ngữ")
                .row(2, 1, "HS-1", "Hồ sơ 1", "2001-2004", "10", "đất đai; tranh chấp", "Tiếng Việt, Tiếng Anh")
                .write(DIR.resolve("spelled-headers.xlsx"));

        ImportResult result = importer.read(sheet, fonds(), null, null);

        assertThat(result.report().columns()).extracting(ReportColumn::field)
                .containsExactly(SEQUENCE, REFERENCE, TITLE, END_DATE, RETENTION, KEYWORDS, LANGUAGE);
        ImportedFile file = result.files().get(0);
        // One date column holding a range gives both ends.
        assertThat(file.startDate()).isEqualTo(LocalDate.of(2001, 1, 1));
        assertThat(file.endDate()).isEqualTo(LocalDate.of(2004, 1, 1));
        assertThat(file.endPrecision()).isEqualTo(DatePrecision.YEAR);
        assertThat(file.keywords()).containsExactly("đất đai", "tranh chấp");
        assertThat(file.language()).isEqualTo("vi,en");
    }

    @Test
    void aMappingFileOverridesTheBuiltInHeaders() throws IOException {
        Path sheet = sheetWithOfficeSpecificHeaders("mapped.xlsx");
        Path mapping = Files.writeString(DIR.resolve("mapping.properties"), """
                # Huyện Cái Nước's own headers
                Mã số HS = fileCode
                Thời gian = startDate
                Người lập = ignore
                """, StandardCharsets.UTF_8);

        ImportResult result = importer.read(sheet, fonds().withMappingFile(mapping), null, null);

        assertThat(result.report().columns()).containsExactly(
                new ReportColumn("A", "Mã số HS", FILE_CODE),
                new ReportColumn("B", "Tiêu đề hồ sơ", TITLE),
                new ReportColumn("C", "Thời gian", START_DATE),
                new ReportColumn("D", "Thời hạn bảo quản", RETENTION),
                new ReportColumn("E", "Người lập", IGNORED));
        assertThat(result.report().unknownColumns()).isEmpty();
        assertThat(result.files()).extracting(ImportedFile::fileCode).containsExactly("CN-01");
    }

    @Test
    void aJsonMappingFileWorksTheSame() throws IOException {
        Path sheet = sheetWithOfficeSpecificHeaders("mapped-json.xlsx");
        Path mapping = Files.writeString(DIR.resolve("mapping.json"),
                "{\"Mã số HS\": \"fileCode\", \"Thời gian\": \"START_DATE\"}", StandardCharsets.UTF_8);

        ImportResult result = importer.read(sheet, fonds().withMappingFile(mapping), null, null);

        assertThat(result.report().columns()).extracting(ReportColumn::field)
                .containsExactly(FILE_CODE, TITLE, START_DATE, RETENTION);
        assertThat(result.report().unknownColumns()).containsExactly(new ReportColumn("E", "Người lập", null));
    }

    @Test
    void refusesAMappingFileNamingAFieldThatDoesNotExist() throws IOException {
        Path sheet = sheetWithOfficeSpecificHeaders("bad-mapping.xlsx");
        Path mapping = Files.writeString(DIR.resolve("bad-mapping.properties"), "Mã số HS = maHoSo\n");

        assertThatThrownBy(() -> importer.read(sheet, fonds().withMappingFile(mapping), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class,
                        refused -> assertThat(refused.reason()).isEqualTo(Reason.INVALID_MAPPING))
                .hasMessage("The column mapping file bad-mapping.properties cannot be used: Mã số HS = maHoSo.");
    }

    @Test
    void refusesASheetWithoutAFileCodeColumn() {
        Path sheet = sheetWithOfficeSpecificHeaders("no-header.xlsx");

        assertThatThrownBy(() -> importer.read(sheet, fonds(), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(Reason.NO_HEADER);
                    assertThat(refused.messageArguments().get(1)).isEqualTo(30);
                    assertThat(refused.getMessage()).isEqualTo("Not importing no-header.xlsx: no header row with a"
                            + " file identifier, reference or file number column in the first 30 rows. Nothing was"
                            + " recorded.");
                });
    }

    @Test
    void refusesALongSheetWithoutAFileCodeColumnOnceTheScannedRowsArePast() {
        TestSheets.Xlsx sheet = TestSheets.xlsx().row(1, "Tiêu đề hồ sơ", "Thời hạn bảo quản");
        for (int row = 2; row <= 40; row++) {
            sheet.row(row, "Hồ sơ " + row, "10");
        }
        Path file = sheet.write(DIR.resolve("no-code-column.xlsx"));

        assertThatThrownBy(() -> importer.read(file, fonds(), null, null)).isInstanceOfSatisfying(
                ImportRefusedException.class, refused -> assertThat(refused.reason()).isEqualTo(Reason.NO_HEADER));
    }

    @Test
    void readsTheNamedSheetAndRefusesAMissingOne() {
        Path sheet = TestSheets.xlsx()
                .row(1, "Ghi chú: danh sách cũ")
                .sheet("Năm 2003")
                .row(1, "Số ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời hạn bảo quản")
                .row(2, "HS-2003-1", "Hồ sơ năm 2003", "VV")
                .write(DIR.resolve("two-sheets.xlsx"));

        assertThat(importer.read(sheet, fonds().withSheet("năm 2003"), null, null).files())
                .extracting(ImportedFile::fileCode).containsExactly("CAINUOC-UBND.HS-2003-1");
        assertThatThrownBy(() -> importer.read(sheet, fonds().withSheet("Năm 2004"), null, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(Reason.SHEET_NOT_FOUND);
                    assertThat(refused.messageArguments()).containsExactly("two-sheets.xlsx", "Năm 2004",
                            "Mục lục, Năm 2003");
                });
    }

    @Test
    void takesTheFondsFromAColumnAndFlagsAConflictWithTheOption() {
        Path sheet = TestSheets.xlsx()
                .row(1, "Phông số", "Số ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời hạn bảo quản")
                .row(2, "P-01", "HS-1", "Hồ sơ 1", "VV")
                .row(3, null, "HS-2", "Hồ sơ 2", "VV")
                .write(DIR.resolve("fonds-column.xlsx"));

        assertThat(importer.read(sheet, ImportOptions.defaults(), null, null).report().problems())
                .containsExactly(new ImportProblem(3, "A3", "Phông số", null, ProblemReason.MISSING_FONDS_CODE));
        assertThat(importer.read(sheet, ImportOptions.defaults().withFonds("P-02"), null, null).report().problems())
                .containsExactly(new ImportProblem(2, "A2", "Phông số", "P-01", ProblemReason.FONDS_CODE_MISMATCH));
    }

    private static Path sheetWithOfficeSpecificHeaders(String name) {
        return TestSheets.xlsx()
                .row(1, "Mã số HS", "Tiêu đề hồ sơ", "Thời gian", "Thời hạn bảo quản", "Người lập")
                .row(2, "CN-01", "Hồ sơ về việc cấp giấy chứng nhận", "2002", "20", "Nguyễn Thị B")
                .write(DIR.resolve(name));
    }

    private static ImportOptions fonds() {
        return ImportOptions.defaults().withFonds("CAINUOC-UBND");
    }
}
