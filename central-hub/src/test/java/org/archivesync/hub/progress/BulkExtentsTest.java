package org.archivesync.hub.progress;

import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.store;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.archivesync.avro.ExtentReported;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Bulk work reported as totals (#16): an office reports per fonds and storage location how many metres are sorted,
 * packed and sealed, and progress uses those totals where a fonds has no itemised boxes, and says so.
 */
class BulkExtentsTest extends DomainTest {

    @Autowired
    Progress progress;
    @Autowired
    ProgressRecorder recorder;

    @Test
    void caiNuocsBulkPackedMetresCountWithoutItemisedBoxes() {
        // The field report: 2,200 m sorted, of which 1,500 m packed, no box recorded; the hub showed ~0 % packed.
        Agent caiNuoc = site("CAINUOC.UBND", "969", "DISTRICT_OFFICE");
        String f = "CN-" + unique();
        record(caiNuoc, fonds(f, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", "969", "1976-01-01", "2025-06-30"),
                extent(f, null, "2200.00", "0.00", "1500.00", "300.00"));
        recordAll();

        Progress.Figures figures = figures(caiNuoc);
        assertThat(figures.inventoriedMetres()).isEqualByComparingTo("2200.00");
        assertThat(figures.boxedMetres()).isEqualByComparingTo("1500.00");
        assertThat(figures.sealedMetres()).isEqualByComparingTo("300.00");
        assertThat(figures.packingSource()).isEqualTo("EXTENTS");
        assertThat(progress.site(caiNuoc.siteCode).fonds()).singleElement()
                .satisfies(x -> assertThat(x.packingSource()).isEqualTo("EXTENTS"));
        // The daily activity (rates, charts) moves with the same figures.
        assertThat(activity(caiNuoc, "BOXED_METRES")).isEqualByComparingTo("1500.00");
        assertThat(activity(caiNuoc, "SEALED_METRES")).isEqualByComparingTo("300.00");
        // The outbound figures (archive.site-progress) follow the same rule.
        assertThat(progress.siteFigures()).filteredOn(s -> s.siteCode().equals(caiNuoc.siteCode)).singleElement()
                .satisfies(s -> assertThat(s.figures().boxedMetres()).isEqualByComparingTo("1500.00"));
    }

    @Test
    void itemisedBoxesReplaceTheReportedTotalsOfTheirFondsOnly() {
        Agent office = site("CAINUOC.TANHUNG", "32128", "COMMUNE");
        String itemised = "TH-" + unique();
        String bulk = "TH2-" + unique();
        record(office, fonds(itemised, "Phông UBND xã Tân Hưng", "UBND xã Tân Hưng", "32128", "1990-01-01", "2025-06-30"),
                fonds(bulk, "Phông HĐND xã Tân Hưng", "HĐND xã Tân Hưng", "32128", "1990-01-01", "2025-06-30"),
                extent(itemised, null, "10.00", "2.00", "8.00", "8.00"), extent(bulk, null, "5.00", "0.00", "4.00", null));
        record(office, box("H001", itemised, null, "0.10", true), box("H002", itemised, null, "0.10", false));
        recordAll();

        Progress.Figures figures = figures(office);
        assertThat(figures.boxedMetres()).isEqualByComparingTo("4.20");
        assertThat(figures.sealedMetres()).isEqualByComparingTo("0.10");
        assertThat(figures.packingSource()).isEqualTo("MIXED");
        assertThat(progress.site(office.siteCode).fonds()).extracting(Progress.FondsFigures::fondsCode,
                Progress.FondsFigures::packingSource).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(itemised, "BOXES"), org.assertj.core.groups.Tuple.tuple(bulk, "EXTENTS"));
        // The first box took the fonds' reported 8 m back out of the activity: the running total equals the figure.
        assertThat(activity(office, "BOXED_METRES")).isEqualByComparingTo("4.20");
        assertThat(activity(office, "SEALED_METRES")).isEqualByComparingTo("0.10");

        // A later report for the itemised fonds changes its inventory but not its packing.
        record(office, extent(itemised, null, "12.00", "2.00", "12.00", "12.00"));
        recordAll();
        assertThat(figures(office).boxedMetres()).isEqualByComparingTo("4.20");
        assertThat(figures(office).inventoriedMetres()).isEqualByComparingTo("19.00");
        assertThat(activity(office, "BOXED_METRES")).isEqualByComparingTo("4.20");
        assertThat(activity(office, "INVENTORIED_METRES")).isEqualByComparingTo("19.00");
    }

    @Test
    void tranVanThoisBacklogIsShownPerStorageLocation() {
        Agent tvt = site("TRANVANTHOI.UBND", "968", "DISTRICT_OFFICE");
        String f = "TVT-" + unique();
        record(tvt, store("PHONGBAN", "Kho các phòng ban huyện", null), store("CACXA", "Kho tại các xã", null),
                fonds(f, "Phông UBND huyện Trần Văn Thời", "UBND huyện Trần Văn Thời", "968", "1976-01-01", "2025-06-30"),
                extent(f, "PHONGBAN", "100.00", "700.00", "50.00", null),
                extent(f, "CACXA", "20.00", "362.50", null, null),
                extent(f, "KHO-TAM", "5.00", "1.00", null, null));
        // The latest report for a location replaces the earlier one.
        record(tvt, extent(f, "PHONGBAN", "100.00", "741.50", "60.00", "10.00"), box("H001", f, "CACXA", "0.10", true));
        recordAll();

        Progress.SiteDetail detail = progress.site(tvt.siteCode);
        assertThat(detail.locations()).extracting(Progress.LocationFigures::locationCode,
                        Progress.LocationFigures::unsortedMetres)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CACXA", new BigDecimal("362.50")),
                        org.assertj.core.groups.Tuple.tuple("KHO-TAM", new BigDecimal("1.00")),
                        org.assertj.core.groups.Tuple.tuple("PHONGBAN", new BigDecimal("741.50")));
        Progress.LocationFigures communes = detail.locations().get(0);
        assertThat(communes.name()).isEqualTo("Kho tại các xã");
        // The fonds has an itemised box now: packing comes from the boxes where they are kept.
        assertThat(communes.packedMetres()).isEqualByComparingTo("0.10");
        assertThat(detail.locations().get(2).packedMetres()).isEqualByComparingTo("0");
        // A location the site never registered is kept and shown as such.
        assertThat(detail.locations().get(1).registered()).isFalse();
        assertThat(detail.figures().unsortedMetres()).isEqualByComparingTo("1105.00");
    }

    @Test
    void aReportForTheFondsAsAWholeIsUsedOnlyWithoutPerLocationReports() {
        Agent office = site("CAINUOC.PHUHUNG", "32128", "COMMUNE");
        String f = "PH-" + unique();
        record(office, fonds(f, "Phông UBND xã Phú Hưng", "UBND xã Phú Hưng", "32128", "1990-01-01", "2025-06-30"),
                extent(f, null, "30.00", "0.00", "20.00", null), extent(f, null, "40.00", "0.00", "25.00", null));
        assertThat(figures(office).inventoriedMetres()).isEqualByComparingTo("40.00");
        assertThat(figures(office).boxedMetres()).isEqualByComparingTo("25.00");
        record(office, extent(f, "KHO-1", "10.00", "0.00", "5.00", null));
        recordAll();
        assertThat(figures(office).inventoriedMetres()).isEqualByComparingTo("10.00");
        assertThat(figures(office).boxedMetres()).isEqualByComparingTo("5.00");
        assertThat(activity(office, "INVENTORIED_METRES")).isEqualByComparingTo("10.00");
        assertThat(activity(office, "BOXED_METRES")).isEqualByComparingTo("5.00");
    }

    @Test
    void sitePageAndApiShowTheLocationsAndWhereThePackingFiguresComeFrom() {
        Agent tvt = site("TRANVANTHOI.KHANHBINH", "32101", "COMMUNE");
        String f = "KB-" + unique();
        record(tvt, store("PHONGBAN", "Kho các phòng ban", null),
                fonds(f, "Phông UBND xã Khánh Bình", "UBND xã Khánh Bình", "32101", "1990-01-01", "2025-06-30"),
                extent(f, "PHONGBAN", "10.00", "741.50", "8.00", null), extent(f, "XA-CU", "0.00", "362.50", null, null));
        jdbc.sql("UPDATE files SET retention = 'LEGACY_LONG_TERM', retention_years = NULL WHERE fonds_code = :f")
                .param("f", f).update();

        String page = http.get().uri("/progress/sites/" + tvt.siteCode).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("Kho các phòng ban", "741,50", "362,50", "XA-CU", "kho chưa đăng ký",
                "theo báo cáo khối lượng");
        String english = http.get().uri("/progress/sites/" + tvt.siteCode + "?lang=en").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(english).contains("reported totals", "location not registered");

        http.get().uri("/api/progress/sites/" + tvt.siteCode).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.fonds[0].packingSource").isEqualTo("EXTENTS")
                .jsonPath("$.locations[0].locationCode").isEqualTo("PHONGBAN")
                .jsonPath("$.locations[0].unsortedMetres").isEqualTo(741.5)
                .jsonPath("$.figures.boxedMetres").isEqualTo(8.0);
        http.get().uri("/api/progress/sites/KHONG-CO").exchange().expectStatus().isNotFound();
    }

    @Test
    void overviewSaysPerOfficeWhereThePackingFiguresComeFromAndHowManyFilesNeedReAppraisal() {
        Agent office = site("CAINUOC.HUNGMY", "32128", "COMMUNE");
        String f = "HM-" + unique();
        record(office, fonds(f, "Phông UBND xã Hưng Mỹ", "UBND xã Hưng Mỹ", "32128", "1990-01-01", "2025-06-30"),
                extent(f, null, "3.00", "0.00", "2.00", null), file(f, "HS-1", null, "Hồ sơ một", 10));
        jdbc.sql("UPDATE files SET retention = 'LEGACY_TEMPORARY', retention_years = NULL WHERE fonds_code = :f")
                .param("f", f).update();
        // The overview needs a campaign; this one starts early so it never becomes "the latest" for other tests.
        progress.createCampaign(new Progress.Campaign("OV-" + unique(), "Kiểm kê 2000", LocalDate.parse("2000-01-01"),
                List.of()));

        String page = http.get().uri("/").exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody();
        int row = page.indexOf("data-site=\"" + office.siteCode + "\"");
        assertThat(row).isPositive();
        String siteRow = page.substring(row, page.indexOf("</tr>", row)).replace("&#39;", "'");
        assertThat(siteRow).contains("theo báo cáo khối lượng",
                "1 hồ sơ ghi thời hạn 'Lâu dài'/'Tạm thời' cần xác định lại giá trị");
    }

    @Test
    void packedBeyondSortedOrSealedBeyondPackedIsRejectedWithAnAlert() {
        Agent office = site("CAINUOC.THANHPHU", "32128", "COMMUNE");
        String f = "TPH-" + unique();
        record(office, fonds(f, "Phông UBND xã Thạnh Phú", "UBND xã Thạnh Phú", "32128", "1990-01-01", "2025-06-30"),
                extent(f, null, "10.00", "0.00", "5.00", "1.00"));
        record(office, extent(f, null, "10.00", "0.00", "11.00", null), extent(f, null, "10.00", "0.00", "5.00", "6.00"),
                extent(f, null, "10.00", "0.00", null, "1.00"));
        recordAll();

        assertThat(jdbc.sql("SELECT detail FROM alerts WHERE site_code = :s AND kind = 'EVENT_REJECTED' ORDER BY sequence")
                .param("s", office.siteCode).query(String.class).list()).containsExactly(
                "extent of fonds " + f + ": packed metres exceed sorted metres",
                "extent of fonds " + f + ": sealed metres exceed packed metres",
                "extent of fonds " + f + ": sealed metres exceed packed metres");
        assertThat(figures(office).boxedMetres()).isEqualByComparingTo("5.00");
        assertThat(figures(office).sealedMetres()).isEqualByComparingTo("1.00");
        assertThat(activity(office, "BOXED_METRES")).isEqualByComparingTo("5.00");
    }

    @Test
    void legacyRetentionIsCountedPerSiteForReAppraisal() {
        Agent office = site("CAINUOC.TANHUNGDONG", "32128", "COMMUNE");
        String f = "THD-" + unique();
        record(office, fonds(f, "Phông UBND xã Tân Hưng Đông", "UBND xã Tân Hưng Đông", "32128", "1990-01-01",
                "2025-06-30"), file(f, "HS-1", null, "Hồ sơ một", 10), file(f, "HS-2", null, "Hồ sơ hai", 10),
                file(f, "HS-3", null, "Hồ sơ ba", 10));
        // Written as older lists wrote it; set directly so the count does not depend on how ingest maps the value.
        jdbc.sql("""
                UPDATE files SET retention = CASE file_code WHEN 'HS-1' THEN 'LEGACY_LONG_TERM' ELSE 'LEGACY_TEMPORARY' END,
                    retention_years = NULL WHERE fonds_code = :f AND file_code IN ('HS-1', 'HS-2')""").param("f", f).update();

        assertThat(figures(office).legacyRetentionFiles()).isEqualTo(2);
        assertThat(figures(office).fileCount()).isEqualTo(3);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static ExtentReported extent(String fonds, String location, String sorted, String unsorted, String packed,
                                         String sealed) {
        return ExtentReported.newBuilder().setFondsCode(fonds).setLocationCode(location)
                .setSortedMetres(new BigDecimal(sorted)).setUnsortedMetres(new BigDecimal(unsorted))
                .setPackedMetres(packed == null ? null : new BigDecimal(packed))
                .setSealedMetres(sealed == null ? null : new BigDecimal(sealed))
                .setReadyToDigitizeMetres(BigDecimal.ZERO.setScale(2)).setAsOf(LocalDate.parse("2025-07-01")).build();
    }

    private void recordAll() {
        while (recorder.recordOnce() > 0) {
            // until every site's events are turned into activity
        }
    }

    private Progress.Figures figures(Agent site) {
        return progress.site(site.siteCode).figures();
    }

    private BigDecimal activity(Agent site, String measure) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM progress_activity WHERE site_code = :s AND measure = :m")
                .param("s", site.siteCode).param("m", measure).query(BigDecimal.class).single();
    }
}
