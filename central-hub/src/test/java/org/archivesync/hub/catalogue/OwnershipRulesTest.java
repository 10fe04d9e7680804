package org.archivesync.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ownership decisions on their own: who may change a fonds, a file, a box, and who confirms a handover. */
class OwnershipRulesTest {

    private static final String CAI_NUOC = "CM.CAINUOC.UBND";
    private static final String TAN_HUNG = "CM.TANHUNG.UBND";
    private static final String F = "CM.CAINUOC.UBND.F01";

    @Test
    void aFondsNobodyHoldsIsClaimedAndItsHolderMayChangeIt() {
        assertThat(OwnershipRules.fonds(TAN_HUNG, 1, F, null, "fonds " + F)).isNull();
        assertThat(OwnershipRules.fonds(CAI_NUOC, 1, F, CAI_NUOC, "fonds " + F)).isNull();
    }

    @Test
    void anotherOfficesFondsIsRefusedNamingItsHolder() {
        Refusal r = OwnershipRules.fonds(TAN_HUNG, 7, F, CAI_NUOC, "fonds " + F);
        assertThat(r.reason()).isEqualTo(Refusal.Reason.FONDS_HELD_ELSEWHERE);
        assertThat(r.holderSiteCode()).isEqualTo(CAI_NUOC);
        assertThat(r.detail()).isEqualTo("fonds " + F + " is held by " + CAI_NUOC);
        assertThat(OwnershipRules.fonds(TAN_HUNG, 8, F, CAI_NUOC, "box H001").detail())
                .isEqualTo("box H001 belongs to fonds " + F + ", which is held by " + CAI_NUOC);
    }

    @Test
    void aNewFileFollowsItsFondsAKnownFileItsHolder() {
        assertThat(OwnershipRules.file(CAI_NUOC, 1, F, F + "/HS.1", null, CAI_NUOC, null)).isNull();
        assertThat(OwnershipRules.file(TAN_HUNG, 1, F, F + "/HS.1", null, CAI_NUOC, null).reason())
                .isEqualTo(Refusal.Reason.FONDS_HELD_ELSEWHERE);
        Holdings.FileHolding received = new Holdings.FileHolding(TAN_HUNG, "RECEIVED", "h-1");
        assertThat(OwnershipRules.file(TAN_HUNG, 2, F, F + "/HS.1", received, CAI_NUOC, null)).isNull();
        Refusal r = OwnershipRules.file(CAI_NUOC, 2, F, F + "/HS.1", received, CAI_NUOC, null);
        assertThat(r.reason()).isEqualTo(Refusal.Reason.NOT_HELD);
        assertThat(r.holderSiteCode()).isEqualTo(TAN_HUNG);
    }

    @Test
    void aFileInTransitChangesOnNeitherSideButTravelsWithItsOwnHandover() {
        Holdings.FileHolding inTransit = new Holdings.FileHolding(CAI_NUOC, "IN_TRANSIT", "h-1");
        assertThat(OwnershipRules.file(CAI_NUOC, 3, F, F + "/HS.1", inTransit, CAI_NUOC, null).reason())
                .isEqualTo(Refusal.Reason.IN_TRANSIT);
        assertThat(OwnershipRules.file(TAN_HUNG, 3, F, F + "/HS.1", inTransit, CAI_NUOC, null).reason())
                .isEqualTo(Refusal.Reason.IN_TRANSIT);
        assertThat(OwnershipRules.file(CAI_NUOC, 3, F, F + "/HS.1", inTransit, CAI_NUOC, "h-1")).isNull();
        assertThat(OwnershipRules.file(CAI_NUOC, 3, F, F + "/HS.1", inTransit, CAI_NUOC, "h-2").reason())
                .isEqualTo(Refusal.Reason.IN_TRANSIT);
    }

    @Test
    void aBoxThatLeftWithAHandoverIsNoLongerItsSendersToChange() {
        assertThat(OwnershipRules.box(CAI_NUOC, 1, "H001", null, null)).isNull();
        assertThat(OwnershipRules.box(CAI_NUOC, 1, "H001", new Holdings.BoxHolding("AT_SITE", null), null)).isNull();
        assertThat(OwnershipRules.box(CAI_NUOC, 1, "H001", new Holdings.BoxHolding("RECEIVED", "h-1"), null).reason())
                .isEqualTo(Refusal.Reason.NOT_HELD);
        assertThat(OwnershipRules.box(CAI_NUOC, 1, "H001", new Holdings.BoxHolding("IN_TRANSIT", "h-1"), "h-1")).isNull();
    }

    @Test
    void onlyTheNamedReceiverConfirmsAHandoverOnce() {
        // Named site.
        assertThat(OwnershipRules.receiver(TAN_HUNG, 5, "h-1", CAI_NUOC, TAN_HUNG, "32137", "32137", null)).isNull();
        assertThat(OwnershipRules.receiver("CM.ROGUE", 5, "h-1", CAI_NUOC, TAN_HUNG, "32137", "32137", null).reason())
                .isEqualTo(Refusal.Reason.NOT_RECEIVER);
        // Named unit only: an office of that unit.
        assertThat(OwnershipRules.receiver(TAN_HUNG, 5, "h-1", CAI_NUOC, null, "32137", "32137", null)).isNull();
        assertThat(OwnershipRules.receiver("CM.ROGUE", 5, "h-1", CAI_NUOC, null, "32137", "32152", null)).isNotNull();
        // Never the sender; once.
        assertThat(OwnershipRules.receiver(CAI_NUOC, 5, "h-1", CAI_NUOC, null, null, "969", null)).isNotNull();
        assertThat(OwnershipRules.receiver(TAN_HUNG, 6, "h-1", CAI_NUOC, TAN_HUNG, null, "32137", "CM.OTHER").reason())
                .isEqualTo(Refusal.Reason.NOT_RECEIVER);
        // The sender's side not arrived yet: judged when it does.
        assertThat(OwnershipRules.receiver("CM.ANY", 5, "h-1", null, null, null, null, null)).isNull();
    }

    @Test
    void aHandoverIdBelongsToTheOfficeThatRecordedIt() {
        assertThat(OwnershipRules.handoverSender(CAI_NUOC, 1, "h-1", null)).isNull();
        assertThat(OwnershipRules.handoverSender(CAI_NUOC, 1, "h-1", CAI_NUOC)).isNull();
        assertThat(OwnershipRules.handoverSender(TAN_HUNG, 1, "h-1", CAI_NUOC).reason())
                .isEqualTo(Refusal.Reason.HANDOVER_OF_ANOTHER_SITE);
    }
}
