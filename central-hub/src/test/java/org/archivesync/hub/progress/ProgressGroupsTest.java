package org.archivesync.hub.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The rows of the progress views from one reading, by themselves (no database): a district office counted under its
 * district and apportioned over the new communes its unit went to, a new commune that receives, an office without a
 * unit, and the order at risk first.
 */
class ProgressGroupsTest {

    private static final LocalDate AS_OF = LocalDate.parse("2025-06-12");
    private static final Campaign CAMPAIGN = new Campaign("C", "Sáp nhập 2025", LocalDate.parse("2025-05-01"),
            List.of(new Milestone(MilestoneKind.SEALED, "Niêm phong", LocalDate.parse("2025-06-30")),
                    new Milestone(MilestoneKind.HANDED_OVER, "Bàn giao", LocalDate.parse("2025-06-30"))));
    private static final ProgressRows ROWS = new ProgressRows(CAMPAIGN, AS_OF, 14);

    // Huyện Cái Nước (former, went to xã Tân Hưng and xã Cái Nước): 20 m sorted, 5 sealed, nothing moving.
    private static final ProgressRows.Office DISTRICT = new ProgressRows.Office("CM.CAINUOC.UBND", "UBND huyện Cái Nước",
            "969", 10, sorted("20.00", "5.00"), Map.of(), List.of("969"), true, false);
    // Xã Tân Hưng (new, receives): 4 m sorted, all sealed.
    private static final ProgressRows.Office COMMUNE = new ProgressRows.Office("CM.TANHUNG.UBND", "UBND xã Tân Hưng",
            "32200", 3, sorted("4.00", "4.00"), Map.of("SEALED_METRES", new BigDecimal("4.00")), List.of("969"), false,
            true);
    // A department of the province: no district, no new commune.
    private static final ProgressRows.Office DEPARTMENT = new ProgressRows.Office("CM.SNV", "Sở Nội vụ", "96", 1,
            sorted("1.00", "1.00"), Map.of(), List.of(), false, false);

    private static final ProgressReading.Reading READING = new ProgressReading.Reading(
            List.of(DISTRICT, COMMUNE, DEPARTMENT), Map.of("969", "huyện Cái Nước"),
            Map.of("CM.CAINUOC.UBND", Map.of("32200", 300L, "32215", 100L, "", 100L)),
            Map.of("CM.CAINUOC.UBND", List.of("32215", "32200"), "CM.TANHUNG.UBND", List.of("32200")),
            Map.of("32200", "xã Tân Hưng", "32215", "xã Cái Nước"));

    @Test
    void aSiteCountsInFullUnderItsDistrictAndOfficesWithoutOneAreOneRow() {
        List<Row> rows = ProgressGroups.rows("DISTRICT", ROWS, READING);
        assertThat(rows).extracting(Row::key).containsExactly("969", "-");
        Row district = rows.get(0);
        assertThat(district.name()).isEqualTo("huyện Cái Nước");
        assertThat(district.sites()).isEqualTo(2);
        assertThat(district.sitesAtRisk()).isEqualTo(1);
        assertThat(district.figures().sortedMetres()).isEqualByComparingTo("24.00");
        assertThat(rows.get(1).sites()).isEqualTo(1);
    }

    @Test
    void anOfficeUnderSeveralNewCommunesIsApportionedByItsFilesAndTheRestIsOneSharedRow() {
        Map<String, Row> rows = ProgressGroups.rows("UNIT", ROWS, READING).stream()
                .collect(java.util.stream.Collectors.toMap(Row::key, r -> r));
        assertThat(rows).containsOnlyKeys("32200", "32215", "shared:CM.CAINUOC.UBND", "-");
        // 20 m over 300/100/100 sheets: 12 m to Tân Hưng (with the commune's own 4 m), 4 m to Cái Nước, 4 m shared.
        assertThat(rows.get("32200").figures().sortedMetres()).isEqualByComparingTo("16.00");
        assertThat(rows.get("32200").sites()).isEqualTo(2);
        assertThat(rows.get("32215").figures().sortedMetres()).isEqualByComparingTo("4.00");
        Row shared = rows.get("shared:CM.CAINUOC.UBND");
        assertThat(shared.shared()).isTrue();
        assertThat(shared.name()).isEqualTo("UBND huyện Cái Nước");
        assertThat(shared.sharedAmong()).containsExactly("xã Cái Nước", "xã Tân Hưng");
        assertThat(shared.figures().sortedMetres()).isEqualByComparingTo("4.00");
    }

    @Test
    void rowsAtRiskComeFirstAndAnUnknownGroupingIsRefused() {
        List<Row> sites = ProgressGroups.rows("SITE", ROWS, READING);
        assertThat(sites).extracting(Row::key).containsExactly("CM.CAINUOC.UBND", "CM.SNV", "CM.TANHUNG.UBND");
        assertThat(sites.get(0).atRisk()).isTrue();
        // The receiving commune is not measured on handing over; the department neither (it has no successor).
        assertThat(sites.get(2).milestones()).extracting(MilestoneProgress::kind, MilestoneProgress::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MilestoneKind.SEALED, MilestoneStatus.DONE),
                        org.assertj.core.groups.Tuple.tuple(MilestoneKind.HANDED_OVER, MilestoneStatus.NOT_MEASURED));
        assertThatThrownBy(() -> ProgressGroups.rows("COUNTRY", ROWS, READING))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Figures sorted(String sorted, String sealed) {
        BigDecimal z = BigDecimal.ZERO;
        return new Figures(new BigDecimal(sorted), z, new BigDecimal(sorted), new BigDecimal(sealed),
                new BigDecimal(sealed), z, 0, 0, 0, 0, 0, z, z, z, z, z, 0, 0, 0);
    }
}
