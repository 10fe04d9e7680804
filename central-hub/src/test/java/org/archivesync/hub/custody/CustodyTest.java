package org.archivesync.hub.custody;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.received;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.archivesync.hub.fixtures.Agent.store;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Custody states from real signed agent events: in transit, received, received with discrepancies, overdue. */
class CustodyTest extends DomainTest {

    @Autowired
    Custody custody;

    private Agent sender;
    private Agent receiver;
    private Agent archive;
    private String f;

    @BeforeEach
    void sites() {
        sender = site("LUONGTHETRAN", "32131", "COMMUNE");
        receiver = site("LUONGTHETRAN.MOI", "32134", "COMMUNE");
        archive = site("TTLTLS", "96", "HISTORICAL_ARCHIVE");
        f = "LTT-" + unique();
        record(sender, store("KHO-1", "Kho UBND xã Lương Thế Trân", null),
                fonds(f, "Phông UBND xã Lương Thế Trân", "UBND xã Lương Thế Trân", "32131", "1990-01-01", "2025-06-30"),
                box("B1", f, "KHO-1", "0.10", true), box("B2", f, "KHO-1", "0.10", true),
                file(f, "HS-1", "B1", "Hồ sơ địa chính", 30), file(f, "HS-2", "B2", "Sổ hộ tịch", 50),
                file(f, "HS-9", null, "Hồ sơ rời", 5), appraised(f, "HS-1", AppraisalDecision.KEEP_AT_SUCCESSOR, "2025-07-12"));
    }

    @Test
    void receiptThatMissesABoxAndAddsAFileIsReceivedWithDiscrepancies() {
        UUID id = UUID.randomUUID();
        record(sender, handover(id, ReceiverKind.SUCCESSOR_UNIT, "32134", receiver.siteCode, "BB-GN-01", "0.20",
                "2025-07-20", List.of(f + "/B1", f + "/B2"), ref(f, "HS-9")));
        assertThat(custody.handover(id).handover().status()).isEqualTo("IN_TRANSIT");
        assertThat(custody.handover(id).differences().none()).isTrue();

        record(receiver, received(id, sender.siteCode, "BB-GN-01", "0.10", "2025-07-22", "Thiếu hộp B2",
                List.of(f + "/B1"), ref(f, "HS-9"), ref(f, "HS-X")));

        Custody.HandoverDetail detail = custody.handover(id);
        assertThat(detail.handover().status()).isEqualTo("RECEIVED_WITH_DISCREPANCIES");
        assertThat(detail.differences().missingBoxes()).containsExactly(f + "/B2");
        assertThat(detail.differences().extraBoxes()).isEmpty();
        assertThat(detail.differences().missingFiles()).isEmpty();
        assertThat(detail.differences().extraFiles()).containsExactly(f + "/HS-X");
        assertThat(detail.differences().metresDifference()).isEqualByComparingTo("-0.10");
        assertThat(detail.differences().receiverNote()).isEqualTo("Thiếu hộp B2");

        assertThat(custody.box(f, "B1").history()).extracting(Custody.CustodyEvent::kind)
                .containsExactly("RECORDED", "SENT", "RECEIVED");
        assertThat(custody.box(f, "B2").history()).extracting(Custody.CustodyEvent::kind)
                .containsExactly("RECORDED", "SENT", "NOT_RECEIVED");
        Custody.FileCustody hs1 = custody.file(f, "HS-1");
        assertThat(hs1.custodyState()).isEqualTo("RECEIVED_WITH_DISCREPANCIES");
        assertThat(hs1.history()).extracting(e -> e.kind() + " " + e.date())
                .containsExactly("RECORDED 2025-08-15", "APPRAISED 2025-07-12", "SENT 2025-07-20", "RECEIVED 2025-07-22");
        assertThat(hs1.history().get(2).minutesNumber()).isEqualTo("BB-GN-01");

        http.get().uri("/api/handovers?status=RECEIVED_WITH_DISCREPANCIES&senderSite=" + sender.siteCode).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.totalElements").isEqualTo(1)
                .jsonPath("$.items[0].handoverId").isEqualTo(id.toString());
        http.get().uri("/api/handovers/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.differences.missingBoxes[0]").isEqualTo(f + "/B2");
        http.get().uri("/api/fonds/" + f + "/boxes/B2/custody").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.history[2].kind").isEqualTo("NOT_RECEIVED");
    }

    @Test
    void matchingReceiptIsReceivedAndTheFileNowHeldByTheArchive() {
        UUID id = UUID.randomUUID();
        record(sender, handover(id, ReceiverKind.HISTORICAL_ARCHIVE, "96", archive.siteCode, "BB-GN-02", "0.10",
                "2025-07-25", List.of(f + "/B2"), ref(f, "HS-9")));
        record(archive, received(id, sender.siteCode, "BB-GN-02", "0.10", "2025-07-28", null, List.of(f + "/B2"), ref(f, "HS-9")));

        Custody.HandoverDetail detail = custody.handover(id);
        assertThat(detail.handover().status()).isEqualTo("RECEIVED");
        assertThat(detail.differences().none()).isTrue();
        assertThat(custody.file(f, "HS-2").custodyState()).isEqualTo("RECEIVED");
        assertThat(custody.file(f, "HS-9").history()).extracting(Custody.CustodyEvent::kind)
                .containsExactly("RECORDED", "SENT", "RECEIVED");
    }

    @Test
    void inTransitHandoversBeyondTheConfiguredAgeAreOverdue() {
        UUID old = UUID.randomUUID();
        UUID recent = UUID.randomUUID();
        record(sender, handover(old, ReceiverKind.SUCCESSOR_UNIT, "32134", null, "BB-GN-03", "0.10", "2025-07-10",
                        List.of(f + "/B1"))
                , handover(recent, ReceiverKind.SUCCESSOR_UNIT, "32134", null, "BB-GN-04", "0.10", "2025-08-10",
                        List.of(f + "/B2")));

        // Today is 2025-08-15; the default age is 14 days.
        assertThat(custody.overdue(java.time.LocalDate.parse("2025-08-01"), 0, 500).items())
                .extracting(Custody.Handover::handoverId).contains(old).doesNotContain(recent);
        http.get().uri("/api/handovers/overdue?size=500").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.handoverId == '" + old + "')].minutesNumber").isEqualTo(List.of("BB-GN-03"))
                .jsonPath("$.items[?(@.handoverId == '" + recent + "')]").isEmpty();
        http.get().uri("/api/handovers/overdue?olderThanDays=2&size=500").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[?(@.handoverId == '" + recent + "')].minutesNumber").isEqualTo(List.of("BB-GN-04"));
    }

    @Test
    void badParametersAndUnknownThingsAreProblems() {
        http.get().uri("/api/handovers?status=LOST").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].parameter").isEqualTo("status");
        http.get().uri("/api/handovers/overdue?olderThanDays=-1").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/handovers/not-a-uuid").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].parameter").isEqualTo("id");
        http.get().uri("/api/handovers/" + UUID.randomUUID()).header("Accept-Language", "en").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.title").isEqualTo("Not found")
                .jsonPath("$.kind").isEqualTo("handover");
        http.get().uri("/api/fonds/" + f + "/files/HS-404/custody").exchange().expectStatus().isNotFound();
    }
}
