package org.archivesync.hub.lineage;

import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.store;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Lineage over the shipped reference data (NQ 1655/NQ-UBTVQH15, Công văn 1027/CTK-CSCL, GSO list of 01/03/2025). */
class LineageTest extends DomainTest {

    private static final LocalDate AFTER = LocalDate.parse("2025-08-01");
    private static final LocalDate BEFORE = LocalDate.parse("2025-06-01");

    @Autowired
    Lineage lineage;

    @Test
    void shippedReferenceDataLoadsWithoutRefusalsAndOnlyOncePerVersion() {
        assertThat(jdbc.sql("SELECT rows_rejected FROM reference_loads WHERE origin = 'BUNDLED'").query(Integer.class).list())
                .containsExactly(0);
        // 2 old provinces + the new one, 16 districts, 164 old and 64 new commune-level units.
        assertThat(count("units")).isEqualTo(3 + 16 + 164 + 64);
        assertThat(count("units WHERE valid_from = DATE '2025-07-01' AND level IN ('COMMUNE', 'WARD')")).isEqualTo(64);
        assertThat(count("units WHERE valid_to = DATE '2025-06-30'")).isEqualTo(2 + 16 + 164);
        assertThat(lineage.loadBundled()).isEmpty();
        assertThat(count("reference_loads")).isOne();
    }

    @Test
    void oldTaAnKhuongIsSplitBetweenTwoNewUnits() {
        Unit old = lineage.unit("32155", BEFORE);
        assertThat(old.name()).isEqualTo("Tạ An Khương (huyện Đầm Dơi)");
        assertThat(old.validTo()).isEqualTo(LocalDate.parse("2025-06-30"));

        assertThat(lineage.successors(old.unitCode(), AFTER)).extracting(l -> l.unit().unitCode() + " " + l.coverage())
                .containsExactlyInAnyOrder("32155@2025-07-01 PART", "32152@2025-07-01 PART");
        // Before the resolution took effect it had no successor.
        assertThat(lineage.successors(old.unitCode(), BEFORE)).isEmpty();
    }

    @Test
    void newCaiNuocIsFormedByItsOldCommunesAndPartOfTheFormerDistrict() {
        Unit caiNuoc = lineage.unit("32128", AFTER);
        assertThat(caiNuoc.unitCode()).isEqualTo("32128@2025-07-01");
        assertThat(caiNuoc.parentUnitCode()).isEqualTo("96@2025-07-01");

        List<LineageLink> predecessors = lineage.predecessors(caiNuoc.unitCode(), AFTER);

        assertThat(predecessors).filteredOn(l -> !l.derived()).extracting(l -> l.unit().name() + " " + l.coverage())
                .containsExactlyInAnyOrder("Cái Nước (huyện Cái Nước) WHOLE", "Trần Thới (huyện Cái Nước) WHOLE",
                        "Đông Hưng (huyện Cái Nước) PART", "Đông Thới (huyện Cái Nước) PART",
                        "Tân Hưng Đông (huyện Cái Nước) PART");
        assertThat(predecessors).filteredOn(LineageLink::derived).extracting(l -> l.unit().unitCode())
                .containsExactly("969");
        assertThat(predecessors).allSatisfy(l -> assertThat(l.legalBasis()).isEqualTo("1655/NQ-UBTVQH15"));
    }

    @Test
    void formerCaiNuocDistrictOfficesFondsAppearUnderItsSuccessorUnits() {
        Agent office = site("CAINUOC.UBND", "969", "DISTRICT_OFFICE");
        String f = "CN-UBND-" + unique();
        record(office, store("KHO-1", "Kho UBND huyện Cái Nước", "Khóm 2, thị trấn Cái Nước"),
                fonds(f, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", "969", "1976-01-01", "2025-06-30"),
                box("H1", f, "KHO-1", "0.10", true), file(f, "HS-1", "H1", "Hồ sơ quy hoạch sử dụng đất", 40));

        // Cái Nước, Lương Thế Trân, Tân Hưng, Hưng Mỹ, and Phú Mỹ through part of xã Hòa Mỹ.
        List<String> successors = lineage.successors("969", AFTER).stream().map(l -> l.unit().name()).toList();
        assertThat(successors).containsExactlyInAnyOrder("Cái Nước", "Lương Thế Trân", "Tân Hưng", "Hưng Mỹ", "Phú Mỹ");

        for (String unit : List.of("32128@2025-07-01", "32140@2025-07-01", lineage.unit("32214", AFTER).unitCode())) {
            assertThat(lineage.fonds(unit, AFTER, 0, 50).items()).as(unit)
                    .anySatisfy(h -> {
                        assertThat(h.fondsCode()).isEqualTo(f);
                        assertThat(h.relation()).isEqualTo("CREATED_BY");
                        assertThat(h.via()).isEqualTo("969");
                    });
            assertThat(lineage.boxes(unit, AFTER, 0, 50).items()).as(unit)
                    .anySatisfy(b -> {
                        assertThat(b.boxCode()).isEqualTo("H1");
                        assertThat(b.locationName()).isEqualTo("Kho UBND huyện Cái Nước");
                        assertThat(b.sealNumber()).isEqualTo("NP-H1");
                    });
            assertThat(lineage.files(unit, AFTER, 0, 50).items()).as(unit)
                    .anySatisfy(x -> assertThat(x.fileCode() + " " + x.locationCode()).isEqualTo("HS-1 KHO-1"));
        }
        // Đầm Dơi's new communes were never part of huyện Cái Nước.
        assertThat(lineage.fonds("32152@2025-07-01", AFTER, 0, 50).items()).noneMatch(h -> h.fondsCode().equals(f));
    }

    @Test
    void fondsOfTheOldTaAnKhuongAppearUnderBothSuccessorsButANewUnitsOwnFondsOnlyUnderItself() {
        Agent commune = site("TAANKHUONG", "32155", "COMMUNE");
        String old = "TAK-CU-" + unique();
        String current = "TAK-MOI-" + unique();
        record(commune, fonds(old, "Phông UBND xã Tạ An Khương", "UBND xã Tạ An Khương", "32155", "1990-01-01", "2025-06-30"),
                fonds(current, "Phông UBND xã Tạ An Khương (mới)", "UBND xã Tạ An Khương", "32155", "2025-07-01", null));

        assertThat(codes(lineage.fonds("32155@2025-07-01", AFTER, 0, 100).items())).contains(old, current);
        assertThat(codes(lineage.fonds("32152@2025-07-01", AFTER, 0, 100).items())).contains(old).doesNotContain(current);
    }

    @Test
    void unitsRestAnswersWithPredecessorsAndProblemsForBadParameters() {
        http.get().uri("/api/units/32155?asOf=2025-08-01").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.unit.unitCode").isEqualTo("32155@2025-07-01")
                .jsonPath("$.predecessors[?(@.unit.unitCode == '32155')].coverage").isEqualTo(List.of("PART"));
        http.get().uri("/api/units?level=WARD&validOn=2025-08-01&size=100").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(9);
        http.get().uri("/api/units?name=cai nuoc&size=5").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].name").exists();
        http.get().uri("/api/units/32155/fonds?size=0").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.title").isEqualTo("Tham số không hợp lệ")
                .jsonPath("$.errors[0].parameter").isEqualTo("size");
        http.get().uri("/api/units/32155?asOf=01-08-2025").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.errors[0].parameter").isEqualTo("asOf");
        http.get().uri("/api/units/99999").exchange().expectStatus().isNotFound().expectHeader()
                .contentTypeCompatibleWith("application/problem+json");
        http.get().uri("/api/units/96").header("Accept-Language", "en").exchange().expectStatus().isOk();
    }

    private long count(String fromWhere) {
        return jdbc.sql("SELECT count(*) FROM " + fromWhere).query(Long.class).single();
    }

    private static List<String> codes(List<Lineage.FondsHolding> fonds) {
        return fonds.stream().map(Lineage.FondsHolding::fondsCode).toList();
    }
}
