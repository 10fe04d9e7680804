package org.archivesync.hub.progress;

import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
 * packed and sealed, and progress counts per fonds and location the larger of those totals and the boxes itemised there,
 * says which gave the figures, and keeps its daily activity in step with them.
 */
class BulkExtentsTest extends DomainTest {

    @Autowired
    Campaigns campaigns;

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

        Figures figures = figures(caiNuoc);
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
    void caiNuocsBulkPackingStandsBesideTheFewBoxesListedSoFar() {
        // 1,100 m reported packed at KHO-A and 400 m at KHO-B, sealing not reported; then 40 boxes of 0.10 m listed at
        // KHO-A, 5 of them sealed. The hub showed ~5 m packed when a fonds' boxes replaced its reported packing.
        Agent caiNuoc = site("CAINUOC.KHO", "969", "DISTRICT_OFFICE");
        String f = "CNK-" + unique();
        record(caiNuoc.at(at("2025-05-20")), store("KHO-A", "Kho Văn phòng HĐND và UBND huyện", null),
                store("KHO-B", "Kho Phòng Nội vụ", null),
                fonds(f, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", "969", "1976-01-01", "2025-06-30"),
                extent(f, "KHO-A", "1300.00", "200.00", "1100.00", null),
                extent(f, "KHO-B", "400.00", "300.00", "400.00", null));
        List<Object> boxes = new java.util.ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            boxes.add(box("H%03d".formatted(i), f, "KHO-A", "0.10", i <= 5));
        }
        record(caiNuoc.at(at("2025-05-28")), boxes.toArray());
        recordAll();

        SiteDetail detail = progress.site(caiNuoc.siteCode);
        assertThat(detail.figures().inventoriedMetres()).isEqualByComparingTo("2200.00");
        assertThat(detail.figures().boxedMetres()).isEqualByComparingTo("1500.00");
        assertThat(detail.figures().sealedMetres()).isEqualByComparingTo("0.50");
        // Packed as reported, sealed from the boxes: both sources, said as such.
        assertThat(detail.figures().packingSource()).isEqualTo("MIXED");
        assertThat(detail.fonds()).singleElement().satisfies(x -> assertThat(x.packingSource()).isEqualTo("MIXED"));
        assertLocations(caiNuoc, "KHO-A", "1100.00", "0.50", "KHO-B", "400.00", "0");
        assertThat(detail.locations()).extracting(LocationFigures::name)
                .containsExactly("Kho Văn phòng HĐND và UBND huyện", "Kho Phòng Nội vụ");
        assertThat(detail.locations().get(0).sortedMetres()).isEqualByComparingTo("1300.00");
        assertThat(detail.locations().get(1).unsortedMetres()).isEqualByComparingTo("300.00");
        assertActivityEqualsFigures(caiNuoc);
        // On the day the boxes were listed nothing more was packed, 0.50 m more was sealed.
        assertThat(activity(caiNuoc, "BOXED_METRES", "2025-05-20")).isEqualByComparingTo("1500.00");
        assertThat(activity(caiNuoc, "BOXED_METRES", "2025-05-28")).isEqualByComparingTo("0");
        assertThat(activity(caiNuoc, "SEALED_METRES", "2025-05-28")).isEqualByComparingTo("0.50");
    }

    @Test
    void itemisedBoxesCountWhereTheyExceedTheReportedFigureAndFollowTheBoxesAsTheyChange() {
        Agent office = site("CAINUOC.TANHUNGTAY", "32128", "COMMUNE");
        String f = "THT-" + unique();
        record(office, fonds(f, "Phông UBND xã Tân Hưng Tây", "UBND xã Tân Hưng Tây", "32128", "1990-01-01", "2025-06-30"),
                extent(f, "KHO-A", "10.00", "0.00", "0.20", "0.10"), extent(f, "KHO-B", "10.00", "0.00", "5.00", null));
        record(office, box("H001", f, "KHO-A", "0.10", true), box("H002", f, "KHO-A", "0.10", true),
                box("H003", f, "KHO-A", "0.10", true), box("H004", f, "KHO-A", "0.10", false),
                box("H005", f, "KHO-A", "0.10", false), box("H006", f, "KHO-A", "0.10", false),
                box("H010", f, "KHO-B", "0.10", true));
        recordAll();
        // KHO-A: 0.60 m of boxes beat 0.20 reported, 0.30 sealed beat 0.10; KHO-B: 5.00 reported, 0.10 sealed by a box.
        assertLocations(office, "KHO-A", "0.60", "0.30", "KHO-B", "5.00", "0.10");
        assertThat(figures(office).boxedMetres()).isEqualByComparingTo("5.60");
        assertThat(figures(office).sealedMetres()).isEqualByComparingTo("0.40");
        assertThat(figures(office).packingSource()).isEqualTo("MIXED");
        assertActivityEqualsFigures(office);

        // The latest description of a box wins: H001 moves to KHO-B recorded packed (its seal undone), H002 grows.
        record(office, box("H001", f, "KHO-B", "0.10", false), box("H002", f, "KHO-A", "0.50", true));
        recordAll();
        assertLocations(office, "KHO-A", "0.90", "0.60", "KHO-B", "5.00", "0.10");
        assertActivityEqualsFigures(office);

        // A report at KHO-A catching up with more than its boxes: the report wins there now.
        record(office, extent(f, "KHO-A", "10.00", "0.00", "2.00", "1.00"));
        recordAll();
        assertLocations(office, "KHO-A", "2.00", "1.00", "KHO-B", "5.00", "0.10");
        assertThat(figures(office).packingSource()).isEqualTo("MIXED");
        assertActivityEqualsFigures(office);
    }

    @Test
    void boxesListedWithinAReportedTotalAddNothingToIt() {
        Agent office = site("CAINUOC.TANHUNG", "32128", "COMMUNE");
        String itemised = "TH-" + unique();
        String bulk = "TH2-" + unique();
        record(office, fonds(itemised, "Phông UBND xã Tân Hưng", "UBND xã Tân Hưng", "32128", "1990-01-01", "2025-06-30"),
                fonds(bulk, "Phông HĐND xã Tân Hưng", "HĐND xã Tân Hưng", "32128", "1990-01-01", "2025-06-30"),
                extent(itemised, null, "10.00", "2.00", "8.00", "8.00"), extent(bulk, null, "5.00", "0.00", "4.00", null));
        record(office, box("H001", itemised, null, "0.10", true), box("H002", itemised, null, "0.10", false));
        recordAll();

        // 8 m reported packed and sealed for the fonds as a whole, two 0.10 m boxes listed: 8 m, not 0.20 nor 8.20.
        Figures figures = figures(office);
        assertThat(figures.boxedMetres()).isEqualByComparingTo("12.00");
        assertThat(figures.sealedMetres()).isEqualByComparingTo("8.00");
        assertThat(figures.packingSource()).isEqualTo("EXTENTS");
        assertThat(progress.site(office.siteCode).fonds()).extracting(FondsFigures::fondsCode,
                FondsFigures::packingSource).containsExactlyInAnyOrder(
                tuple(itemised, "EXTENTS"), tuple(bulk, "EXTENTS"));
        assertActivityEqualsFigures(office);

        // A later report for the fonds moves its packing like its inventory.
        record(office, extent(itemised, null, "12.00", "2.00", "12.00", "12.00"));
        recordAll();
        assertThat(figures(office).boxedMetres()).isEqualByComparingTo("16.00");
        assertThat(figures(office).inventoriedMetres()).isEqualByComparingTo("19.00");
        assertActivityEqualsFigures(office);

        // A report below its boxes (a correction): the boxes are the fonds' figures now.
        record(office, extent(itemised, null, "12.00", "2.00", "0.10", "0.00"));
        recordAll();
        assertThat(figures(office).boxedMetres()).isEqualByComparingTo("4.20");
        assertThat(figures(office).sealedMetres()).isEqualByComparingTo("0.10");
        assertThat(progress.site(office.siteCode).fonds()).extracting(FondsFigures::fondsCode,
                FondsFigures::packingSource).containsExactlyInAnyOrder(
                tuple(itemised, "BOXES"), tuple(bulk, "EXTENTS"));
        assertThat(figures(office).packingSource()).isEqualTo("MIXED");
        assertActivityEqualsFigures(office);
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

        SiteDetail detail = progress.site(tvt.siteCode);
        assertThat(detail.locations()).extracting(LocationFigures::locationCode,
                        LocationFigures::unsortedMetres)
                .containsExactly(tuple("CACXA", new BigDecimal("362.50")),
                        tuple("KHO-TAM", new BigDecimal("1.00")),
                        tuple("PHONGBAN", new BigDecimal("741.50")));
        LocationFigures communes = detail.locations().get(0);
        assertThat(communes.name()).isEqualTo("Kho tại các xã");
        // Per location the larger of the reported and the itemised: the box where nothing was reported packed, the
        // 60 m reported where no box is listed.
        assertThat(communes.packedMetres()).isEqualByComparingTo("0.10");
        assertThat(communes.sealedMetres()).isEqualByComparingTo("0.10");
        assertThat(detail.locations().get(2).packedMetres()).isEqualByComparingTo("60.00");
        assertThat(detail.locations().get(2).sealedMetres()).isEqualByComparingTo("10.00");
        assertThat(detail.figures().boxedMetres()).isEqualByComparingTo("60.10");
        assertActivityEqualsFigures(tvt);
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
        // A box kept at KHO-2 is compared with the whole-fonds report while there is no per-location report.
        record(office, box("H001", f, "KHO-2", "0.10", false));
        recordAll();
        assertThat(figures(office).boxedMetres()).isEqualByComparingTo("25.00");
        assertActivityEqualsFigures(office);
        record(office, extent(f, "KHO-1", "10.00", "0.00", "5.00", null));
        recordAll();
        assertThat(figures(office).inventoriedMetres()).isEqualByComparingTo("10.00");
        // KHO-1 as reported, and the box at KHO-2, where nothing is reported, by itself.
        assertThat(figures(office).boxedMetres()).isEqualByComparingTo("5.10");
        assertThat(activity(office, "INVENTORIED_METRES")).isEqualByComparingTo("10.00");
        assertActivityEqualsFigures(office);
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
        campaigns.createCampaign(new Campaign("OV-" + unique(), "Kiểm kê 2000", LocalDate.parse("2000-01-01"),
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
        assertActivityEqualsFigures(office);

        // Sealed boxes beyond packed boxes, and a box sealed without a seal number: rejected, so they move nothing.
        ExtentReported boxCounts = extent(f, null, "10.00", "0.00", "9.00", "9.00");
        boxCounts.setPackedBoxes(10);
        boxCounts.setSealedBoxes(11);
        org.archivesync.avro.BoxRecorded noSeal = box("H001", f, null, "7.00", true);
        noSeal.setSealNumber(" ");
        record(office, boxCounts, noSeal);
        recordAll();
        assertThat(jdbc.sql("SELECT count(*) FROM alerts WHERE site_code = :s AND kind = 'EVENT_REJECTED'")
                .param("s", office.siteCode).query(Long.class).single()).isEqualTo(5);
        assertThat(figures(office).boxedMetres()).isEqualByComparingTo("5.00");
        assertActivityEqualsFigures(office);
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

    private static java.time.Instant at(String day) {
        return java.time.Instant.parse(day + "T03:00:00Z");
    }

    /** Each location's packed and sealed metres: (code, packed, sealed) triples, in the page's order. */
    private void assertLocations(Agent site, String... expected) {
        List<LocationFigures> locations = progress.site(site.siteCode).locations();
        assertThat(locations).hasSize(expected.length / 3);
        for (int i = 0; i < locations.size(); i++) {
            LocationFigures l = locations.get(i);
            assertThat(l.locationCode()).isEqualTo(expected[3 * i]);
            assertThat(l.packedMetres()).as("packed at " + l.locationCode()).isEqualByComparingTo(expected[3 * i + 1]);
            assertThat(l.sealedMetres()).as("sealed at " + l.locationCode()).isEqualByComparingTo(expected[3 * i + 2]);
        }
    }

    /** The invariant: the daily activity (rates, charts) adds up to the figures. */
    private void assertActivityEqualsFigures(Agent site) {
        Figures figures = figures(site);
        assertThat(activity(site, "BOXED_METRES")).as("packed").isEqualByComparingTo(figures.boxedMetres());
        assertThat(activity(site, "SEALED_METRES")).as("sealed").isEqualByComparingTo(figures.sealedMetres());
        assertThat(activity(site, "INVENTORIED_METRES")).as("inventoried").isEqualByComparingTo(figures.inventoriedMetres());
    }

    private BigDecimal activity(Agent site, String measure, String day) {
        return jdbc.sql("""
                SELECT coalesce(sum(amount), 0) FROM progress_activity WHERE site_code = :s AND measure = :m
                  AND day = :d""").param("s", site.siteCode).param("m", measure).param("d", LocalDate.parse(day))
                .query(BigDecimal.class).single();
    }

    private void recordAll() {
        while (recorder.recordOnce() > 0) {
            // until every site's events are turned into activity
        }
    }

    private Figures figures(Agent site) {
        return progress.site(site.siteCode).figures();
    }

    private BigDecimal activity(Agent site, String measure) {
        return jdbc.sql("SELECT coalesce(sum(amount), 0) FROM progress_activity WHERE site_code = :s AND measure = :m")
                .param("s", site.siteCode).param("m", measure).query(BigDecimal.class).single();
    }
}
