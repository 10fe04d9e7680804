package org.archivesync.hub.progress;

import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.archivesync.hub.progress.DueDate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Milestone dates per former district and per office, as of 12/6/2025 (the field report's deadlines: district records
 * by 16/6, Cái Nước aiming for 20/6). Each office below has 10 m sorted and sealed 7 m in the 14 days up to 12/6:
 * 0.5 m/day, 3 m left, done on 18/6: late against 16/6, on track against 20/6.
 */
class MilestoneDatesTest extends DomainTest {

    private static final LocalDate AS_OF = LocalDate.parse("2025-06-12");

    @Autowired
    Campaigns campaigns;

    @Autowired
    Progress progress;
    @Autowired
    ProgressRecorder recorder;

    private static Agent caiNuoc;
    private static Agent tranVanThoi;
    private static Agent phuTanA;
    private static Agent phuTanB;

    @BeforeEach
    void offices() {
        if (caiNuoc != null) {
            return;
        }
        caiNuoc = office("CAINUOC.HAN", "969");
        tranVanThoi = office("TRANVANTHOI.HAN", "968");
        phuTanA = office("PHUTAN.HAN.A", "972");
        phuTanB = office("PHUTAN.HAN.B", "972");
        while (recorder.recordOnce() > 0) {
            // until every site's events are turned into activity
        }
    }

    @Test
    void aDistrictDateChangesTheStatusOfThatDistrictsOfficesOnly() {
        String campaign = campaign(List.of(new DueDate(DueDate.Scope.DISTRICT, "969", LocalDate.parse("2025-06-20"))));
        Report sites = progress.report(campaign, "SITE", false, 0, 500, AS_OF);
        assertThat(sites.asOf()).isEqualTo(AS_OF);
        MilestoneProgress cn = sealed(sites, caiNuoc.siteCode);
        assertThat(cn.dueOn()).isEqualTo(LocalDate.parse("2025-06-20"));
        assertThat(cn.forecastOn()).isEqualTo(LocalDate.parse("2025-06-18"));
        assertThat(cn.status()).isEqualTo(MilestoneStatus.ON_TRACK);
        MilestoneProgress tvt = sealed(sites, tranVanThoi.siteCode);
        assertThat(tvt.dueOn()).isEqualTo(LocalDate.parse("2025-06-16"));
        assertThat(tvt.status()).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(tvt.daysLate()).isEqualTo(2);

        // Without the district's date Cái Nước is late like the others.
        MilestoneProgress plain = sealed(progress.report(campaign(List.of()), "SITE", false, 0, 500, AS_OF),
                caiNuoc.siteCode);
        assertThat(plain.dueOn()).isEqualTo(LocalDate.parse("2025-06-16"));
        assertThat(plain.status()).isEqualTo(MilestoneStatus.AT_RISK);
    }

    @Test
    void anOfficesOwnDateWinsOverItsDistricts() {
        String campaign = campaign(List.of(new DueDate(DueDate.Scope.DISTRICT, "969", LocalDate.parse("2025-06-20")),
                new DueDate(DueDate.Scope.SITE, caiNuoc.siteCode, LocalDate.parse("2025-06-16")),
                new DueDate(DueDate.Scope.SITE, tranVanThoi.siteCode, LocalDate.parse("2025-06-25"))));
        Report sites = progress.report(campaign, "SITE", false, 0, 500, AS_OF);
        assertThat(sealed(sites, caiNuoc.siteCode).status()).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(sealed(sites, tranVanThoi.siteCode).dueOn()).isEqualTo(LocalDate.parse("2025-06-25"));
        assertThat(sealed(sites, tranVanThoi.siteCode).status()).isEqualTo(MilestoneStatus.ON_TRACK);
    }

    @Test
    void aGroupIsDueOnTheLatestDateOfItsMembers() {
        String campaign = campaign(List.of(new DueDate(DueDate.Scope.SITE, phuTanB.siteCode, LocalDate.parse("2025-06-20"))));
        Report districts = progress.report(campaign, "DISTRICT", false, 0, 500, AS_OF);
        Row phuTan = districts.rows().items().stream().filter(r -> r.key().equals("972")).findFirst().orElseThrow();
        assertThat(phuTan.sites()).isEqualTo(2);
        MilestoneProgress m = phuTan.milestones().get(0);
        assertThat(m.dueOn()).isEqualTo(LocalDate.parse("2025-06-20"));
        assertThat(m.status()).isEqualTo(MilestoneStatus.ON_TRACK);
        // One member is late against its own (default) date.
        assertThat(phuTan.sitesAtRisk()).isEqualTo(1);
    }

    @Test
    void theRestApiTakesTheDayAndRefusesOneOutOfRange() {
        String campaign = campaign(List.of(new DueDate(DueDate.Scope.DISTRICT, "969", LocalDate.parse("2025-06-20"))));
        http.get().uri("/api/campaigns/" + campaign + "/progress?asOf=2025-06-12").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.asOf").isEqualTo("2025-06-12")
                .jsonPath("$.rows.items[?(@.key == '" + caiNuoc.siteCode + "')].milestones[0].status")
                .isEqualTo(List.of("ON_TRACK"))
                .jsonPath("$.rows.items[?(@.key == '" + caiNuoc.siteCode + "')].milestones[0].dueOn")
                .isEqualTo(List.of("2025-06-20"));
        http.get().uri("/api/campaigns/" + campaign + "/progress?asOf=1999-12-31").exchange().expectStatus()
                .isBadRequest().expectBody().jsonPath("$.errors[0].parameter").isEqualTo("asOf");
        http.get().uri("/api/campaigns/" + campaign + "/progress?asOf=2025-08-16").exchange().expectStatus()
                .isBadRequest().expectBody().jsonPath("$.errors[0].parameter").isEqualTo("asOf");
        http.get().uri("/api/campaigns/" + campaign + "/progress?asOf=12/06/2025").exchange().expectStatus().isBadRequest();
    }

    private Agent office(String name, String district) {
        Agent office = site(name, district, "DISTRICT_OFFICE");
        String f = "HAN-" + unique();
        record(office.at(at("2025-05-20")), fonds(f, "Phông " + name, "UBND huyện", district, "1976-01-01", "2025-06-30"),
                extent(f, "10.00", "0.00"));
        record(office.at(at("2025-06-05")), box("H1", f, null, "7.00", true));
        return office;
    }

    private String campaign(List<DueDate> dates) {
        String code = "HAN-" + unique();
        campaigns.createCampaign(new Campaign(code, "Sáp nhập 2025", LocalDate.parse("2025-05-01"), List.of(
                new Milestone(MilestoneKind.SEALED, "Chỉnh lý, đóng gói, niêm phong", LocalDate.parse("2025-06-16"), dates))));
        return code;
    }

    private static MilestoneProgress sealed(Report report, String site) {
        return report.rows().items().stream().filter(r -> r.key().equals(site)).findFirst().orElseThrow()
                .milestones().get(0);
    }

    private static Instant at(String day) {
        return Instant.parse(day + "T02:00:00Z");
    }
}
