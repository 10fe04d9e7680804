package org.archivesync.hub.progress;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Each milestone against its base and on the offices it is about (today 15/8/2025). */
class MilestoneBasesTest extends DomainTest {

    @Autowired
    Campaigns campaigns;

    @Autowired
    Progress progress;

    @Test
    void aNewCommuneReceivesAndIsNotMeasuredOnHandingOverOrTransferring() {
        // xã Tân Hưng (new, 32137) appraised a file to keep: before, its HANDED_OVER was "at risk".
        Agent tanHung = site("TANHUNG.MOI", "32137", "COMMUNE");
        String f = "THM-" + unique();
        record(tanHung, fonds(f, "Phông UBND xã Tân Hưng", "UBND xã Tân Hưng", "32137", "2025-07-01", null),
                extent(f, "2.00", "0.00"), file(f, "HS-1", null, "Hồ sơ một", 5000),
                file(f, "HS-2", null, "Hồ sơ hai", 5000),
                appraised(f, "HS-1", AppraisalDecision.KEEP_AT_SUCCESSOR, "2025-08-01"),
                appraised(f, "HS-2", AppraisalDecision.TRANSFER_TO_HISTORICAL, "2025-08-02"));
        Row row = siteRow(campaign("2025-08-20"), tanHung.siteCode);
        assertThat(row.milestones()).extracting(MilestoneProgress::kind, MilestoneProgress::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(MilestoneKind.SEALED, MilestoneStatus.AT_RISK),
                        org.assertj.core.groups.Tuple.tuple(MilestoneKind.TRANSFERRED, MilestoneStatus.NOT_MEASURED),
                        org.assertj.core.groups.Tuple.tuple(MilestoneKind.HANDED_OVER, MilestoneStatus.NOT_MEASURED));
    }

    @Test
    void aZeroTargetIsNothingToDoNotAtRiskOnItsDueDate() {
        // A former commune that sorted and sealed everything and appraised nothing, all milestones due today.
        Agent office = site("THANHPHU.XONG", "32130", "COMMUNE");
        String f = "TPX-" + unique();
        record(office, fonds(f, "Phông UBND xã Thạnh Phú", "UBND xã Thạnh Phú", "32130", "1990-01-01", "2025-06-30"),
                extent(f, "0.50", "0.00"), box("H1", f, null, "0.50", true));
        Row row = siteRow(campaign("2025-08-15"), office.siteCode);
        assertThat(row.milestones()).extracting(MilestoneProgress::status).containsExactly(
                MilestoneStatus.DONE, MilestoneStatus.NOTHING_TO_DO, MilestoneStatus.NOTHING_TO_DO);
        assertThat(row.atRisk()).isFalse();
    }

    @Test
    void sealingIsMeasuredAgainstSortedMetresNotTheBacklog() {
        // Trần Văn Thời: 133.1 m sorted, 1,104 m unsorted backlog; 13.31 m sealed is 10 %, not about 1 %.
        Agent office = site("TRANVANTHOI.NIEMPHONG", "968", "DISTRICT_OFFICE");
        String f = "TVN-" + unique();
        record(office, fonds(f, "Phông UBND huyện Trần Văn Thời", "UBND huyện Trần Văn Thời", "968", "1976-01-01",
                "2025-06-30"), extent(f, "133.10", "1104.00"), box("H1", f, null, "13.31", true));
        MilestoneProgress sealed = siteRow(campaign("2025-08-20"), office.siteCode).milestones().get(0);
        assertThat(sealed.targetMetres()).isEqualByComparingTo("133.10");
        assertThat(sealed.fraction()).isEqualByComparingTo("0.100");
    }

    private String campaign(String due) {
        String code = "BASE-" + unique();
        LocalDate on = LocalDate.parse(due);
        campaigns.createCampaign(new Campaign(code, "Sáp nhập 2025", LocalDate.parse("2025-06-01"), List.of(
                new Milestone(MilestoneKind.SEALED, "Niêm phong", on), new Milestone(MilestoneKind.TRANSFERRED, "Nộp lưu", on),
                new Milestone(MilestoneKind.HANDED_OVER, "Bàn giao", on))));
        return code;
    }

    private Row siteRow(String campaign, String site) {
        // Milestones come earliest first, then by kind: SEALED, TRANSFERRED, HANDED_OVER share one date here.
        Row row = progress.report(campaign, "SITE", false, 0, 500).rows().items().stream()
                .filter(r -> r.key().equals(site)).findFirst().orElseThrow();
        return new Row(row.key(), row.name(), row.sites(), row.sitesAtRisk(), row.figures(),
                row.milestones().stream().sorted(java.util.Comparator.comparing(MilestoneProgress::kind)).toList(),
                row.atRisk(), row.sharedAmong());
    }
}
