package org.archivesync.hub.progress;

import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.archivesync.avro.FileRecorded;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Per new commune without double counting: the former huyện Thới Bình went to five new communes. Its office's files
 * name their place: 500 sheets about xã Trí Lực (now in xã Trí Phải), 300 about xã Tân Lộc Bắc (xã Tân Lộc), 200 about
 * xã Biển Bạch (xã Biển Bạch); 100 about xã Hòa Mỹ (split over three new communes), one file with no sheets and no
 * place: 101 sheets whose new commune is not known. 123.45 m inventoried split 500/300/200/101: 56.06 + 0.02 rounding,
 * 33.63, 22.42 and 11.32 in the shared row.
 */
class NewCommuneApportionTest extends DomainTest {

    @Autowired
    Campaigns campaigns;

    @Autowired
    Progress progress;

    @Test
    void aDistrictSplitOverThreeNewCommunesSumsToItsFiguresNeverMore() {
        // Other tests keep offices in these new communes (ReportTest's xã Trí Lực and xã Tân Lộc Bắc): what this test
        // adds is the change in each row since before its offices recorded anything.
        String campaign = "TB-" + unique();
        campaigns.createCampaign(new Campaign(campaign, "Sáp nhập 2025", LocalDate.parse("2025-06-01"),
                List.of(new Milestone(MilestoneKind.SEALED, "Niêm phong", LocalDate.parse("2025-08-31")))));
        Map<String, Row> before = unitRows(campaign);
        Agent district = site("THOIBINH.UBND", "967", "DISTRICT_OFFICE");
        Agent triLuc = site("THOIBINH.TRILUC", "32072", "COMMUNE");
        String f = "TB-" + unique();
        String g = "TL-" + unique();
        FileRecorded noSheets = file(f, "HS-5", null, "Hồ sơ năm", 1);
        noSheets.setSheetCount(null);
        record(district, fonds(f, "Phông UBND huyện Thới Bình", "UBND huyện Thới Bình", "967", "1976-01-01", "2025-06-30"),
                Agent.extent(f, "100.00", "23.45"), box("H1", f, null, "1.00", true),
                placed(file(f, "HS-1", "H1", "Hồ sơ một", 500), "32072"),
                placed(file(f, "HS-2", "H1", "Hồ sơ hai", 300), "32083"),
                placed(file(f, "HS-3", "H1", "Hồ sơ ba", 200), "32068"),
                placed(file(f, "HS-4", "H1", "Hồ sơ bốn", 100), "32141"), noSheets);
        record(triLuc, fonds(g, "Phông UBND xã Trí Lực", "UBND xã Trí Lực", "32072", "1990-01-01", "2025-06-30"),
                extent(g, "3.00", "0.00"));

        Report units = progress.report(campaign, "UNIT", false, 0, 500);
        Map<String, Row> after = unitRows(campaign);
        Map<String, Figures> byName = new java.util.HashMap<>();
        after.forEach((name, row) -> byName.put(name, before.containsKey(name)
                ? minus(row.figures(), before.get(name).figures()) : row.figures()));
        Row shared = units.rows().items().stream().filter(r -> r.key().equals("shared:" + district.siteCode))
                .findFirst().orElseThrow();
        assertThat(shared.name()).isEqualTo("Văn phòng THOIBINH.UBND");
        assertThat(shared.sharedAmong()).contains("xã Trí Phải", "xã Tân Lộc", "xã Biển Bạch", "xã Thới Bình");
        assertThat(shared.figures().inventoriedMetres()).isEqualByComparingTo("11.32");
        // xã Trí Phải has the district's largest share (and the rounding) plus the whole of xã Trí Lực's office.
        assertThat(byName.get("xã Trí Phải").inventoriedMetres()).isEqualByComparingTo("59.08");
        assertThat(after.get("xã Trí Phải").sites() - sites(before.get("xã Trí Phải"))).isEqualTo(2);
        assertThat(byName.get("xã Tân Lộc").inventoriedMetres()).isEqualByComparingTo("33.63");
        assertThat(byName.get("xã Biển Bạch").inventoriedMetres()).isEqualByComparingTo("22.42");
        // Nothing of the district's went to the communes none of its files names (no other test uses xã Hồ Thị Kỷ).
        assertThat(after).doesNotContainKey("xã Hồ Thị Kỷ");

        Figures whole = progress.site(district.siteCode).figures();
        List<Figures> parts = List.of(shared.figures(), byName.get("xã Tân Lộc"), byName.get("xã Biển Bạch"),
                minus(byName.get("xã Trí Phải"), progress.site(triLuc.siteCode).figures()));
        assertThat(parts.stream().map(Figures::inventoriedMetres).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualTo(whole.inventoriedMetres());
        assertThat(parts.stream().map(Figures::sortedMetres).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(whole.sortedMetres());
        assertThat(parts.stream().map(Figures::sealedMetres).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(whole.sealedMetres());
        assertThat(parts.stream().mapToLong(Figures::fileCount).sum()).isEqualTo(whole.fileCount()).isEqualTo(5);
        assertThat(parts).allSatisfy(p -> assertThat(p.inventoriedMetres()).isLessThanOrEqualTo(whole.inventoriedMetres()));
        // Each part's SEALED target is its sorted share.
        assertThat(shared.milestones().get(0).targetMetres()).isEqualByComparingTo(shared.figures().sortedMetres());
    }

    @Test
    void anOfficeWhoseUnitWentToOneNewCommuneCountsThereInFull() {
        Agent office = site("THOIBINH.TT", "32065", "COMMUNE");
        String f = "TTB-" + unique();
        // Even a file naming another commune does not move the office's figures: its unit went to xã Thới Bình alone.
        record(office, fonds(f, "Phông UBND thị trấn Thới Bình", "UBND thị trấn Thới Bình", "32065", "1990-01-01",
                "2025-06-30"),
                extent(f, "7.00", "1.00"), placed(file(f, "HS-1", null, "Hồ sơ một", 10), "32068"));
        String campaign = "TLD-" + unique();
        campaigns.createCampaign(new Campaign(campaign, "Sáp nhập 2025", LocalDate.parse("2025-06-01"),
                List.of(new Milestone(MilestoneKind.SEALED, "Niêm phong", LocalDate.parse("2025-08-31")))));
        assertThat(progress.report(campaign, "UNIT", false, 0, 500).rows().items())
                .noneMatch(r -> r.key().equals("shared:" + office.siteCode))
                .filteredOn(r -> r.name().equals("xã Thới Bình")).singleElement()
                .satisfies(r -> assertThat(r.figures().inventoriedMetres()).isEqualByComparingTo("8.00"));
    }

    private Map<String, Row> unitRows(String campaign) {
        return progress.report(campaign, "UNIT", false, 0, 500).rows().items().stream()
                .collect(Collectors.toMap(Row::name, r -> r, (a, b) -> a));
    }

    private static long sites(Row row) {
        return row == null ? 0 : row.sites();
    }

    private static FileRecorded placed(FileRecorded f, String place) {
        f.setPlaceUnitCode(place);
        return f;
    }

    private static org.archivesync.avro.ExtentReported extent(String fonds, String sorted, String unsorted) {
        return Agent.extent(fonds, sorted, unsorted);
    }

    private static Figures minus(Figures a, Figures b) {
        return new Figures(a.inventoriedMetres().subtract(b.inventoriedMetres()),
                a.unsortedMetres().subtract(b.unsortedMetres()), a.sortedMetres().subtract(b.sortedMetres()),
                a.boxedMetres().subtract(b.boxedMetres()), a.sealedMetres().subtract(b.sealedMetres()),
                a.digitizedMetres().subtract(b.digitizedMetres()), a.digitizedPages() - b.digitizedPages(),
                a.fileCount() - b.fileCount(), 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, 0, 0, 0);
    }
}
