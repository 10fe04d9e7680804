package org.archivesync.hub.search;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.dated;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.keywords;
import static org.archivesync.hub.fixtures.Agent.permanent;
import static org.archivesync.hub.fixtures.Agent.secret;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.archivesync.hub.lineage.Lineage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The file search over files recorded through real signed events, before and after the search indexer ran. */
class FileSearchTest extends DomainTest {

    @Autowired
    FileSearch search;
    @Autowired
    Lineage lineage;

    private String f;
    private String g;

    @BeforeEach
    void files() {
        Agent caiNuoc = site("CAINUOC.TIM", "969", "DISTRICT_OFFICE");
        Agent damDoi = site("DAMDOI.TIM", "970", "DISTRICT_OFFICE");
        f = "CN-TIM-" + unique();
        g = "DD-TIM-" + unique();
        record(caiNuoc, fonds(f, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", "969", "1976-01-01", "2025-06-30"),
                keywords(file(f, "HS-001", "H1", "Hồ sơ giải quyết tranh chấp đất đai xã Tân Hưng Đông", 40),
                        "đất đai", "Cái Nước"),
                dated(file(f, "HS-002", "H1", "Báo cáo tổng kết công tác phòng chống lụt bão năm 2015", 12),
                        "2015-01-01", "2015-12-31"),
                permanent(file(f, "KH-003", "H2", "Kế hoạch phát triển kinh tế xã hội huyện Cái Nước 2021-2025", 60)),
                secret(f, "MAT-004", "H2"),
                appraised(f, "HS-001", AppraisalDecision.TRANSFER_TO_HISTORICAL, "2025-07-10"));
        record(damDoi, fonds(g, "Phông UBND huyện Đầm Dơi", "UBND huyện Đầm Dơi", "970", "1976-01-01", "2025-06-30"),
                file(g, "HS-001", "H1", "Hồ sơ giải quyết tranh chấp đất đai xã Tạ An Khương", 30));
    }

    @Test
    void textIgnoresDiacriticsAndCaseBeforeAndAfterIndexing() {
        // HS-001 by its keyword "Cái Nước", KH-003 by its title.
        assertThat(codes(text("cai nuoc"))).containsExactly(f + "/HS-001", f + "/KH-003");
        indexSearch();
        assertThat(codes(text("CAI NUOC"))).containsExactly(f + "/HS-001", f + "/KH-003");
        assertThat(codes(text("ta an khuong"))).containsExactly(g + "/HS-001");
    }

    @Test
    void textToleratesTypos() {
        indexSearch();
        // A letter missing, a wrong tone mark, an accent on the wrong letter: one slip per phrase.
        assertThat(codes(text("tranh chp dat dai"))).contains(f + "/HS-001", g + "/HS-001");
        assertThat(codes(text("phong chong lut bảo"))).containsExactly(f + "/HS-002");
        assertThat(codes(text("kế hoạch phat trien kinh te xa hoi"))).containsExactly(f + "/KH-003");
        assertThat(text("tranh chap dat dai").items().get(0).score()).isEqualByComparingTo("1.000");
        assertThat(text("tranh chap dat dai").match()).isEqualTo("EXACT");
        assertThat(text("tranh chp dat dai").match()).isEqualTo("FUZZY");
    }

    @Test
    void filtersNarrowTheText() {
        indexSearch();
        assertThat(codes(search.search(criteria("tranh chap", null, f, null, null, null, null, null), 0, 50)))
                .containsExactly(f + "/HS-001");
        assertThat(codes(search.search(criteria(null, null, f, null, null, "PERMANENT", null, null), 0, 50)))
                .containsExactly(f + "/KH-003", f + "/MAT-004");
        assertThat(codes(search.search(criteria(null, null, f, null, null, null, "TRANSFER_TO_HISTORICAL", null), 0, 50)))
                .containsExactly(f + "/HS-001");
        assertThat(codes(search.search(criteria(null, "hs-00", f, LocalDate.parse("2015-06-01"),
                LocalDate.parse("2015-06-30"), null, null, null), 0, 50))).containsExactly(f + "/HS-002");
        assertThat(codes(search.search(criteria(null, null, f, null, null, null, "NONE", "AT_SITE"), 0, 50)))
                .containsExactly(f + "/HS-002", f + "/KH-003", f + "/MAT-004");
    }

    @Test
    void unitFilterFindsFilesOfItsPredecessorsAndSecretFilesShowNoTitle() {
        indexSearch();
        LocalDate today = LocalDate.parse("2025-08-15");
        Lineage.Forming hungMy = lineage.forming("32140@2025-07-01", today, true);
        Lineage.Forming alone = lineage.forming("32140@2025-07-01", today, false);

        List<FileSearch.Hit> hits = search.search(new FileSearch.Criteria(null, null, null, hungMy, null, null, null, null,
                null), 0, 500).items();
        assertThat(codes(hits)).contains(f + "/HS-001", f + "/MAT-004").doesNotContain(g + "/HS-001");
        assertThat(hits).filteredOn(h -> h.fondsCode().equals(f) && h.fileCode().equals("MAT-004")).singleElement()
                .satisfies(h -> assertThat(h.title()).isNull());
        assertThat(search.search(new FileSearch.Criteria(null, null, null, alone, null, null, null, null, null), 0, 500)
                .items()).noneMatch(h -> h.fondsCode().equals(f));
    }

    @Test
    void restSearchValidatesItsParameters() {
        http.get().uri("/api/files?q=cai nuoc&unit=32128&fonds=" + f).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.items[*].fileCode").isEqualTo(List.of("HS-001", "KH-003"));
        http.get().uri("/api/files").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].parameter").isEqualTo("q");
        http.get().uri("/api/files?q=x").exchange().expectStatus().isBadRequest();
        http.get().uri("/api/files?q=cai&retention=FOREVER&size=501").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors.length()").isEqualTo(2);
        http.get().uri("/api/files?q=cai&from=2020-01-01&to=2019-01-01").exchange().expectStatus().isBadRequest();
    }

    private FileSearch.Criteria criteria(String text, String code, String fonds, LocalDate from, LocalDate to,
                                         String retention, String appraisal, String custody) {
        return new FileSearch.Criteria(text, code, fonds, null, from, to, retention, appraisal, custody);
    }

    private FileSearch.Result text(String q) {
        return search.search(new FileSearch.Criteria(q, null, null, null, null, null, null, null, null), 0, 50);
    }

    private List<String> codes(FileSearch.Result page) {
        return codes(page.items());
    }

    private List<String> codes(List<FileSearch.Hit> hits) {
        return hits.stream().filter(h -> h.fondsCode().equals(f) || h.fondsCode().equals(g))
                .map(h -> h.fondsCode() + "/" + h.fileCode()).toList();
    }
}
