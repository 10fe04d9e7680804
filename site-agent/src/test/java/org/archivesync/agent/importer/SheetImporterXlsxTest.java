package org.archivesync.agent.importer;

import static org.archivesync.agent.importer.FileField.ACCESS_REGIME;
import static org.archivesync.agent.importer.FileField.BOX_CODE;
import static org.archivesync.agent.importer.FileField.END_DATE;
import static org.archivesync.agent.importer.FileField.FILE_CODE;
import static org.archivesync.agent.importer.FileField.NOTES;
import static org.archivesync.agent.importer.FileField.RETENTION;
import static org.archivesync.agent.importer.FileField.SEQUENCE;
import static org.archivesync.agent.importer.FileField.SHEET_COUNT;
import static org.archivesync.agent.importer.FileField.START_DATE;
import static org.archivesync.agent.importer.FileField.TITLE;
import static org.archivesync.agent.importer.ProblemReason.BOX_NOT_REGISTERED;
import static org.archivesync.agent.importer.ProblemReason.DUPLICATE_FILE_CODE;
import static org.archivesync.agent.importer.ProblemReason.END_BEFORE_START;
import static org.archivesync.agent.importer.ProblemReason.FORMULA_CELL;
import static org.archivesync.agent.importer.ProblemReason.MISSING_FILE_CODE;
import static org.archivesync.agent.importer.ProblemReason.NEGATIVE_COUNT;
import static org.archivesync.agent.importer.ProblemReason.UNPARSEABLE_DATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;

import org.archivesync.agent.importer.TestSheets.Formula;
import org.archivesync.agent.importer.TestSheets.InFont;
import org.archivesync.agent.sheetimport.SheetImport;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One file list as offices keep it: title rows merged above a header on row 4 (with a "Mã hồ sơ"
 * column, so the identifiers are as written), the column-number row under it, TCVN3, VNI and decomposed text, blank rows, dates as text and as date cells, a
 * running number computed by formula (harmless: STT is not imported), and one row for each
 * problem the importer must report.
 */
class SheetImporterXlsxTest {

    private static final String FONDS = "CAINUOC-UBND";
    private static final String LAND = "Hồ sơ về việc giải quyết đất đai xã Tân Hưng";
    private static final BiPredicate<String, String> BOXES =
            (fonds, box) -> fonds.equals(FONDS) && Set.of("H-01", "H-02").contains(box);

    private static Path fileList;

    @BeforeAll
    static void writeFileList() {
        fileList = TestSheets.xlsx()
                .row(1, "ỦY BAN NHÂN DÂN HUYỆN CÁI NƯỚC").merge("A1:K1")
                .row(2, "MỤC LỤC HỒ SƠ").merge("A2:K2")
                .row(3, "Phông: UBND huyện Cái Nước (1999-2025)").merge("A3:K3")
                .row(4, "STT", "Mã hồ sơ", "Tiêu đề hồ sơ", "Thời gian bắt đầu", "Thời gian kết thúc",
                        "Số tờ", "Thời hạn bảo quản", "Chế độ sử dụng", "Hộp số", "Ghi chú", "Người lập")
                .row(5, "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)")
                .row(6, 1, "HS-01", LAND, "01/02/2003", LocalDate.of(2003, 12, 15), "12 tờ", "Vĩnh viễn", "Thường",
                        "H-01", "", "Lê Văn A")
                .row(7, new Formula("A6+1"), "HS-02", new InFont(LegacyVietnamese.encodeTcvn3("Biên bản giao nhận tài liệu năm 2003"),
                        ".VnTime"), "năm 2003", null, 15, "10 năm", null, "H-01")
                .row(8, 3, "HS-03", LegacyVietnamese.encodeVni("Ủy ban nhân dân huyện Cái Nước"), "03/2004", "2004",
                        "8", "VV", "Công khai", "H-02", LegacyVietnamese.encodeVni("Tài liệu bị ố vàng"))
                .row(9, 4, "HS-04", Normalizer.normalize(LAND, Normalizer.Form.NFD), 2001, 2004, null, "70",
                        "Hạn chế", "H-02")
                .row(10, 5)
                .row(11, 6, "HS-06", "Hồ sơ hội nghị", "2005", "2005", new Formula("10+2"), "10", null, "H-01")
                .row(12, 7, "HS-07", "Hồ sơ xây dựng trường học", "2006", "2006", 5, "20", null, "H-01")
                .row(13, 8, "HS-07", "Hồ sơ xây dựng trạm y tế", "2006", "2006", 7, "20", null, "H-01")
                .row(14, 9, "HS-09", "Hồ sơ thanh tra", "15/12/2004", "01/02/2003", 3, "10", null, "H-01")
                .row(15, 10, "HS-10", "Hồ sơ tiếp dân", "2007", "2007", 4, "Lâu dài", null, "H-01")
                .row(16, 11, "HS-11", "Kế hoạch phòng thủ khu vực", "2008", "2008", 9, "Vĩnh viễn",
                        new InFont(LegacyVietnamese.encodeTcvn3("Tối mật"), ".VnTime"), "H-02", "Bản số 2")
                .row(17, 12, "HS-12", "Hồ sơ bầu cử", "2009", "2009", 6, "Vĩnh viễn", null, "H-99")
                .row(18, 13, null, "Hồ sơ không số", "2010", "2010", 2, "10", null, "H-01")
                .row(19, 14, "HS-14", "Hồ sơ kiểm kê", "32/13/2003", "2003", "-3", "10", null, "H-01")
                .row(20, 15, "HS-15", new Formula("\"Mục tiêu phòng thủ\""), "2011", "2011", 1, "Vĩnh viễn",
                        "Mật", "H-02")
                .write(TestSheets.dir("xlsx").resolve("muc-luc-ho-so.xlsx"));
    }

    @Test
    void reportsEveryProblemWithRowColumnValueAndReason() {
        ImportResult result = importer().read(fileList, options().withSkipFormulaRows(true), BOXES, null);

        assertThat(result.report()).isEqualTo(expectedReport());
    }

    @Test
    void refusesTheWholeSheetOverFormulaCellsButStillReportsEverything() {
        assertThatThrownBy(() -> importer().read(fileList, options(), BOXES, null))
                .isInstanceOfSatisfying(ImportRefusedException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(ImportRefusedException.Reason.FORMULA_CELLS);
                    assertThat(refused.report()).isEqualTo(expectedReport());
                    assertThat(refused.messageArguments()).containsExactly("muc-luc-ho-so.xlsx", 2L);
                    assertThat(refused.localizedMessage(new Locale("vi")))
                            .startsWith("Không nhập tệp muc-luc-ho-so.xlsx: có 2 ô chứa công thức");
                });
    }

    @Test
    void validRowsBecomeFilesWithParsedValuesInNfc() {
        List<ImportedFile> files = importer().read(fileList, options().withSkipFormulaRows(true), BOXES, null).files();

        assertThat(files).extracting(ImportedFile::fileCode)
                .containsExactly("HS-01", "HS-02", "HS-03", "HS-04", "HS-10", "HS-11");
        assertThat(files.get(0)).isEqualTo(new ImportedFile(6, FONDS, "HS-01", "H-01", LAND,
                LocalDate.of(2003, 2, 1), LocalDate.of(2003, 12, 15), 12, null, RetentionKind.PERMANENT, null,
                AccessRegime.OPEN, null, null, List.of(), null, null));
        // A year stays a year, a month a month: no day is invented.
        assertThat(files.get(1)).isEqualTo(file(7, "HS-02", "H-01", "Biên bản giao nhận tài liệu năm 2003",
                LocalDate.of(2003, 1, 1), DatePrecision.YEAR, null, null, 15, RetentionKind.FIXED_TERM, 10,
                AccessRegime.OPEN, null));
        assertThat(files.get(2)).isEqualTo(file(8, "HS-03", "H-02", "Ủy ban nhân dân huyện Cái Nước",
                LocalDate.of(2004, 3, 1), DatePrecision.MONTH, LocalDate.of(2004, 1, 1), DatePrecision.YEAR, 8,
                RetentionKind.PERMANENT, null, AccessRegime.OPEN, "Tài liệu bị ố vàng"));
        assertThat(files.get(3)).isEqualTo(file(9, "HS-04", "H-02", LAND, LocalDate.of(2001, 1, 1),
                DatePrecision.YEAR, LocalDate.of(2004, 1, 1), DatePrecision.YEAR, null, RetentionKind.FIXED_TERM, 70,
                AccessRegime.RESTRICTED, null));
        // "Lâu dài" is accepted as written, never turned into years.
        assertThat(files.get(4)).isEqualTo(file(15, "HS-10", "H-01", "Hồ sơ tiếp dân", LocalDate.of(2007, 1, 1),
                DatePrecision.YEAR, LocalDate.of(2007, 1, 1), DatePrecision.YEAR, 4, RetentionKind.LEGACY_LONG_TERM,
                null, AccessRegime.OPEN, null));
    }

    @Test
    void stateSecretRowsAreStubsWithoutTitleOrNotes() {
        List<ImportedFile> files = importer().read(fileList, options().withSkipFormulaRows(true), BOXES, null).files();

        assertThat(files.get(5)).isEqualTo(new ImportedFile(16, FONDS, "HS-11", null, null, null, null, null, "H-02",
                null, LocalDate.of(2008, 1, 1), DatePrecision.YEAR, LocalDate.of(2008, 1, 1), DatePrecision.YEAR, 9,
                null, RetentionKind.PERMANENT, null, AccessRegime.STATE_SECRET, SecretLevel.SECRET, null, List.of(),
                null, null));
    }

    @Test
    void secretTitlesNeverAppearInTheReport() {
        ImportReport report = importer().read(fileList, options().withSkipFormulaRows(true), BOXES, null).report();

        assertThat(report.toJson()).doesNotContain("phòng thủ").doesNotContain("Bản số 2");
        assertThat(report.toText(Locale.ENGLISH)).doesNotContain("phòng thủ").doesNotContain("Bản số 2");
    }

    @Test
    void progressIsReportedEveryNRowsAndAtTheEnd() {
        List<String> calls = new ArrayList<>();

        importer().read(fileList, options().withSkipFormulaRows(true).withProgressEvery(5), BOXES,
                (read, valid) -> calls.add(read + "/" + valid));

        // Both HS-07 rows pass their own checks; the duplicate check at the end rejects them.
        assertThat(calls).containsExactly("5/4", "10/6", "15/8", "16/6");
    }

    @Test
    void rendersTheReportInVietnameseByDefaultAndInEnglish() {
        ImportReport report = importer().read(fileList, options().withSkipFormulaRows(true), BOXES, null).report();

        assertThat(report.toText(new Locale("vi"))).contains(
                "Trang tính: Mục lục; dòng tiêu đề cột: 4",
                "  K \"Người lập\"",
                "Đã đọc 16 dòng dưới tiêu đề cột: 6 hồ sơ hợp lệ, 8 dòng hồ sơ có lỗi.",
                "Bỏ qua (không phải hồ sơ, không tính là lỗi): 1 dòng trống, 0 dòng lặp lại tiêu đề cột, 1 dòng đánh số"
                        + " cột, 0 dòng tên nhóm phân loại, 0 dòng tổng cộng/kết thúc.",
                "1 hồ sơ ghi thời hạn theo cách cũ, cần xác định lại (Lâu dài, Tạm thời).",
                "  Dòng 12, cột \"Mã hồ sơ\" (B12): trùng mã hồ sơ với dòng 13. Giá trị: \"HS-07\"",
                "2 hồ sơ mật chỉ được ghi phần khai cơ bản",
                "4 ô được chuyển từ bảng mã cũ (TCVN3, VNI) sang Unicode.",
                "  Dòng 14, cột \"Thời gian kết thúc\" (E14): thời gian kết thúc trước thời gian bắt đầu."
                        + " Giá trị: \"01/02/2003\"",
                "  Dòng 20, cột \"Tiêu đề hồ sơ\" (C20): ô chứa công thức (không tính công thức; hãy dán giá trị).");
        assertThat(report.toText(Locale.ENGLISH)).contains(
                "Read 16 rows below the header: 6 valid files, 8 file rows with problems.",
                "  Row 13, column \"Mã hồ sơ\" (B13): same identifier as row 12. Value: \"HS-07\"",
                "  Row 18, column \"Mã hồ sơ\" (B18): file identifier missing (no file identifier, reference or file"
                        + " number).");
    }

    @Test
    void writesTheReportAsJson() {
        ImportReport report = importer().read(fileList, options().withSkipFormulaRows(true), BOXES, null).report();

        assertThat(report.toJson())
                .contains("\"file\" : \"muc-luc-ho-so.xlsx\"", "\"headerRow\" : 4", "\"rowsValid\" : 6",
                        "\"legacyConvertedCells\" : 4", "\"legacyRetentionRows\" : 1")
                .contains("{\n    \"row\" : 14,\n    \"cell\" : \"E14\",\n    \"column\" : \"Thời gian kết thúc\","
                        + "\n    \"value\" : \"01/02/2003\",\n    \"reason\" : \"END_BEFORE_START\"\n  }")
                .contains("\"reason\" : \"DUPLICATE_FILE_CODE\",\n    \"arguments\" : [ \"12\" ]");
    }

    @Test
    void aLegacyFontOnTheTextRunSettlesTextThatReadsAsVietnameseBothWays() {
        // "Hoà sô" is Vietnamese as it stands; typed under VNI-Times it is "Hồ sơ".
        Path sheet = TestSheets.xlsx()
                .row(1, "Số ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời hạn bảo quản")
                .row(2, "HS-1", new TestSheets.RunInFont(LegacyVietnamese.encodeVni("Hồ sơ"), "VNI-Times"), "VV")
                .row(3, "HS-2", LegacyVietnamese.encodeVni("Hồ sơ"), "VV")
                .write(TestSheets.dir("xlsx").resolve("run-font.xlsx"));

        ImportResult result = importer().read(sheet, options(), null, null);

        assertThat(result.files()).extracting(ImportedFile::title).containsExactly("Hồ sơ", "Hoà sô");
        assertThat(result.report().legacyConvertedCells()).isEqualTo(1);
    }

    private static ImportReport expectedReport() {
        return new ImportReport("muc-luc-ho-so.xlsx", "XLSX", null, "Mục lục", 4, TitleBlock.NONE,
                List.of(new ReportColumn("A", "STT", SEQUENCE),
                        new ReportColumn("B", "Mã hồ sơ", FILE_CODE),
                        new ReportColumn("C", "Tiêu đề hồ sơ", TITLE),
                        new ReportColumn("D", "Thời gian bắt đầu", START_DATE),
                        new ReportColumn("E", "Thời gian kết thúc", END_DATE),
                        new ReportColumn("F", "Số tờ", SHEET_COUNT),
                        new ReportColumn("G", "Thời hạn bảo quản", RETENTION),
                        new ReportColumn("H", "Chế độ sử dụng", ACCESS_REGIME),
                        new ReportColumn("I", "Hộp số", BOX_CODE),
                        new ReportColumn("J", "Ghi chú", NOTES)),
                List.of(new ReportColumn("K", "Người lập", null)),
                16, 6, 8, new ImportReport.Skipped(1, 0, 1, 0, 0), null, 1, 2, 4, List.of(),
                List.of(new ImportProblem(11, "F11", "Số tờ", "=10+2", FORMULA_CELL),
                        new ImportProblem(12, "B12", "Mã hồ sơ", "HS-07", DUPLICATE_FILE_CODE, List.of("13")),
                        new ImportProblem(13, "B13", "Mã hồ sơ", "HS-07", DUPLICATE_FILE_CODE, List.of("12")),
                        new ImportProblem(14, "E14", "Thời gian kết thúc", "01/02/2003", END_BEFORE_START),
                        new ImportProblem(17, "I17", "Hộp số", "H-99", BOX_NOT_REGISTERED),
                        new ImportProblem(18, "B18", "Mã hồ sơ", null, MISSING_FILE_CODE),
                        new ImportProblem(19, "D19", "Thời gian bắt đầu", "32/13/2003", UNPARSEABLE_DATE),
                        new ImportProblem(19, "F19", "Số tờ", "-3", NEGATIVE_COUNT),
                        new ImportProblem(20, "C20", "Tiêu đề hồ sơ", null, FORMULA_CELL)));
    }

    private static ImportedFile file(long row, String code, String box, String title, LocalDate start,
                                     DatePrecision startPrecision, LocalDate end, DatePrecision endPrecision,
                                     Integer sheets, RetentionKind retention, Integer years, AccessRegime access,
                                     String notes) {
        return new ImportedFile(row, FONDS, code, null, null, null, null, null, box, title, start, startPrecision, end,
                endPrecision, sheets, null, retention, years, access, null, null, List.of(), null, notes);
    }

    private static SheetImporter importer() {
        return new SheetImporter(SheetImport.defaultLimits());
    }

    private static ImportOptions options() {
        return ImportOptions.defaults().withFonds(FONDS);
    }
}
