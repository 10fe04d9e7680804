package org.archivesync.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.archivesync.hub.progress.Campaign;
import org.archivesync.hub.progress.DueDate.Scope;
import org.archivesync.hub.progress.DueDate;
import org.archivesync.hub.progress.Milestone;
import org.archivesync.hub.progress.MilestoneKind;
import org.junit.jupiter.api.Test;

/** What a campaign form may change, decided from its text alone: each refusal names its field and reason. */
class CampaignEditsTest {

    private static final Campaign CM_2025 = new Campaign("CM-2025", "Sắp xếp 2025",
            LocalDate.parse("2025-05-20"), List.of(new Milestone(MilestoneKind.TRANSFERRED, "Nộp lưu", LocalDate.parse(
            "2025-06-16"), List.of(new DueDate(Scope.DISTRICT, "969", LocalDate.parse("2025-06-20"))))));
    private static final Set<String> KNOWN = Set.of("DISTRICT 969", "DISTRICT 966", "SITE CM.TVT.UBND");

    @Test
    void datesAreReadAsAVietnameseOfficeWritesThem() {
        assertThat(CampaignEdits.create("CM-2025", "Đợt 2025", "05/06/2025").value().startsOn())
                .isEqualTo(LocalDate.parse("2025-06-05"));
        assertThat(CampaignEdits.create("CM-2025", "Đợt 2025", "5/6/2025").value().startsOn())
                .isEqualTo(LocalDate.parse("2025-06-05"));
        assertThat(reasons(CampaignEdits.create("CM-2025", "Đợt 2025", "2025-06-05")))
                .containsExactly("startsOn bad-date");
        assertThat(reasons(CampaignEdits.create("CM-2025", "Đợt 2025", "31/02/2025")))
                .containsExactly("startsOn bad-date");
        assertThat(reasons(CampaignEdits.create("CM-2025", "Đợt 2025", " "))).containsExactly("startsOn no-date");
    }

    @Test
    void aNewCampaignNeedsACodeTheApiAcceptsAndAName() {
        assertThat(reasons(CampaignEdits.create("đợt 1", "", "01/06/2025")))
                .containsExactly("campaignCode bad-code", "name no-name");
        assertThat(reasons(CampaignEdits.create("CM-2025", "x".repeat(201), "01/06/2025")))
                .containsExactly("name long-name");
        assertThat(CampaignEdits.create(" CM-2025 ", " Đợt 2025 ", "01/06/2025").value())
                .isEqualTo(new Campaign("CM-2025", "Đợt 2025", LocalDate.parse("2025-06-01"), List.of()));
    }

    @Test
    void theStartCannotMovePastAMilestoneDateEvenADistrictOne() {
        assertThat(reasons(CampaignEdits.change(CM_2025, "Sắp xếp 2025", "17/06/2025")))
                .containsExactly("startsOn start-after-milestone");
        var moved = CampaignEdits.change(CM_2025, "Đợt sắp xếp 2025", "01/06/2025");
        assertThat(moved.value().milestones()).isEqualTo(CM_2025.milestones());
        assertThat(moved.value().name()).isEqualTo("Đợt sắp xếp 2025");
    }

    @Test
    void settingAMilestoneKeepsItsOtherDatesAndRefusesADateBeforeTheStart() {
        var set = CampaignEdits.milestone(CM_2025, MilestoneKind.TRANSFERRED, "Nộp lưu vào Lưu trữ lịch sử",
                "18/06/2025");
        assertThat(set.value().dueOn()).isEqualTo(LocalDate.parse("2025-06-18"));
        assertThat(set.value().dates()).hasSize(1);
        assertThat(reasons(CampaignEdits.milestone(CM_2025, MilestoneKind.SEALED, "Niêm phong", "19/05/2025")))
                .containsExactly("dueOn before-start");
        assertThat(CampaignEdits.milestone(CM_2025, MilestoneKind.SEALED, "Niêm phong", "05/06/2025").value())
                .isEqualTo(new Milestone(MilestoneKind.SEALED, "Niêm phong", LocalDate.parse("2025-06-05")));
    }

    @Test
    void anOtherDateIsAddedForAKnownDistrictOrOfficeOnce() {
        var added = CampaignEdits.addDate(CM_2025, MilestoneKind.TRANSFERRED, "SITE:CM.TVT.UBND", "18/06/2025",
                this::known);
        assertThat(added.value().dates()).containsExactly(
                new DueDate(Scope.DISTRICT, "969", LocalDate.parse("2025-06-20")),
                new DueDate(Scope.SITE, "CM.TVT.UBND", LocalDate.parse("2025-06-18")));
        assertThat(reasons(CampaignEdits.addDate(CM_2025, MilestoneKind.TRANSFERRED, "DISTRICT:969", "21/06/2025",
                this::known))).containsExactly("place duplicate");
        assertThat(reasons(CampaignEdits.addDate(CM_2025, MilestoneKind.TRANSFERRED, "DISTRICT:999", "21/06/2025",
                this::known))).containsExactly("place unknown-district");
        assertThat(reasons(CampaignEdits.addDate(CM_2025, MilestoneKind.TRANSFERRED, "SITE:CM.KHONG.CO", "21/06/2025",
                this::known))).containsExactly("place unknown-site");
        assertThat(reasons(CampaignEdits.addDate(CM_2025, MilestoneKind.TRANSFERRED, "UNIT:32128", "21/06/2025",
                this::known))).containsExactly("place bad-place");
        assertThat(reasons(CampaignEdits.addDate(CM_2025, MilestoneKind.TRANSFERRED, "", "1/5/2025", this::known)))
                .containsExactly("dueOn before-start", "place no-place");
        assertThat(reasons(CampaignEdits.addDate(CM_2025, MilestoneKind.SEALED, "DISTRICT:966", "21/06/2025",
                this::known))).containsExactly("place no-milestone");
    }

    @Test
    void anOtherDateIsRemovedOnlyWhereThereIsOne() {
        assertThat(CampaignEdits.removeDate(CM_2025, MilestoneKind.TRANSFERRED, "DISTRICT:969").value().dates())
                .isEmpty();
        assertThat(reasons(CampaignEdits.removeDate(CM_2025, MilestoneKind.TRANSFERRED, "DISTRICT:966")))
                .containsExactly("place no-such-date");
    }

    private boolean known(DueDate d) {
        return KNOWN.contains(d.scope() + " " + d.code());
    }

    private static List<String> reasons(CampaignEdits.Outcome<?> outcome) {
        assertThat(outcome.value()).as("nothing to save when refused").isNull();
        return outcome.problems().stream().map(p -> p.field() + " " + p.reason()).toList();
    }
}
