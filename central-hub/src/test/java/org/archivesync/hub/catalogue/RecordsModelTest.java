package org.archivesync.hub.catalogue;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.RetentionKind;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.archivesync.hub.search.FileSearch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * The records as a mục lục keeps them (#16), through real signed events into the catalogue, its REST API, its console
 * and its outbound topic: the three file numbers with the list, series and place; dates stated as a year or a month;
 * retention as older lists wrote it.
 */
class RecordsModelTest extends DomainTest {

    @Autowired
    CatalogueReader catalogue;
    @Autowired
    FileSearch search;

    private Agent office;
    private String f;

    @BeforeEach
    void office() {
        office = site("TVT.MUCLUC", "966", "DISTRICT_OFFICE");
        f = "TVT-" + unique();
        record(office, fonds(f, "Phông UBND huyện Trần Văn Thời", "UBND huyện Trần Văn Thời", "966", "1976-01-01",
                "2025-06-30"));
    }

    @Test
    void fileKeepsItsThreeNumbersListSeriesAndPlaceAndShowsThemWithTheirLabels() {
        FileRecorded known = numbered(file(f, f + ".2019.01.TH.ML2", "H001", "Tập nghị quyết của HĐND huyện", 40),
                "12", "01.TH", "2", "I. TỔNG HỢP", "32155");
        FileRecorded unknownPlace = numbered(file(f, f + ".2019.02.TH.ML2", "H001", "Tập báo cáo", 20),
                "13", "02.TH", "2", "I. TỔNG HỢP", "99999");
        record(office, known, unknownPlace);

        assertThat(jdbc.sql("""
                SELECT file_number, reference, list_number, series, place_unit_code FROM files
                WHERE fonds_code = :f AND file_code = :c""").param("f", f).param("c", f + ".2019.01.TH.ML2")
                .query((rs, n) -> List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5))).single())
                .containsExactly("12", "01.TH", "2", "I. TỔNG HỢP", "32155");

        http.get().uri("/api/files?fonds=" + f + "&code=" + f + ".2019.01").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[0].fileCode").isEqualTo(f + ".2019.01.TH.ML2")
                .jsonPath("$.items[0].fileNumber").isEqualTo("12")
                .jsonPath("$.items[0].reference").isEqualTo("01.TH")
                .jsonPath("$.items[0].listNumber").isEqualTo("2")
                .jsonPath("$.items[0].series").isEqualTo("I. TỔNG HỢP")
                .jsonPath("$.items[0].placeUnitCode").isEqualTo("32155");

        String page = page("/catalogue/file?fonds=" + f + "&code=" + f + ".2019.01.TH.ML2");
        assertThat(page).contains("Hồ sơ số", "Số, ký hiệu hồ sơ", "Mã hồ sơ", "Mục lục số", "Nhóm tài liệu")
                .contains("id=\"file-number\">12<", "id=\"file-reference\">01.TH<", "id=\"file-list-number\">2<",
                        "id=\"file-series\">I. TỔNG HỢP<")
                .containsPattern("id=\"file-place\"><span>Tạ An Khương[^<]*\\(32155\\)<").doesNotContain("id=\"place-unknown\"");
        // An unknown place code is kept and flagged, never a refusal of the file.
        assertThat(page("/catalogue/file?fonds=" + f + "&code=" + f + ".2019.02.TH.ML2"))
                .contains("99999").contains("id=\"place-unknown\"").contains("mã đơn vị không có trong danh mục");

        // As archive.catalogue.files publishes it (outbound.CatalogueFiles maps each field to the Avro record's).
        CatalogueReader.FileState published = catalogue.files(List.of(f + "/" + f + ".2019.01.TH.ML2")).get(0);
        assertThat(List.of(published.fileNumber(), published.reference(), published.listNumber(),
                published.series(), published.placeUnitCode()))
                .containsExactly("12", "01.TH", "2", "I. TỔNG HỢP", "32155");
    }

    @Test
    void referencesRepeatingAcrossYearsArriveAsDistinctFilesAndAreShownSeparately() {
        record(office, numbered(file(f, f + ".2019.01.TH", "H001", "Tập quyết định năm 2019", 40),
                        "1", "01.TH", null, null, null),
                numbered(file(f, f + ".2020.01.TH", "H002", "Tập quyết định năm 2020", 30), "1", "01.TH", null, null, null));

        List<FileSearch.Hit> hits = search.search(new FileSearch.Criteria(null, null, f, null, null, null, null, null,
                null), 0, 50).items();
        assertThat(hits).extracting(h -> h.fileCode() + ":" + h.reference() + ":" + h.boxCode())
                .containsExactly(f + ".2019.01.TH:01.TH:H001", f + ".2020.01.TH:01.TH:H002");
        String list = page("/catalogue?fonds=" + f);
        assertThat(list).contains(f + " / " + f + ".2019.01.TH", f + " / " + f + ".2020.01.TH");
    }

    @Test
    void yearAndMonthDatesRoundTripFromEventToRestConsoleAndOutboundUnchanged() {
        FileRecorded yearOnly = file(f, "HS-2003", "H001", "Sổ đăng ký năm 2003", 40);
        yearOnly.setStartDate(LocalDate.parse("2003-01-01"));
        yearOnly.setStartPrecision(DatePrecision.YEAR);
        yearOnly.setEndDate(LocalDate.parse("2005-06-01"));
        yearOnly.setEndPrecision(DatePrecision.MONTH);
        record(office, yearOnly);

        assertThat(jdbc.sql("SELECT start_date || ' ' || start_precision || ' ' || end_date || ' ' || end_precision"
                        + " FROM files WHERE fonds_code = :f AND file_code = 'HS-2003'").param("f", f)
                .query(String.class).single()).isEqualTo("2003-01-01 YEAR 2005-06-01 MONTH");

        http.get().uri("/api/files?fonds=" + f).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[0].startDate").isEqualTo("2003")
                .jsonPath("$.items[0].startPrecision").isEqualTo("YEAR")
                .jsonPath("$.items[0].endDate").isEqualTo("2005-06")
                .jsonPath("$.items[0].endPrecision").isEqualTo("MONTH");

        String filePage = page("/catalogue/file?fonds=" + f + "&code=HS-2003");
        assertThat(filePage).contains("id=\"file-dates\">2003 – 06/2005<").doesNotContain("01/01/2003", "01/06/2005");
        String results = page("/catalogue?fonds=" + f);
        assertThat(results).contains("2003 – 06/2005").doesNotContain("01/01/2003");

        CatalogueReader.FileState published = catalogue.files(List.of(f + "/HS-2003")).get(0);
        assertThat(published.startDate()).isEqualTo(LocalDate.parse("2003-01-01"));
        assertThat(published.startPrecision()).isEqualTo(DatePrecision.YEAR.name());
        assertThat(published.endDate()).isEqualTo(LocalDate.parse("2005-06-01"));
        assertThat(published.endPrecision()).isEqualTo(DatePrecision.MONTH.name());
    }

    @Test
    void aYearDateMatchesADateFilterInsideItsYear() {
        FileRecorded year = file(f, "HS-NAM", "H001", "Hồ sơ năm 2003", 10);
        year.setStartDate(LocalDate.parse("2003-01-01"));
        year.setStartPrecision(DatePrecision.YEAR);
        year.setEndDate(LocalDate.parse("2003-01-01"));
        year.setEndPrecision(DatePrecision.YEAR);
        FileRecorded january = file(f, "HS-THANG1", "H001", "Hồ sơ tháng 1 năm 2003", 10);
        january.setStartDate(LocalDate.parse("2003-01-02"));
        january.setEndDate(LocalDate.parse("2003-01-30"));
        // Sent with a day inside its month: the catalogue keeps the month, from its first day.
        FileRecorded june = file(f, "HS-THANG6", "H001", "Hồ sơ tháng 6 năm 2003", 10);
        june.setStartDate(LocalDate.parse("2003-06-15"));
        june.setStartPrecision(DatePrecision.MONTH);
        june.setEndDate(null);
        record(office, year, january, june);

        List<FileSearch.Hit> inJune = search.search(new FileSearch.Criteria(null, null, f, null,
                LocalDate.parse("2003-06-01"), LocalDate.parse("2003-06-30"), null, null, null), 0, 50).items();
        assertThat(inJune).extracting(FileSearch.Hit::fileCode).containsExactly("HS-NAM", "HS-THANG6");
        assertThat(inJune).extracting(FileSearch.Hit::startDate).containsExactly("2003", "2003-06");
        assertThat(search.search(new FileSearch.Criteria(null, null, f, null, LocalDate.parse("2003-12-31"), null,
                null, null, null), 0, 50).items()).extracting(FileSearch.Hit::fileCode).containsExactly("HS-NAM");
    }

    @Test
    void legacyRetentionIsShownAsWrittenFlaggedAndFilteredForReappraisal() {
        FileRecorded longTerm = file(f, "HS-LD", "H001", "Hồ sơ lâu dài", 10);
        longTerm.setRetention(RetentionKind.LEGACY_LONG_TERM);
        longTerm.setRetentionYears(20);
        FileRecorded temporary = file(f, "HS-TT", "H001", "Hồ sơ tạm thời", 10);
        temporary.setRetention(RetentionKind.LEGACY_TEMPORARY);
        temporary.setRetentionYears(null);
        record(office, longTerm, temporary, file(f, "HS-10", "H001", "Hồ sơ 10 năm", 10));

        assertThat(jdbc.sql("SELECT file_code || ':' || retention || ':' || coalesce(retention_years::text, '-')"
                + " FROM files WHERE fonds_code = :f ORDER BY file_code").param("f", f).query(String.class).list())
                .containsExactly("HS-10:FIXED_TERM:10", "HS-LD:LEGACY_LONG_TERM:-", "HS-TT:LEGACY_TEMPORARY:-");

        http.get().uri("/api/files?fonds=" + f + "&needsReappraisal=true").exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.items[*].fileCode").isEqualTo(List.of("HS-LD", "HS-TT"))
                .jsonPath("$.items[0].retention").isEqualTo("LEGACY_LONG_TERM")
                .jsonPath("$.items[0].retentionYears").doesNotExist()
                .jsonPath("$.items[0].retentionNeedsReappraisal").isEqualTo(true);
        http.get().uri("/api/files?fonds=" + f + "&code=HS-10").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[0].retentionNeedsReappraisal").isEqualTo(false);

        assertThat(page("/catalogue/file?fonds=" + f + "&code=HS-LD")).contains("Lâu dài")
                .contains("id=\"reappraisal-flag\"").contains("cần xác định lại giá trị");
        assertThat(page("/catalogue/file?fonds=" + f + "&code=HS-10")).doesNotContain("id=\"reappraisal-flag\"");
        String flagged = page("/catalogue?fonds=" + f + "&reappraisal=true");
        assertThat(flagged).contains("Tạm thời", "Lâu dài", "cần xác định lại giá trị").doesNotContain("HS-10");
    }

    @Test
    void aLongTermLegacyFileIsNotDestroyedButATemporaryOneMayBe() {
        FileRecorded longTerm = file(f, "HS-LD", "H001", "Hồ sơ lâu dài", 10);
        longTerm.setRetention(RetentionKind.LEGACY_LONG_TERM);
        longTerm.setRetentionYears(null);
        FileRecorded temporary = file(f, "HS-TT", "H001", "Hồ sơ tạm thời", 10);
        temporary.setRetention(RetentionKind.LEGACY_TEMPORARY);
        temporary.setRetentionYears(null);
        UUID refused = UUID.randomUUID();
        UUID applied = UUID.randomUUID();
        record(office, longTerm, temporary, appraised(f, "HS-LD", AppraisalDecision.DESTROY, "2025-07-20"),
                appraised(f, "HS-TT", AppraisalDecision.DESTROY, "2025-07-20"),
                destruction(refused, "QĐ 45/QĐ-UBND", "BB-HUY-01", "Nguyễn Văn Ấn", "Trần Thị Bích", "0.05",
                        "2025-08-05", ref(f, "HS-LD")),
                destruction(applied, "QĐ 46/QĐ-UBND", "BB-HUY-02", "Nguyễn Văn Ấn", "Trần Thị Bích", "0.05",
                        "2025-08-05", ref(f, "HS-TT")));

        assertThat(jdbc.sql("SELECT status || ':' || coalesce(refusal, '') FROM destructions WHERE destruction_id = :id")
                .param("id", refused).query(String.class).single())
                .startsWith("REFUSED:").contains(f + "/HS-LD is kept long-term");
        assertThat(jdbc.sql("SELECT custody_state FROM files WHERE fonds_code = :f ORDER BY file_code").param("f", f)
                .query(String.class).list()).containsExactly("AT_SITE", "DESTROYED");
    }

    private static FileRecorded numbered(FileRecorded file, String number, String reference, String list,
                                         String series, String place) {
        file.setFileNumber(number);
        file.setReference(reference);
        file.setListNumber(list);
        file.setSeries(series);
        file.setPlaceUnitCode(place);
        return file;
    }

    private String page(String path) {
        return http.get().uri(path).accept(MediaType.TEXT_HTML).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
