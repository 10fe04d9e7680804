package org.archivesync.agent.importer;

import static org.archivesync.agent.importer.FileField.BOX_CODE;
import static org.archivesync.agent.importer.FileField.FILE_CODE;
import static org.archivesync.agent.importer.FileField.FILE_NUMBER;
import static org.archivesync.agent.importer.FileField.LIST_NUMBER;
import static org.archivesync.agent.importer.FileField.PLACE;
import static org.archivesync.agent.importer.FileField.REFERENCE;
import static org.archivesync.agent.importer.FileField.SEQUENCE;
import static org.archivesync.agent.importer.FileField.TITLE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;

import org.archivesync.agent.importer.TestSheets.InFont;
import org.archivesync.agent.importer.TestSheets.MucLuc;
import org.archivesync.agent.sheetimport.SheetImport;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.junit.jupiter.api.Test;

/**
 * Mục lục sheets as clerks make them (issue 16): the three file numbers, identifiers built the TT 05/2025 way, dates
 * at the precision written, ranges in one cell, legacy retention, and the sheet's furniture (title block, repeated
 * headers, column numbers, headings, closing line) skipped and counted rather than reported.
 */
class MucLucImportTest {

    private static final String FONDS = "CM.TVT.UBND";
    private static final Path DIR = TestSheets.dir("muc-luc");

    private final SheetImporter importer = new SheetImporter(SheetImport.defaultLimits());

    @Test
    void fileNumberAndReferenceColumnsMapToTheirOwnFields() {
        // Before: both folded into the file code and the second column was silently dropped.
        Path sheet = TestSheets.xlsx()
                .row(1, "STT", "Hồ sơ số", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian", "Thời hạn bảo quản",
                        "Mục lục số", "Mã xã")
                .row(2, 1, 15, "01.TH", "Báo cáo tổng kết năm 2019", "2019", "Vĩnh viễn", 2, "32002")
                .write(DIR.resolve("hai-cot-so.xlsx"));

        ImportResult result = importer.read(sheet, options(), null, null);

        assertThat(result.report().columns()).extracting(ReportColumn::field)
                .containsExactly(SEQUENCE, FILE_NUMBER, REFERENCE, TITLE, FileField.END_DATE, FileField.RETENTION,
                        LIST_NUMBER, PLACE);
        assertThat(result.report().unknownColumns()).isEmpty();
        ImportedFile file = result.files().get(0);
        assertThat(file.fileNumber()).isEqualTo("15");
        assertThat(file.reference()).isEqualTo("01.TH");
        assertThat(file.listNumber()).isEqualTo("2");
        assertThat(file.placeUnitCode()).isEqualTo("32002");
        assertThat(file.fileCode()).isEqualTo("CM.TVT.UBND.2019.01.TH.2");
    }

    @Test
    void codesAreNeverReadAsLegacyTextByTheirSyllables() {
        // Found by the demo: "07.ĐT" (Đ is byte D0 in Windows-1258, é in TCVN3) was turned into "07.ÉT" because "ét"
        // scores as a Vietnamese syllable and "ĐT" does not. Codes are not words: only a legacy font converts them.
        Path sheet = TestSheets.xlsx()
                .row(1, "Hộp số", "Hồ sơ số", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian", "Thời hạn bảo quản")
                .row(2, "HĐ01", 1, "07.ĐT", "Hồ sơ mời thầu năm 2021", "2021", "5")
                .write(DIR.resolve("ma-co-chu-d.xlsx"));

        ImportedFile file = importer.read(sheet, options(), null, null).files().get(0);

        assertThat(file.reference()).isEqualTo("07.ĐT");
        assertThat(file.boxCode()).isEqualTo("HĐ01");
        assertThat(file.fileCode()).isEqualTo("CM.TVT.UBND.2021.07.ĐT");
    }

    @Test
    void aMaHoSoColumnIsTheIdentifierAsWrittenBesideTheOtherTwoNumbers() {
        Path sheet = TestSheets.xlsx()
                .row(1, "HS số", "Số và ký hiệu hồ sơ", "Mã hồ sơ", "Tiêu đề hồ sơ", "Thời hạn bảo quản")
                .row(2, 7, "05.KH", "000.00.19.H12.2020.05.KH", "Kế hoạch năm 2020", "10")
                .write(DIR.resolve("ma-ho-so.xlsx"));

        ImportedFile file = importer.read(sheet, options(), null, null).files().get(0);

        assertThat(file.fileCode()).isEqualTo("000.00.19.H12.2020.05.KH");
        assertThat(file.fileNumber()).isEqualTo("7");
        assertThat(file.reference()).isEqualTo("05.KH");
    }

    @Test
    void referencesRepeatingAcrossYearsImportAsDistinctFiles() {
        MucLuc list = TestSheets.mucLuc()
                .file("H001", 1, "01.TH", "Báo cáo tổng kết năm 2019", "2019", "2019", 12, "Vĩnh viễn", null, null)
                .file("H001", 2, "01.TH", "Báo cáo tổng kết năm 2020", "2020", "2020", 10, "Vĩnh viễn", null, null)
                .file("H002", 3, null, "Hồ sơ không có ký hiệu", "2020", null, 3, "10", null, null);
        Path sheet = list.write(DIR.resolve("lap-lai-theo-nam.xlsx"));

        ImportResult result = importer.read(sheet, options(), null, null);

        assertThat(result.report().problems()).isEmpty();
        // The list number comes from the title block ("Mục lục số: 2"); without a reference, "HS" and the number.
        assertThat(result.files()).extracting(ImportedFile::fileCode).containsExactly(
                "CM.TVT.UBND.2019.01.TH.2", "CM.TVT.UBND.2020.01.TH.2", "CM.TVT.UBND.2020.HS3.2");
        assertThat(result.report().titleBlock()).isEqualTo(
                new TitleBlock("Ủy ban nhân dân huyện Trần Văn Thời", "CM.TVT.UBND", "2"));
    }

    @Test
    void theListNumberOptionOverridesTheTitleBlockAndAColumnOverridesBoth() {
        Path titled = TestSheets.mucLuc()
                .file("H001", 1, "01.TH", "Báo cáo", "2019", null, 12, "Vĩnh viễn", null, null)
                .write(DIR.resolve("muc-luc-so.xlsx"));
        Path column = TestSheets.mucLuc().titleLines("MỤC LỤC HỒ SƠ")
                .header("Hộp số", "Hồ sơ số", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian", "Thời hạn bảo quản",
                        "Mục lục số")
                .file("H001", 1, "01.TH", "Báo cáo", "2019", "Vĩnh viễn", 3)
                .file("H001", 2, "02.TH", "Kế hoạch", "2019", "Vĩnh viễn", null)
                .write(DIR.resolve("cot-muc-luc-so.xlsx"));

        assertThat(importer.read(titled, options().withListNumber("5"), null, null).files())
                .extracting(ImportedFile::fileCode).containsExactly("CM.TVT.UBND.2019.01.TH.5");
        assertThat(importer.read(column, options().withListNumber("5"), null, null).files())
                .extracting(ImportedFile::fileCode).containsExactly("CM.TVT.UBND.2019.01.TH.3", "CM.TVT.UBND.2019.02.TH.5");
        assertThat(importer.read(column, options(), null, null).files())
                .extracting(ImportedFile::fileCode).containsExactly("CM.TVT.UBND.2019.01.TH.3", "CM.TVT.UBND.2019.02.TH");
    }

    @Test
    void aRowWithNeitherCodeReferenceNorNumberHasNoIdentifier() {
        MucLuc list = TestSheets.mucLuc()
                .file("H001", null, null, "Hồ sơ không số", "2019", null, 12, "Vĩnh viễn", null, null);
        Path sheet = list.write(DIR.resolve("khong-so.xlsx"));

        ImportResult result = importer.read(sheet, options(), null, null);

        assertThat(result.report().problems()).containsExactly(new ImportProblem(list.rowOfFile(0),
                "C" + list.rowOfFile(0), "Số, ký hiệu hồ sơ", null, ProblemReason.MISSING_FILE_CODE));
    }

    @Test
    void aRangeInTheStartColumnFillsTheEmptyEndAtThePrecisionWritten() {
        // Before: "2008-2009" | blank kept only the start.
        MucLuc list = TestSheets.mucLuc()
                .file("H001", 1, "01.TH", "Hồ sơ 1", "2008-2009", null, 1, "10", null, null)
                .file("H001", 2, "02.TH", "Hồ sơ 2", "2008 - 2009", null, 1, "10", null, null)
                .file("H001", 3, "03.TH", "Hồ sơ 3", "03/2008-05/2009", null, 1, "10", null, null)
                .file("H001", 4, "04.TH", "Hồ sơ 4", "12/3/2008 - 4/5/2009", null, 1, "10", null, null)
                .file("H001", 5, "05.TH", "Hồ sơ 5", "2003", null, 1, "10", null, null)
                .file("H001", 6, "06.TH", "Hồ sơ 6", "T6/2003", "tháng 8/2003", 1, "10", null, null)
                .file("H001", 7, "07.TH", "Hồ sơ 7", "03/2004", "2004", 1, "10", null, null)
                .file("H001", 8, "08.TH", "Hồ sơ 8", "2005", "06/2004", 1, "10", null, null);
        Path sheet = list.write(DIR.resolve("khoang-thoi-gian.xlsx"));

        ImportResult result = importer.read(sheet, options(), null, null);

        assertThat(result.files()).extracting(f -> f.startDate() + " " + f.startPrecision() + " .. " + f.endDate()
                + " " + f.endPrecision()).containsExactly(
                "2008-01-01 YEAR .. 2009-01-01 YEAR",
                "2008-01-01 YEAR .. 2009-01-01 YEAR",
                "2008-03-01 MONTH .. 2009-05-01 MONTH",
                "2008-03-12 DAY .. 2009-05-04 DAY",
                "2003-01-01 YEAR .. null DAY",
                "2003-06-01 MONTH .. 2003-08-01 MONTH",
                "2004-03-01 MONTH .. 2004-01-01 YEAR");
        // Compared at the precision written: 03/2004 to 2004 is fine, 2005 to 06/2004 is not.
        assertThat(result.report().problems()).containsExactly(new ImportProblem(list.rowOfFile(7),
                "F" + list.rowOfFile(7), "Thời gian kết thúc", "06/2004", ProblemReason.END_BEFORE_START));
    }

    @Test
    void legacyRetentionIsKeptAsWrittenInAnyEncodingAndCounted() {
        Path sheet = TestSheets.mucLuc()
                .file("H001", 1, "01.TH", "Hồ sơ 1", "1998", null, 1, "Lâu dài", null, null)
                .file("H001", 2, "02.TH", "Hồ sơ 2", "1998", null, 1, "TẠM THỜI", null, null)
                .file("H001", 3, "03.TH", "Hồ sơ 3", "1998", null, 1,
                        new InFont(LegacyVietnamese.encodeTcvn3("Lâu dài"), ".VnTime"), null, null)
                .file("H001", 4, "04.TH", "Hồ sơ 4", "1998", null, 1,
                        new InFont(LegacyVietnamese.encodeVni("Tạm thời"), "VNI-Times"), null, null)
                .file("H001", 5, "05.TH", "Hồ sơ 5", "1998", null, 1, "Vĩnh viễn", null, null)
                .write(DIR.resolve("thoi-han-cu.xlsx"));

        ImportResult result = importer.read(sheet, options(), null, null);

        assertThat(result.files()).extracting(ImportedFile::retention).containsExactly(RetentionKind.LEGACY_LONG_TERM,
                RetentionKind.LEGACY_TEMPORARY, RetentionKind.LEGACY_LONG_TERM, RetentionKind.LEGACY_TEMPORARY,
                RetentionKind.PERMANENT);
        assertThat(result.files()).extracting(ImportedFile::retentionYears).containsOnlyNulls();
        assertThat(result.report().legacyRetentionRows()).isEqualTo(4);
        assertThat(result.report().toText(new Locale("vi")))
                .contains("4 hồ sơ ghi thời hạn theo cách cũ, cần xác định lại (Lâu dài, Tạm thời).");
        assertThat(result.report().toText(Locale.ENGLISH))
                .contains("4 files give their retention the old way and must be appraised again");
    }

    @Test
    void aRealisticMucLucReportsOnlyItsRealFaultAndCountsTheFurniture() {
        String nfd = Normalizer.normalize("Hồ sơ quy hoạch sử dụng đất xã Khánh Hải", Normalizer.Form.NFD);
        MucLuc list = TestSheets.mucLuc().pageRows(5)
                .heading("I. TỔNG HỢP")
                .file("H001", 1, "01.TH", "Báo cáo tổng kết năm 2019", "2019", null, 12, "Vĩnh viễn", null, null)
                .file("H001", 2, "02.TH", new InFont(LegacyVietnamese.encodeTcvn3("Kế hoạch công tác năm 2019"),
                        ".VnTime"), "01/2019", "12/2019", 8, "Lâu dài", null, null)
                .file("H001", 3, "03.TH", new InFont(LegacyVietnamese.encodeVni("Ủy ban nhân dân huyện Trần Văn Thời"),
                        "VNI-Times"), "2008-2009", null, 20, new InFont(LegacyVietnamese.encodeVni("Tạm thời"),
                        "VNI-Times"), null, null)
                .heading("II. QUY HOẠCH, KẾ HOẠCH")
                .file("H002", 4, "01.QH", nfd, "12/3/2008 - 4/5/2009", null, 5, "10 năm", null, null)
                .file("H002", 5, "02.QH", "Hồ sơ quy hoạch xã Khánh Bình", "2010", "2009", 5, "20", null, null)
                .heading("1. Nông nghiệp")
                .file("H002", 6, "03.QH", "Hồ sơ chuyển đổi cây trồng", "T6/2011", null, 3, "Vĩnh viễn", null, null)
                .closing("Tổng cộng: 6 hồ sơ")
                .closing("Mục lục này gồm 6 hồ sơ, đánh số từ 1 đến 6")
                .closing(null, null, null, "Người lập biểu", null, null, null, "Thủ trưởng cơ quan");
        Path sheet = list.write(DIR.resolve("muc-luc-that.xlsx"));

        ImportResult result = importer.read(sheet, options(), null, null);

        assertThat(list.headersWritten()).isEqualTo(2);
        ImportReport report = result.report();
        assertThat(report.headerRow()).isEqualTo(6);
        assertThat(report.problems()).containsExactly(new ImportProblem(list.rowOfFile(4), "F" + list.rowOfFile(4),
                "Thời gian kết thúc", "2009", ProblemReason.END_BEFORE_START));
        assertThat(report.skipped()).isEqualTo(new ImportReport.Skipped(0, 1, 2, 3, 3));
        assertThat(report.statedFileCount()).isEqualTo(6);
        assertThat(report.rowsValid()).isEqualTo(5);
        assertThat(report.rowsInvalid()).isEqualTo(1);
        assertThat(report.legacyRetentionRows()).isEqualTo(2);
        assertThat(report.warnings()).isEmpty();
        // Titles are right: every encoding reaches the file exactly, in NFC.
        assertThat(result.files()).extracting(ImportedFile::title).containsExactly("Báo cáo tổng kết năm 2019",
                "Kế hoạch công tác năm 2019", "Ủy ban nhân dân huyện Trần Văn Thời",
                "Hồ sơ quy hoạch sử dụng đất xã Khánh Hải", "Hồ sơ chuyển đổi cây trồng");
        assertThat(result.files()).extracting(ImportedFile::series).containsExactly("I. TỔNG HỢP", "I. TỔNG HỢP",
                "I. TỔNG HỢP", "II. QUY HOẠCH, KẾ HOẠCH", "1. Nông nghiệp");
        assertThat(result.files()).extracting(ImportedFile::fileCode).containsExactly("CM.TVT.UBND.2019.01.TH.2",
                "CM.TVT.UBND.2019.02.TH.2", "CM.TVT.UBND.2008.03.TH.2", "CM.TVT.UBND.2008.01.QH.2",
                "CM.TVT.UBND.2011.03.QH.2");
        assertThat(report.toText(new Locale("vi"))).contains(
                "Tên phông: Ủy ban nhân dân huyện Trần Văn Thời; phông số: CM.TVT.UBND; mục lục số: 2",
                "Bỏ qua (không phải hồ sơ, không tính là lỗi): 0 dòng trống, 1 dòng lặp lại tiêu đề cột, 2 dòng đánh số"
                        + " cột, 3 dòng tên nhóm phân loại, 3 dòng tổng cộng/kết thúc.",
                "Dòng kết thúc ghi mục lục gồm 6 hồ sơ.",
                "Có 1 lỗi:");
        assertThat(report.toJson()).contains("\"skipped\" : {\n    \"blank\" : 0,\n    \"repeatedHeaders\" : 1,"
                + "\n    \"columnNumbers\" : 2,\n    \"headings\" : 3,\n    \"closingLines\" : 3\n  }",
                "\"statedFileCount\" : 6");
    }

    @Test
    void aHeadingNumberedInTheSttColumnWithItsTextInTheTitleColumnIsAHeading() {
        Path sheet = TestSheets.mucLuc().titleLines("MỤC LỤC HỒ SƠ")
                .header("STT", "Hồ sơ số", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian", "Thời hạn bảo quản")
                .file("I", null, null, "TỔNG HỢP", null, null)
                .file(1, 1, "01.TH", "Báo cáo tổng kết", "2019", "Vĩnh viễn")
                .file("II", null, null, "Quy hoạch, kế hoạch", null, null)
                .file(2, 2, "01.QH", "Quy hoạch xã", "2019", "Vĩnh viễn")
                .file(3, null, null, "Hồ sơ chỉ có tiêu đề", null, null)
                .write(DIR.resolve("stt-nhom.xlsx"));

        ImportResult result = importer.read(sheet, options(), null, null);

        assertThat(result.report().skipped().headings()).isEqualTo(2);
        assertThat(result.files()).extracting(ImportedFile::series).containsExactly("I. TỔNG HỢP",
                "II. Quy hoạch, kế hoạch");
        // A row with a running number and a title only is a file with problems, not a heading.
        assertThat(result.report().problems()).extracting(ImportProblem::reason)
                .containsExactly(ProblemReason.MISSING_FILE_CODE, ProblemReason.MISSING_RETENTION);
    }

    @Test
    void aClosingLineStatingAnotherCountIsOneProblemNamingBothNumbers() {
        MucLuc list = TestSheets.mucLuc()
                .file("H001", 1, "01.TH", "Hồ sơ 1", "2019", null, 1, "10", null, null)
                .file("H001", 2, "02.TH", "Hồ sơ 2", "2019", null, 1, "10", null, null)
                .file("H001", 3, "03.TH", "Hồ sơ 3", "2019", null, 1, "10", null, null)
                .closing("Mục lục này gồm 1.234 hồ sơ, đánh số từ 1 đến 1.234");
        Path sheet = list.write(DIR.resolve("dem-sai.xlsx"));

        ImportReport report = importer.read(sheet, options(), null, null).report();

        long row = list.rowOfFile(2) + 1L;
        assertThat(report.problems()).containsExactly(new ImportProblem(row, "A" + row, null,
                "Mục lục này gồm 1.234 hồ sơ, đánh số từ 1 đến 1.234", ProblemReason.STATED_COUNT_MISMATCH,
                List.of("1234", "3")));
        assertThat(report.rowsValid()).isEqualTo(3);
        assertThat(report.rowsInvalid()).isZero();
        assertThat(report.toText(new Locale("vi")))
                .contains("  Dòng " + row + ": dòng kết thúc ghi 1234 hồ sơ nhưng trang tính có 3 dòng hồ sơ.");
        assertThat(report.toText(Locale.ENGLISH))
                .contains("  Row " + row + ": the closing line states 1234 files but the sheet has 3 file rows.");
    }

    @Test
    void bothRowsOfADuplicatedIdentifierAreHeldBackEachNamingTheOther() {
        MucLuc list = TestSheets.mucLuc()
                .file("H001", 1, "01.TH", "Hồ sơ 1", "2019", null, 1, "10", null, null)
                .file("H001", 2, "02.TH", "Hồ sơ 2", "2019", null, 1, "10", null, null)
                .file("H001", 3, "01.TH", "Hồ sơ 3", "2019", null, 1, "10", null, null);
        Path sheet = list.write(DIR.resolve("trung.xlsx"));

        ImportResult result = importer.read(sheet, options(), null, null);

        int first = list.rowOfFile(0);
        int third = list.rowOfFile(2);
        assertThat(result.files()).extracting(ImportedFile::reference).containsExactly("02.TH");
        assertThat(result.report().problems()).containsExactly(
                new ImportProblem(first, "C" + first, "Số, ký hiệu hồ sơ", "CM.TVT.UBND.2019.01.TH.2",
                        ProblemReason.DUPLICATE_FILE_CODE, List.of(Integer.toString(third))),
                new ImportProblem(third, "C" + third, "Số, ký hiệu hồ sơ", "CM.TVT.UBND.2019.01.TH.2",
                        ProblemReason.DUPLICATE_FILE_CODE, List.of(Integer.toString(first))));
        assertThat(result.report().toText(new Locale("vi"))).contains("trùng mã hồ sơ với dòng " + third);
        assertThat(result.report().toText(Locale.ENGLISH)).contains("same identifier as row " + first);
    }

    @Test
    void aBoxIsCheckedByItsFondsAndNumberAndCreateBoxesLetsNewOnesThrough() {
        Path sheet = TestSheets.mucLuc().titleLines("MỤC LỤC HỒ SƠ")
                .header("Mã phông", "Hộp số", "Hồ sơ số", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian",
                        "Thời hạn bảo quản")
                .file("CM.TVT.UBND", "H001", 1, "01.TH", "Hồ sơ của Ủy ban", "2019", "Vĩnh viễn")
                .file("CM.TVT.HDND", "H001", 1, "01.TH", "Hồ sơ của Hội đồng", "2019", "Vĩnh viễn")
                .write(DIR.resolve("hai-phong.xlsx"));
        BiPredicate<String, String> registered = (fonds, box) -> Set.of("CM.TVT.UBND/H001").contains(fonds + "/" + box);

        ImportResult checked = importer.read(sheet, ImportOptions.defaults(), registered, null);
        ImportResult creating = importer.read(sheet, ImportOptions.defaults().withCreateBoxes(true, null), registered,
                null);

        assertThat(checked.files()).extracting(ImportedFile::fileCode).containsExactly("CM.TVT.UBND.2019.01.TH");
        assertThat(checked.report().problems()).singleElement().satisfies(problem -> {
            assertThat(problem.reason()).isEqualTo(ProblemReason.BOX_NOT_REGISTERED);
            assertThat(problem.value()).isEqualTo("H001");
            assertThat(problem.column()).isEqualTo("Hộp số");
        });
        assertThat(creating.report().problems()).isEmpty();
        assertThat(creating.files()).extracting(f -> f.fondsCode() + "/" + f.boxCode() + " " + f.fileCode())
                .containsExactly("CM.TVT.UBND/H001 CM.TVT.UBND.2019.01.TH", "CM.TVT.HDND/H001 CM.TVT.HDND.2019.01.TH");
        assertThat(checked.report().columns()).extracting(ReportColumn::field).contains(BOX_CODE);
    }

    @Test
    void aFondsNumberInTheTitleBlockOtherThanTheChosenFondsIsAWarningNotAnOverride() {
        Path sheet = TestSheets.mucLuc()
                .file("H001", 1, "01.TH", "Hồ sơ 1", "2019", null, 1, "10", null, null)
                .write(DIR.resolve("phong-khac.xlsx"));

        ImportResult result = importer.read(sheet, ImportOptions.defaults().withFonds("CM.TVT.VHTT"), null, null);

        assertThat(result.report().warnings()).containsExactly(new ImportWarning(
                ImportWarning.Reason.FONDS_NUMBER_DIFFERS, List.of("CM.TVT.UBND", "CM.TVT.VHTT")));
        assertThat(result.files()).extracting(ImportedFile::fondsCode).containsExactly("CM.TVT.VHTT");
        assertThat(result.report().toText(new Locale("vi"))).contains("Lưu ý: phông số ghi trên mục lục (CM.TVT.UBND)"
                + " khác phông đã chọn (CM.TVT.VHTT); các hồ sơ được ghi vào phông CM.TVT.VHTT.");
        assertThat(result.report().toText(Locale.ENGLISH)).contains("Note: the list's fonds number (CM.TVT.UBND)");
    }

    @Test
    void aHundredThousandRowSheetWithAHeaderEveryFortyRowsReportsExactlyItsFiveFaults() {
        // Before: every repeated header gave five problems and the totals line two, 4,010 in all.
        int rows = 100_000;
        Set<Integer> faults = Set.of(10, 20_000, 50_000, 70_000, 99_999);
        MucLuc list = TestSheets.mucLuc().pageRows(40)
                .files(rows, i -> new Object[] {"H" + (i / 40 + 1), i == 99_999 ? null : i + 1,
                        i == 99_999 ? null : "HS." + i,
                        i == 10 ? null : "Hồ sơ số " + (i + 1), i == 20_000 ? "32/13/2019" : "2019", null,
                        i == 50_000 ? "-3" : 12, i == 70_000 ? "mãi mãi" : "Vĩnh viễn", null, null})
                .closing("Tổng cộng", null, null, null, null, null, 1_199_964)
                .closing("Mục lục này gồm 100.000 hồ sơ, đánh số từ 1 đến 100.000");
        Path sheet = list.write(DIR.resolve("muc-luc-100000.xlsx"));

        ImportReport report = importer.read(sheet, options(), null, null).report();

        assertThat(report.problems()).hasSize(5);
        assertThat(report.problems()).extracting(ImportProblem::row)
                .containsExactlyElementsOf(faults.stream().sorted().map(i -> (long) list.rowOfFile(i)).toList());
        assertThat(report.problems()).extracting(ImportProblem::reason).containsExactly(ProblemReason.MISSING_TITLE,
                ProblemReason.UNPARSEABLE_DATE, ProblemReason.NEGATIVE_COUNT, ProblemReason.UNKNOWN_RETENTION,
                ProblemReason.MISSING_FILE_CODE);
        assertThat(report.skipped()).isEqualTo(new ImportReport.Skipped(0, rows / 40 - 1, rows / 40, 0, 2));
        assertThat(report.rowsValid()).isEqualTo(rows - 5);
        assertThat(report.statedFileCount()).isEqualTo(rows);
    }

    private static ImportOptions options() {
        return ImportOptions.defaults().withFonds(FONDS);
    }
}
