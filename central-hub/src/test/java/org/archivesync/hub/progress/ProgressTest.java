package org.archivesync.hub.progress;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.digitized;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Progress figures against a hand-computed fixture: three offices of the former huyện Hồng Dân (Bạc Liêu), today
 * 2025-08-15, a 14-day rate window (2025-08-02..15), milestones SEALED 2025-08-31, HANDED_OVER 2025-09-15,
 * TRANSFERRED 2025-09-30.
 *
 * <pre>
 * site           unit today            inventoried sorted sealed (in window) appraised T/K/D (sheets) transferred
 * S1 Ninh Quới   old xã (former)       10.00       8.00   2.00 (2.00)         2500 / 5000 / 1000       0.50
 * S2 Ninh Quới A new xã Ninh Quới (rec.) 4.00      4.00   4.00 (2.00)         none                     0
 * S3 huyện       district (former)     20.00       20.00  0                   none                     0
 *
 * S1 SEALED: 2.00 of 8.00 sorted; 2.00/14 = 0.143 m/day; 6.00 left = 42 days: 2025-09-26, 26 days late: AT_RISK
 *    TRANSFERRED: target 2500/5000 = 0.50, done 0.50: DONE; HANDED_OVER: target 1.00, nothing moves: AT_RISK
 * S2 SEALED: DONE; a new commune receives: TRANSFERRED and HANDED_OVER NOT_MEASURED; not at risk
 * S3 SEALED: nothing moves: AT_RISK; nothing appraised: TRANSFERRED and HANDED_OVER NOTHING_TO_DO
 * district: 34.00 inventoried, 32.00 sorted, 6.00 sealed, 4.00/14 = 0.286 m/day; 26.00 left = 91 days: 2025-11-14,
 *    75 days late; 2 of 3 sites at risk. New xã Ninh Quới: S1 and S2 in full (12.00 sorted, 6.00 sealed, 6.00 left
 *    = 21 days: 2025-09-05, 5 days late; 1 of 2 at risk); S3 went to four new communes and has no file with a place:
 *    its 20.00 m are one row shared:S3, never in full under each commune.
 * </pre>
 */
class ProgressTest extends DomainTest {

    @Autowired
    Campaigns campaigns;

    @Autowired
    Progress progress;
    @Autowired
    ProgressRecorder recorder;

    private String campaign;
    // The sites and their events are made once for the class (JUnit makes an instance per test); campaigns per test.
    private static Agent s1;
    private static Agent s2;
    private static Agent s3;

    @BeforeEach
    void fixture() {
        campaign = "SAP-NHAP-2025-" + unique();
        campaigns.createCampaign(new Campaign(campaign, "Sáp nhập 2025", LocalDate.parse("2025-06-01"), List.of(
                new Milestone(MilestoneKind.SEALED, "Chỉnh lý, đóng hộp, niêm phong", LocalDate.parse("2025-08-31")),
                new Milestone(MilestoneKind.HANDED_OVER, "Bàn giao cho xã mới", LocalDate.parse("2025-09-15")),
                new Milestone(MilestoneKind.TRANSFERRED, "Nộp lưu Trung tâm Lưu trữ lịch sử", LocalDate.parse("2025-09-30")))));
        if (s1 != null) {
            return;
        }
        s1 = site("NINHQUOI", "31846", "COMMUNE");
        s2 = site("NINHQUOI.A", "31849", "COMMUNE");
        s3 = site("HONGDAN.UBND", "956", "DISTRICT_OFFICE");
        String f1 = "NQ-" + unique();
        String f2 = "NQA-" + unique();
        String f3 = "HD-" + unique();

        record(s1.at(at("2025-07-01")), fonds(f1, "Phông UBND xã Ninh Quới", "UBND xã Ninh Quới", "31846", "1990-01-01",
                "2025-06-30"), extent(f1, "8.00", "2.00"));
        record(s1.at(at("2025-08-05")), box("B1", f1, null, "1.00", true));
        record(s1.at(at("2025-08-10")), box("B2", f1, null, "1.00", true));
        record(s1.at(at("2025-08-12")), box("B3", f1, null, "2.00", false),
                file(f1, "HS-1", "B1", "Hồ sơ một", 2500), file(f1, "HS-2", "B1", "Hồ sơ hai", 5000),
                file(f1, "HS-3", "B2", "Hồ sơ ba", 1000), file(f1, "HS-4", "B3", "Hồ sơ bốn", 100),
                appraised(f1, "HS-1", AppraisalDecision.TRANSFER_TO_HISTORICAL, "2025-08-12"),
                appraised(f1, "HS-2", AppraisalDecision.KEEP_AT_SUCCESSOR, "2025-08-12"),
                appraised(f1, "HS-3", AppraisalDecision.DESTROY, "2025-08-12"), digitized(f1, "HS-1", 120));
        record(s1.at(at("2025-08-13")), handover(UUID.randomUUID(), ReceiverKind.HISTORICAL_ARCHIVE, "96", null,
                        "BB-NL-01", "0.50", "2025-08-13", List.of(), ref(f1, "HS-1")),
                destruction(UUID.randomUUID(), "QĐ 7/QĐ-UBND", "BB-HUY-07", "Lê Văn A", "Phạm Thị B", "0.05",
                        "2025-08-13", ref(f1, "HS-3")));

        record(s2.at(at("2025-07-10")), fonds(f2, "Phông UBND xã Ninh Quới A", "UBND xã Ninh Quới A", "31849",
                "1990-01-01", "2025-06-30"), extent(f2, "4.00", "0.00"), box("C1", f2, null, "2.00", true));
        record(s2.at(at("2025-08-14")), box("C2", f2, null, "2.00", true));

        record(s3.at(at("2025-08-01")), fonds(f3, "Phông UBND huyện Hồng Dân", "UBND huyện Hồng Dân", "956",
                "1976-01-01", "2025-06-30"), extent(f3, "20.00", "0.00"));

        while (recorder.recordOnce() > 0) {
            // until every site's events are turned into activity
        }
    }

    @Test
    void siteFiguresMatchTheHandComputedFixture() {
        Row row = row(progress.report(campaign, "SITE", false, 0, 500), s1.siteCode);
        Figures f = row.figures();
        assertThat(f.inventoriedMetres()).isEqualByComparingTo("10.00");
        assertThat(f.unsortedMetres()).isEqualByComparingTo("2.00");
        assertThat(f.boxedMetres()).isEqualByComparingTo("4.00");
        assertThat(f.sealedMetres()).isEqualByComparingTo("2.00");
        assertThat(f.digitizedPages()).isEqualTo(120);
        assertThat(f.digitizedMetres()).isEqualByComparingTo("0.50");
        assertThat(f.fileCount()).isEqualTo(4);
        assertThat(List.of(f.appraisedTransfer(), f.appraisedKeep(), f.appraisedDestroy())).containsExactly(1L, 1L, 1L);
        assertThat(f.transferTargetMetres()).isEqualByComparingTo("0.50");
        assertThat(f.handOverTargetMetres()).isEqualByComparingTo("1.00");
        assertThat(f.transferredMetres()).isEqualByComparingTo("0.50");
        assertThat(f.handedOverMetres()).isEqualByComparingTo("0");
        assertThat(f.destroyedMetres()).isEqualByComparingTo("0.05");

        assertThat(f.sortedMetres()).isEqualByComparingTo("8.00");

        Map<String, MilestoneProgress> m = byKind(row);
        assertThat(m.get("SEALED").targetMetres()).isEqualByComparingTo("8.00");
        assertThat(m.get("SEALED").fraction()).isEqualByComparingTo("0.250");
        assertThat(m.get("SEALED").metresPerDay()).isEqualByComparingTo("0.143");
        assertThat(m.get("SEALED").forecastOn()).isEqualTo(LocalDate.parse("2025-09-26"));
        assertThat(m.get("SEALED").daysLate()).isEqualTo(26);
        assertThat(m.get("SEALED").status()).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(m.get("TRANSFERRED").status()).isEqualTo(MilestoneStatus.DONE);
        assertThat(m.get("HANDED_OVER").status()).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(m.get("HANDED_OVER").forecastOn()).isNull();

        Row two = row(progress.report(campaign, "SITE", false, 0, 500), s2.siteCode);
        assertThat(byKind(two).get("SEALED").status()).isEqualTo(MilestoneStatus.DONE);
        assertThat(byKind(two).get("TRANSFERRED").status()).isEqualTo(MilestoneStatus.NOT_MEASURED);
        assertThat(byKind(two).get("HANDED_OVER").status()).isEqualTo(MilestoneStatus.NOT_MEASURED);
        assertThat(two.atRisk()).isFalse();
        Map<String, MilestoneProgress> three = byKind(row(progress.report(campaign, "SITE", false, 0, 500),
                s3.siteCode));
        assertThat(three.get("SEALED").status()).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(three.get("TRANSFERRED").status()).isEqualTo(MilestoneStatus.NOTHING_TO_DO);
        assertThat(three.get("HANDED_OVER").status()).isEqualTo(MilestoneStatus.NOTHING_TO_DO);
        assertThat(three.get("HANDED_OVER").atRisk()).isFalse();
    }

    @Test
    void sitesAtRiskComeFirst() {
        List<String> order = progress.report(campaign, "SITE", false, 0, 500).rows().items().stream()
                .map(Row::key).filter(k -> List.of(s1.siteCode, s2.siteCode, s3.siteCode).contains(k)).toList();
        assertThat(order.indexOf(s2.siteCode)).isEqualTo(2);
        assertThat(progress.report(campaign, "SITE", true, 0, 500).rows().items()).extracting(Row::key)
                .contains(s1.siteCode, s3.siteCode).doesNotContain(s2.siteCode);
    }

    @Test
    void aFormerDistrictSumsItsSitesOnTheBasesEachIsMeasuredOn() {
        Row row = row(progress.report(campaign, "DISTRICT", false, 0, 500), "956");
        assertThat(row.name()).isEqualTo("huyện Hồng Dân");
        assertThat(row.sites()).isEqualTo(3);
        assertThat(row.sitesAtRisk()).isEqualTo(2);
        assertThat(row.figures().inventoriedMetres()).isEqualByComparingTo("34.00");
        assertThat(row.figures().sortedMetres()).isEqualByComparingTo("32.00");
        assertThat(row.figures().sealedMetres()).isEqualByComparingTo("6.00");
        MilestoneProgress sealed = byKind(row).get("SEALED");
        assertThat(sealed.targetMetres()).isEqualByComparingTo("32.00");
        assertThat(sealed.metresPerDay()).isEqualByComparingTo("0.286");
        assertThat(sealed.forecastOn()).isEqualTo(LocalDate.parse("2025-11-14"));
        assertThat(sealed.daysLate()).isEqualTo(75);
        // The new commune (S2) is not measured on handing over: the district's target is S1's alone.
        assertThat(byKind(row).get("HANDED_OVER").targetMetres()).isEqualByComparingTo("1.00");
        assertThat(byKind(row).get("TRANSFERRED").status()).isEqualTo(MilestoneStatus.DONE);
    }

    @Test
    void aNewUnitCountsItsOwnOfficesInFullAndTheSplitDistrictOnceAsShared() {
        Report units = progress.report(campaign, "UNIT", false, 0, 500);
        Row row = row(units, "31849@2025-07-01");
        assertThat(row.name()).isEqualTo("xã Ninh Quới");
        assertThat(row.sites()).isEqualTo(2);
        assertThat(row.sitesAtRisk()).isEqualTo(1);
        assertThat(row.figures().inventoriedMetres()).isEqualByComparingTo("14.00");
        MilestoneProgress sealed = byKind(row).get("SEALED");
        assertThat(sealed.targetMetres()).isEqualByComparingTo("12.00");
        assertThat(sealed.forecastOn()).isEqualTo(LocalDate.parse("2025-09-05"));
        assertThat(sealed.daysLate()).isEqualTo(5);

        // Hồng Dân's office went to four new communes and none of its files has a place: shown once, as shared.
        Row shared = row(units, "shared:" + s3.siteCode);
        assertThat(shared.shared()).isTrue();
        assertThat(shared.sites()).isEqualTo(1);
        assertThat(shared.figures().inventoriedMetres()).isEqualByComparingTo("20.00");
        assertThat(shared.sharedAmong()).contains("xã Ninh Quới", "xã Hồng Dân", "xã Vĩnh Lộc", "xã Ninh Thạnh Lợi");
        // Before, the office counted in full under each of the four; no other office is in the other three.
        assertThat(units.rows().items()).filteredOn(r -> !r.shared()).extracting(Row::name)
                .doesNotContain("xã Hồng Dân", "xã Vĩnh Lộc", "xã Ninh Thạnh Lợi");
    }

    @Test
    void severalViewsFromOneReadingEqualTheViewsOneByOne() {
        List<Report> views = progress.reports(campaign, List.of("DISTRICT", "UNIT", "SITE"), 500);
        assertThat(views).extracting(Report::groupedBy).containsExactly("DISTRICT", "UNIT", "SITE");
        for (Report view : views) {
            assertThat(view).as(view.groupedBy())
                    .isEqualTo(progress.report(campaign, view.groupedBy(), false, 0, 500));
        }
    }

    @Test
    void historyRunsEachFormerDistrictsTotalDayByDay() {
        History history = progress.history("SEALED_METRES");
        assertThat(history.days()).isSorted();
        History.Series hongDan = history.series().stream().filter(s -> s.key().equals("956")).findFirst().orElseThrow();
        assertThat(hongDan.name()).isEqualTo("huyện Hồng Dân");
        assertThat(hongDan.cumulative()).hasSize(history.days().size()).isSorted();
        assertThat(hongDan.cumulative().get(hongDan.cumulative().size() - 1))
                .isEqualByComparingTo(row(progress.report(campaign, "DISTRICT", false, 0, 500), "956").figures()
                        .sealedMetres());
    }

    @Test
    void siteFiguresForThePublisherCarryAtRisk() {
        List<SiteFigures> figures = progress.siteFigures();
        assertThat(figures).filteredOn(s -> s.siteCode().equals(s1.siteCode)).singleElement().satisfies(s -> {
            assertThat(s.unitCode()).isEqualTo("31846");
            assertThat(s.atRisk()).isTrue();
            assertThat(s.lastSequence()).isEqualTo(15);
            assertThat(s.figures().sealedMetres()).isEqualByComparingTo("2.00");
        });
    }

    @Test
    void campaignsAreConfiguredOverRestWithValidation() {
        String code = "THU-" + unique();
        String body = """
                {"campaignCode":"%s","name":"Sáp nhập 2025","startsOn":"2025-06-01",
                 "milestones":[{"kind":"SEALED","name":"Niêm phong","dueOn":"2025-08-31"}]}""".formatted(code);
        http.post().uri("/api/campaigns").contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body)
                .exchange().expectStatus().isCreated().expectBody().jsonPath("$.milestones[0].kind").isEqualTo("SEALED");
        http.post().uri("/api/campaigns").contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body)
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.title").isEqualTo("Đã tồn tại");
        http.put().uri("/api/campaigns/" + code + "/milestones/TRANSFERRED")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body("{\"name\":\"Nộp lưu\",\"dueOn\":\"2025-09-30\"}").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.milestones.length()").isEqualTo(2);
        http.post().uri("/api/campaigns").contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body("{\"campaignCode\":\"x y\",\"name\":\"\",\"startsOn\":\"2025-06-01\",\"milestones\":"
                        + "[{\"kind\":\"SOON\",\"name\":\"a\",\"dueOn\":\"2025-01-01\"}]}")
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.errors.length()").isEqualTo(3);
        http.get().uri("/api/campaigns/" + campaign + "/progress?by=DISTRICT&atRiskOnly=true").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.rows.items[?(@.key == '956')].sites").isEqualTo(List.of(3));
        http.get().uri("/api/campaigns/" + campaign + "/progress?by=COUNTRY").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/campaigns/NOPE/progress").exchange().expectStatus().isNotFound();
        http.delete().uri("/api/campaigns/" + code + "/milestones/SEALED").exchange().expectStatus().isOk();
        http.delete().uri("/api/campaigns/" + code + "/milestones/SEALED").exchange().expectStatus().isNotFound();
        http.delete().uri("/api/campaigns/" + code + "/milestones/PACKED").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].parameter").isEqualTo("kind");
    }

    @Test
    void theDatabaseAcceptsExactlyTheKinds() {
        // V11's check on campaign_milestones.kind, as PostgreSQL reads it back: the kinds it lists are the enum's.
        String check = jdbc.sql("""
                SELECT pg_get_constraintdef(oid) FROM pg_constraint
                WHERE conrelid = 'campaign_milestones'::regclass AND contype = 'c'
                  AND pg_get_constraintdef(oid) LIKE '%kind%'""").query(String.class).single();
        List<String> listed = java.util.regex.Pattern.compile("'([A-Z_]+)'").matcher(check).results()
                .map(m -> m.group(1)).sorted().toList();
        assertThat(listed).isEqualTo(java.util.Arrays.stream(MilestoneKind.values()).map(Enum::name).sorted().toList());
    }

    private static Instant at(String day) {
        return Instant.parse(day + "T02:00:00Z");
    }

    private static Row row(Report report, String key) {
        return report.rows().items().stream().filter(r -> r.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + key + " in " + report.rows().items().stream()
                        .map(Row::key).toList()));
    }

    private static Map<String, MilestoneProgress> byKind(Row row) {
        return row.milestones().stream().collect(java.util.stream.Collectors.toMap(m -> m.kind().name(),
                m -> m));
    }
}
