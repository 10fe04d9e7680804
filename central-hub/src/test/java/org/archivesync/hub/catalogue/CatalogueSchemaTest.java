package org.archivesync.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.archivesync.hub.database.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** The catalogue's constraints hold in PostgreSQL itself, whatever code writes to it. */
class CatalogueSchemaTest {

    private static JdbcClient jdbc;

    @BeforeAll
    static void migrate() {
        DriverManagerDataSource ds = new DriverManagerDataSource(TestDatabase.newDatabase(), "postgres", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(ds);
        jdbc.sql("INSERT INTO sites (site_code, name, role) VALUES ('CM.CAINUOC.UBND', 'UBND huyện Cái Nước', 'DISTRICT_OFFICE')").update();
    }

    @Test
    void foldingIgnoresVietnameseDiacriticsAndCase() {
        assertThat(jdbc.sql("SELECT archive_fold('Hồ sơ huyện CÁI NƯỚC, Đầm Dơi')").query(String.class).single())
                .isEqualTo("ho so huyen cai nuoc, dam doi");
    }

    @Test
    void secretFileCannotCarryATitle() {
        assertThatThrownBy(() -> insertFile("S-1", "'Tiêu đề mật'", "'STATE_SECRET'", "'SECRET'", "'PERMANENT'", "NULL"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(insertFile("S-2", "NULL", "'STATE_SECRET'", "'SECRET'", "'PERMANENT'", "NULL")).isEqualTo(1);
    }

    @Test
    void fixedTermRetentionNeedsPositiveYears() {
        assertThatThrownBy(() -> insertFile("R-1", "'Hồ sơ'", "'OPEN'", "NULL", "'FIXED_TERM'", "0"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThatThrownBy(() -> insertFile("R-2", "'Hồ sơ'", "'OPEN'", "NULL", "'FIXED_TERM'", "NULL"))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(insertFile("R-3", "'Hồ sơ'", "'OPEN'", "NULL", "'FIXED_TERM'", "10")).isEqualTo(1);
    }

    @Test
    void appliedDestructionNeedsTwoDistinctApprovers() {
        String insert = """
                INSERT INTO destructions (destruction_id, site_code, decision_ref, first_approver, second_approver,
                    minutes_number, metres, destroyed_on, status, refusal, sequence, recorded_at)
                VALUES (gen_random_uuid(), 'CM.CAINUOC.UBND', 'QĐ 12', 'Nguyễn Văn A', :second, 'BB 3', 0.5,
                    DATE '2025-06-01', :status, :refusal, 7, now())""";
        assertThatThrownBy(() -> jdbc.sql(insert).param("second", " nguyễn văn a").param("status", "APPLIED")
                .param("refusal", null).update()).isInstanceOf(DataIntegrityViolationException.class);
        assertThat(jdbc.sql(insert).param("second", "Nguyễn Văn A").param("status", "REFUSED")
                .param("refusal", "same approver twice").update()).isEqualTo(1);
        assertThat(jdbc.sql(insert).param("second", "Trần Thị B").param("status", "APPLIED")
                .param("refusal", null).update()).isEqualTo(1);
    }

    private static int insertFile(String code, String title, String regime, String level, String retention, String years) {
        return jdbc.sql("""
                INSERT INTO files (fonds_code, file_code, site_code, holder_site_code, title, retention, retention_years,
                    access_regime, secret_level, recorded_sequence, last_sequence, updated_at)
                VALUES ('F1', '%s', 'CM.CAINUOC.UBND', 'CM.CAINUOC.UBND', %s, %s, %s, %s, %s, 1, 1, now())"""
                .formatted(code, title, retention, years, regime, level)).update();
    }
}
