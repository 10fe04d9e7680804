package org.archivesync.agent.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.archivesync.agent.importer.CellValues.Access;
import org.archivesync.agent.importer.CellValues.Count;
import org.archivesync.agent.importer.CellValues.DateSpan;
import org.archivesync.agent.importer.CellValues.Retention;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CellValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "05/03/2003|2003-03-05|2003-03-05",
            "5/3/2003|2003-03-05|2003-03-05",
            "05-03-2003|2003-03-05|2003-03-05",
            "05.03.2003|2003-03-05|2003-03-05",
            "03/2003|2003-03-01|2003-03-31",
            "02/2004|2004-02-01|2004-02-29",
            "tháng 6 năm 2004|2004-06-01|2004-06-30",
            "Ngày 17 tháng 5 năm 2003|2003-05-17|2003-05-17",
            "năm 2003|2003-01-01|2003-12-31",
            "Năm 2003|2003-01-01|2003-12-31",
            "2003|2003-01-01|2003-12-31",
            "2001-2004|2001-01-01|2004-12-31",
            "2001 - 2004|2001-01-01|2004-12-31",
            "2001–2004|2001-01-01|2004-12-31",
            "từ 2001 đến 2004|2001-01-01|2004-12-31",
            "01/2001 - 12/2004|2001-01-01|2004-12-31",
            "1-2-2001 - 5-6-2004|2001-02-01|2004-06-05",
            "2003-05-17|2003-05-17|2003-05-17",
            "37758|2003-05-17|2003-05-17"})
    void readsDatesAsOfficesWriteThem(String text, LocalDate start, LocalDate end) {
        assertThat(CellValues.parseDate(text)).isEqualTo(new DateSpan(start, end));
    }

    @ParameterizedTest
    @ValueSource(strings = {"32/13/2003", "31/02/2003", "2003/05", "5/3/03", "hôm qua", "1700", "12"})
    void leavesImpossibleOrUnclearDatesUnread(String text) {
        assertThat(CellValues.parseDate(text)).isNull();
    }

    @Test
    void readsExcelDateSerialsAndBareYearNumbers() {
        assertThat(CellValues.dateFromNumber(37758, false))
                .isEqualTo(new DateSpan(LocalDate.of(2003, 5, 17), LocalDate.of(2003, 5, 17)));
        assertThat(CellValues.dateFromNumber(2003, false))
                .isEqualTo(new DateSpan(LocalDate.of(2003, 1, 1), LocalDate.of(2003, 12, 31)));
        assertThat(CellValues.dateFromNumber(12, false)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "Vĩnh viễn|PERMANENT|-",
            "VĨNH VIỄN|PERMANENT|-",
            "vinh vien|PERMANENT|-",
            "VV|PERMANENT|-",
            "10 năm|FIXED_TERM|10",
            "10|FIXED_TERM|10",
            "70|FIXED_TERM|70",
            "05 năm|FIXED_TERM|5"})
    void readsRetentionAsOfficesWriteIt(String text, RetentionKind kind, Integer years) {
        assertThat(CellValues.parseRetention(text)).isEqualTo(new Retention(kind, years));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Lâu dài", "0", "tạm thời", "10 tháng"})
    void leavesUnknownRetentionUnread(String text) {
        assertThat(CellValues.parseRetention(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "''|OPEN|-",
            "Thường|OPEN|-",
            "Công khai|OPEN|-",
            "Sử dụng rộng rãi|OPEN|-",
            "Hạn chế|RESTRICTED|-",
            "Hạn chế sử dụng|RESTRICTED|-",
            "Mật|STATE_SECRET|CONFIDENTIAL",
            "TỐI MẬT|STATE_SECRET|SECRET",
            "Tuyệt mật|STATE_SECRET|TOP_SECRET"})
    void readsAccessRegimesAndSecretLevels(String text, AccessRegime regime, SecretLevel level) {
        assertThat(CellValues.parseAccess(text)).isEqualTo(new Access(regime, level));
    }

    @Test
    void leavesAnUnknownAccessRegimeUnread() {
        assertThat(CellValues.parseAccess("Nội bộ")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "12|12|-",
            "12 tờ|12|-",
            "12 trang|12|-",
            "-3|-|NEGATIVE_COUNT",
            "mười hai|-|UNPARSEABLE_NUMBER",
            "12,5|-|UNPARSEABLE_NUMBER"})
    void readsCountsAsNumbersOrText(String text, Integer value, ProblemReason problem) {
        assertThat(CellValues.parseCount(text)).isEqualTo(new Count(value, problem));
    }

    @Test
    void readsLanguagesAsIsoCodes() {
        assertThat(CellValues.parseLanguage("Tiếng Việt")).isEqualTo("vi");
        assertThat(CellValues.parseLanguage("Việt, Anh")).isEqualTo("vi,en");
        assertThat(CellValues.parseLanguage("Tiếng Việt và tiếng Khmer")).isEqualTo("vi,km");
        assertThat(CellValues.parseLanguage("Hán Nôm")).isNull();
    }
}
