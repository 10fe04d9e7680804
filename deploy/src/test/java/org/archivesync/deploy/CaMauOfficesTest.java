package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.archivesync.deploy.CaMauOffices.Extents;
import org.archivesync.deploy.CaMauOffices.Office;
import org.archivesync.deploy.CaMauOffices.Place;
import org.archivesync.deploy.FileListGenerator.Fate;
import org.archivesync.deploy.FileListGenerator.FileList;
import org.archivesync.deploy.FileListGenerator.FileRow;
import org.junit.jupiter.api.Test;

/** The demo's offices are real units, checked against the hub's reference data (Nghị quyết 1655/NQ-UBTVQH15). */
class CaMauOfficesTest {

    private static final Path REFERENCE = Path.of("..", "central-hub", "src", "main", "resources", "reference");

    @Test
    void everyPlaceOfAFondsIsAnOldUnitWithItsCode() throws IOException {
        Map<String, String> codes = unitCodes();
        List<Place> places = new ArrayList<>();
        CaMauOffices.ALL.forEach(o -> o.fonds().forEach(f -> places.addAll(f.places())));
        assertThat(places).isNotEmpty().allSatisfy(p ->
                assertThat(codes.get(p.referenceName())).as(p.referenceName()).isEqualTo(p.code()));
    }

    @Test
    void communeSitesCarryTheCodeOfTheirNewUnit() throws IOException {
        Map<String, String> codes = unitCodes();
        assertThat(codes.get(CaMauOffices.XA_TAN_HUNG.referenceName())).isEqualTo(CaMauOffices.TAN_HUNG.unitCode());
        assertThat(codes.get(CaMauOffices.XA_DAM_DOI.referenceName())).isEqualTo(CaMauOffices.DAM_DOI.unitCode());
    }

    @Test
    void handedOverAndMergedOldUnitsWentIntoTheseCommunesByResolution1655() throws IOException {
        Map<String, String> oldUnits = newUnitsToOldUnits();
        assertThat(oldUnits.get("Tân Hưng")).contains("xã Tân Hưng", "xã Đông Hưng (một phần)",
                "xã Đông Thới (một phần)", "xã Hòa Mỹ (một phần)");
        assertThat(CaMauOffices.INTO_XA_TAN_HUNG).allSatisfy(p ->
                assertThat(oldUnits.get("Tân Hưng")).contains(p.name()));
        CaMauOffices.DAM_DOI.fonds().forEach(f -> f.places().forEach(p ->
                assertThat(oldUnits.get("Đầm Dơi")).as(f.code()).contains(p.name())));
        // The former xã Tân Duyệt went wholly into the new xã Đầm Dơi, which receives its records.
        assertThat(oldUnits.get("Đầm Dơi")).contains(CaMauOffices.TAN_DUYET.name())
                .doesNotContain(CaMauOffices.TAN_DUYET.name() + " (một phần)");
        assertThat(unitCodes().get(CaMauOffices.TAN_DUYET.referenceName()))
                .isEqualTo(CaMauOffices.TAN_DUYET_OFFICE.unitCode());
    }

    @Test
    void theCampaignHasTheFieldReportsDatesWithCaiNuocsOwn() {
        CaMauOffices.Milestone sealed = milestone("SEALED");
        CaMauOffices.Milestone transferred = milestone("TRANSFERRED");
        CaMauOffices.Milestone handedOver = milestone("HANDED_OVER");
        assertThat(sealed.dueOn()).isEqualTo("2025-06-05");
        assertThat(transferred.dueOn()).isEqualTo("2025-06-16");
        assertThat(transferred.dates()).contains(new CaMauOffices.DueDate("DISTRICT", CaMauOffices.CAI_NUOC.unitCode(),
                java.time.LocalDate.of(2025, 6, 20)));
        assertThat(handedOver.dueOn()).isEqualTo("2025-06-30");
        // Every date falls before the districts ended, and every office a date names is one the demo runs.
        CaMauOffices.CAMPAIGN.milestones().forEach(m -> {
            assertThat(m.dueOn()).isBefore(CaMauOffices.MERGER);
            m.dates().forEach(d -> {
                assertThat(d.dueOn()).isBefore(CaMauOffices.MERGER);
                if (d.scope().equals("SITE")) {
                    assertThat(CaMauOffices.bySiteCode(d.code())).as(d.code()).isPresent();
                }
            });
        });
        assertThat(CaMauOffices.REVIEWED_ON).isBetween(CaMauOffices.CAMPAIGN.startsOn(), transferred.dueOn());
        assertThat(CaMauOffices.ALL).filteredOn(o -> o.role().equals("HISTORICAL_ARCHIVE")).hasSize(1);
    }

    private static CaMauOffices.Milestone milestone(String kind) {
        return CaMauOffices.CAMPAIGN.milestones().stream().filter(m -> m.kind().equals(kind)).findFirst().orElseThrow();
    }

    @Test
    void extentsAreThePublishedFigures() {
        List<Extents> tranVanThoi = CaMauOffices.TRAN_VAN_THOI.extents();
        assertThat(sum(tranVanThoi, Extents::unsorted)).isEqualByComparingTo("1104");
        assertThat(sum(tranVanThoi.stream().filter(e -> e.locationCode().startsWith("DIEM-")).toList(),
                Extents::unsorted)).isEqualByComparingTo("741.5");
        assertThat(sum(tranVanThoi, Extents::readyToDigitize)).isEqualByComparingTo("133.1");
        assertThat(sum(CaMauOffices.CAI_NUOC.extents(), e -> e.packed() == null ? BigDecimal.ZERO : e.packed()))
                .isEqualByComparingTo("1500");
        assertThat(CaMauOffices.TRAN_VAN_THOI.locations().get(0).areaSquareMetres()).isEqualByComparingTo("44");
        assertThat(CaMauOffices.TRAN_VAN_THOI.locations().get(0).shelfCount()).isEqualTo(20);
        assertThat(CaMauOffices.TRAN_VAN_THOI.locations()).filteredOn(l -> l.code().startsWith("DIEM-")).hasSize(4);
        BigDecimal caiNuoc = CaMauOffices.CAI_NUOC.extents().stream().map(Extents::total)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(caiNuoc).isGreaterThan(new BigDecimal("2200"));
    }

    @Test
    void fileListsAreTheSameOnEveryRunWithStubsForStateSecrets() {
        for (Office office : CaMauOffices.ALL) {
            for (var fonds : office.fonds()) {
                FileList first = FileListGenerator.generate(fonds);
                assertThat(FileListGenerator.generate(fonds)).isEqualTo(first);
                assertThat(first.files()).hasSize(fonds.files());
                assertThat(first.files()).filteredOn(FileRow::secret).allSatisfy(f -> {
                    assertThat(f.title()).isNull();
                    assertThat(f.start()).isNull();
                    assertThat(f.keywords()).isEmpty();
                });
                assertThat(first.boxes()).allSatisfy(b -> assertThat(first.filesIn(b))
                        .isNotEmpty().hasSizeLessThanOrEqualTo(12).allSatisfy(f -> assertThat(f.fate()).isEqualTo(b.fate())));
                assertThat(first.files()).filteredOn(f -> f.fate() == Fate.DESTROY)
                        .allSatisfy(f -> assertThat(f.permanent()).isFalse());
            }
        }
    }

    @Test
    void theCsvHasTheHeaderOfAnOfficeFileList(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        Path csv = tmp.resolve("muc-luc.csv");
        FileListGenerator.writeCsv(FileListGenerator.generate(CaMauOffices.TRAN_VAN_THOI.fonds().get(0)),
                CaMauOffices.TRAN_VAN_THOI.name(), csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("\uFEFFỦY BAN NHÂN DÂN HUYỆN TRẦN VĂN THỜI");
        assertThat(lines).contains("MỤC LỤC HỒ SƠ", "Mục lục số: 1")
                .anySatisfy(l -> assertThat(l).contains(",Vĩnh viễn,Mật,"))
                .anySatisfy(l -> assertThat(l).contains(",Lâu dài,"))
                .anySatisfy(l -> assertThat(l).contains(",Tạm thời,"))
                .anySatisfy(l -> assertThat(l).matches("H\\d{3},\\d+,[^,]+,[^,]*,(19|20)\\d\\d-(19|20)\\d\\d,,.*"))
                .anySatisfy(l -> assertThat(l).matches("H\\d{3},\\d+,[^,]+,[^,]*,(19|20)\\d\\d,(19|20)\\d\\d,.*"))
                .anySatisfy(l -> assertThat(l).startsWith("I. TÀI LIỆU VỀ "))
                .last().satisfies(l -> assertThat(l).isEqualTo("\"Mục lục này gồm 360 hồ sơ, đánh số từ 1 đến 360.\""));
        // The header (and its column-number row) is repeated after every printed page of 40 rows.
        assertThat(lines).filteredOn(l -> l.startsWith("Hộp số,Hồ sơ số,Số và ký hiệu hồ sơ,Tiêu đề hồ sơ,Thời gian bắt đầu"))
                .hasSize(9);
    }

    @Test
    void anOfficeWithSeveralFondsNumbersEachFondsBoxesFromOne() {
        List<FileList> lists = CaMauOffices.DAM_DOI.fonds().stream().map(FileListGenerator::generate).toList();

        assertThat(lists).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(l -> assertThat(l.boxes().get(0).boxCode()).isEqualTo("H001"));
        // References repeat every year; the identifiers (mã hồ sơ) do not.
        for (FileList l : lists) {
            assertThat(l.files()).extracting(FileRow::fileCode).doesNotHaveDuplicates();
            assertThat(l.files()).extracting(FileRow::reference).contains("01.HT");
            assertThat(l.files()).filteredOn(f -> "01.HT".equals(f.reference())).hasSizeGreaterThan(1);
        }
    }

    private static BigDecimal sum(List<Extents> extents, java.util.function.Function<Extents, BigDecimal> figure) {
        return extents.stream().map(figure).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** unit_name -> code, from ca-mau-unit-codes.csv (a code appears for the new unit and for the old one). */
    private static Map<String, String> unitCodes() throws IOException {
        return rows("ca-mau-unit-codes.csv").stream().collect(Collectors.toMap(r -> r[0], r -> r[2], (a, b) -> a));
    }

    /** new unit name -> its old units as NQ 1655 lists them (";"-separated), from ca-mau-units.csv. */
    private static Map<String, String> newUnitsToOldUnits() throws IOException {
        return rows("ca-mau-units.csv").stream().collect(Collectors.toMap(r -> r[0], r -> r[2], (a, b) -> a));
    }

    private static List<String[]> rows(String file) throws IOException {
        return Files.readAllLines(REFERENCE.resolve(file), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .skip(1)
                .map(l -> l.split(",", -1))
                .toList();
    }
}
