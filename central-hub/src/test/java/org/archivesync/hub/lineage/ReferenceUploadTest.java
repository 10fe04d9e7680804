package org.archivesync.hub.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.archivesync.hub.fixtures.DomainTest;
import org.archivesync.hub.testing.TestOperators;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Operators load or correct units and lineage from CSV: dry run, per-row errors, idempotent real runs. */
class ReferenceUploadTest extends DomainTest {

    @Autowired
    Lineage lineage;

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    @Test
    void dryRunReportsEveryRefusedValueAndKeepsNothing() {
        String csv = """
                # a correction sheet
                new_unit_name,new_unit_type,old_units,old_district,source_resolution
                Tân Thuận,xa,xã Tân Đức;xã Tân Thuận,huyện Đầm Dơi,1655/NQ-UBTVQH15
                Tân Tiến,xa,xã Nguyễn Huân;xã Không Có,huyện Đầm Dơi,1655/NQ-UBTVQH15
                Không Có,xa,xã Tân Trung,huyện Đầm Dơi,1655/NQ-UBTVQH15
                Trần Phán,xa,xã Tân Trung;xã Trần Phán,quận Đầm Dơi,
                """;
        long before = count("unit_lineage");

        ReferenceLoadReport report = upload("lineage", csv, true);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.rowsRead()).isEqualTo(4);
        assertThat(report.rowsRejected()).isEqualTo(3);
        assertThat(report.lineageChanged()).isZero();
        assertThat(report.errors()).extracting(e -> e.row() + ":" + e.column() + ":" + e.value())
                .containsExactly("4:old_units:xã Không Có", "5:new_unit_name:Không Có",
                        "6:source_resolution:", "6:old_district:quận Đầm Dơi", "6:old_units:xã Tân Trung",
                        "6:old_units:xã Trần Phán");
        assertThat(report.errors().get(0).reason()).contains("was valid on 2025-06-30");
        assertThat(count("unit_lineage")).isEqualTo(before);
        assertThat(count("reference_loads WHERE origin = 'UPLOAD'")).isZero();
    }

    @Test
    void realRunAppliesValidRowsOnceAndCorrectsAMapping() {
        String units = """
                unit_name,unit_type,code,valid_from,source
                Thử Nghiệm,xa,99901,2030-01-01,Nghị quyết thử
                Sai Ngày,xa,99902,01/01/2030,Nghị quyết thử
                Sai Mã,xa,9A,,Nghị quyết thử
                """;
        ReferenceLoadReport first = upload("units", units, false);
        ReferenceLoadReport again = upload("units", units, false);

        assertThat(first.rowsRejected()).isEqualTo(2);
        assertThat(first.errors()).extracting(e -> e.row() + ":" + e.column()).containsExactly("3:valid_from", "4:code");
        assertThat(first.unitsChanged()).isEqualTo(1);
        assertThat(again.unitsChanged()).isZero();
        // The one province valid on its first day.
        assertThat(jdbc.sql("SELECT parent_unit_code FROM units WHERE unit_code = '99901@2030-01-01'").query(String.class)
                .single()).isEqualTo("96@2025-07-01");

        String wrong = """
                new_unit_name,new_unit_type,old_units,old_district,source_resolution,effective_on
                Thử Nghiệm,xa,xã Hồ Thị Kỷ;xã Tân Lộc,,Nghị quyết thử,2030-01-01
                """;
        String corrected = """
                new_unit_name,new_unit_type,old_units,old_district,source_resolution,effective_on,new_unit_code
                Thử Nghiệm,xa,xã Hồ Thị Kỷ,,Nghị quyết thử,2030-01-01,99901
                """;
        assertThat(upload("lineage", wrong, false).lineageChanged()).isEqualTo(2);
        assertThat(upload("lineage", corrected, false).lineageChanged()).as("xã Tân Lộc removed").isOne();
        assertThat(upload("lineage", corrected, false).lineageChanged()).isZero();
        // A real run is recorded under the signed-in user's name.
        assertThat(jdbc.sql("SELECT DISTINCT loaded_by FROM reference_loads WHERE origin = 'UPLOAD'").query(String.class)
                .list()).containsExactly(TestOperators.USERNAME);
        LocalDate on = LocalDate.parse("2030-02-01");
        assertThat(lineage.predecessors("99901@2030-01-01", on)).extracting(l -> l.unit().unitCode() + " " + l.coverage())
                .startsWith("32092@2025-07-01 WHOLE");
        assertThat(lineage.unit("32083", on).validTo()).isNull();
        // huyện Thới Bình ended on 2025-06-30: it cannot be named in 2030.
        assertThat(upload("lineage", wrong.replace(",,Nghị", ",huyện Thới Bình,Nghị"), true).errors())
                .extracting(RowError::column).containsExactly("old_district");
    }

    @Test
    void uploadOfAFileWithoutTheHeaderIsRefusedRowByRow() {
        ReferenceLoadReport report = upload("units", "a,b,c\n1,2,3\n", true);
        assertThat(report.rowsRejected()).isOne();
        assertThat(report.errors()).extracting(RowError::column)
                .containsExactly("unit_name", "unit_type", "code", "valid_from", "source");
    }

    @Test
    void badUploadParametersAreProblems() {
        http.post().uri("/api/reference/towns?dryRun=true").contentType(CSV).body("x").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].parameter").isEqualTo("kind");
        http.post().uri("/api/reference/units?dryRun=maybe").contentType(CSV).body("x").exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].parameter").isEqualTo("dryRun");
        http.post().uri("/api/reference/units").contentType(CSV).body(new byte[] {(byte) 0xC3, 0x28}).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].parameter").isEqualTo("file");
    }

    private ReferenceLoadReport upload(String kind, String csv, boolean dryRun) {
        return http.post().uri("/api/reference/" + kind + "?dryRun=" + dryRun).contentType(CSV)
                .body(csv.getBytes(java.nio.charset.StandardCharsets.UTF_8)).exchange()
                .expectStatus().isOk().returnResult(ReferenceLoadReport.class).getResponseBody();
    }

    private long count(String fromWhere) {
        return jdbc.sql("SELECT count(*) FROM " + fromWhere).query(Long.class).single();
    }
}
