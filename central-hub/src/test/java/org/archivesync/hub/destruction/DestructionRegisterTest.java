package org.archivesync.hub.destruction;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.permanent;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The register lists applied destructions with their files; refused ones are listed apart. */
class DestructionRegisterTest extends DomainTest {

    @Autowired
    DestructionRegister register;

    @Test
    void appliedDestructionIsRegisteredWithItsFilesAndARefusedOneApart() {
        Agent s = site("TANHUNG", "32137", "COMMUNE");
        String f = "TH-" + unique();
        UUID applied = UUID.randomUUID();
        UUID refused = UUID.randomUUID();
        record(s, fonds(f, "Phông UBND xã Tân Hưng", "UBND xã Tân Hưng", "32137", "1990-01-01", "2025-06-30"),
                file(f, "HS-1", "H1", "Sổ công văn đi năm 2010", 120), file(f, "HS-2", "H1", "Sổ công văn đến năm 2010", 80),
                permanent(file(f, "HS-3", "H1", "Nghị quyết HĐND xã", 20)),
                appraised(f, "HS-1", AppraisalDecision.DESTROY, "2025-07-15"),
                appraised(f, "HS-2", AppraisalDecision.DESTROY, "2025-07-15"),
                appraised(f, "HS-3", AppraisalDecision.DESTROY, "2025-07-15"));
        record(s, destruction(applied, "QĐ 99/QĐ-UBND", "BB-HUY-01", "Nguyễn Văn An", "Trần Thị Bình", "0.05",
                "2025-08-01", ref(f, "HS-1"), ref(f, "HS-2")));
        record(s, destruction(refused, "QĐ 100/QĐ-UBND", "BB-HUY-02", "Nguyễn Văn An", "Trần Thị Bình", "0.02",
                "2025-08-02", ref(f, "HS-3")));

        DestructionRegister.DestructionDetail detail = register.destruction(applied);
        assertThat(detail.destruction().status()).isEqualTo("APPLIED");
        assertThat(detail.destruction().files()).isEqualTo(2);
        assertThat(detail.files()).extracting(DestructionRegister.FileLine::title)
                .containsExactly("Sổ công văn đi năm 2010", "Sổ công văn đến năm 2010");
        assertThat(register.destroyedFiles(s.siteCode, null, null, null, 0, 50).items())
                .extracting(d -> d.fileCode() + " " + d.decisionRef() + " " + d.minutesNumber() + " " + d.firstApprover()
                        + " / " + d.secondApprover() + " " + d.destroyedOn())
                .containsExactlyInAnyOrder("HS-1 QĐ 99/QĐ-UBND BB-HUY-01 Nguyễn Văn An / Trần Thị Bình 2025-08-01",
                        "HS-2 QĐ 99/QĐ-UBND BB-HUY-01 Nguyễn Văn An / Trần Thị Bình 2025-08-01");
        assertThat(register.destructions(false, s.siteCode, null, null, 0, 50).items())
                .extracting(DestructionRegister.Destruction::destructionId).containsExactly(applied);
        assertThat(register.destructions(true, s.siteCode, null, null, 0, 50).items())
                .singleElement().satisfies(d -> {
                    assertThat(d.destructionId()).isEqualTo(refused);
                    assertThat(d.refusal()).contains(f + "/HS-3 is kept permanently");
                    assertThat(d.files()).isZero();
                });

        http.get().uri("/api/destroyed-files?site=" + s.siteCode + "&from=2025-08-01&to=2025-08-01").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.totalElements").isEqualTo(2);
        http.get().uri("/api/destructions/refused?site=" + s.siteCode).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[0].minutesNumber").isEqualTo("BB-HUY-02");
        http.get().uri("/api/destroyed-files?from=2025-08-02&to=2025-08-01").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].parameter").isEqualTo("to");
    }
}
