package org.archivesync.agent.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.archivesync.agent.importer.CellValues.Access;
import org.archivesync.agent.importer.CellValues.Count;
import org.archivesync.agent.importer.CellValues.DateSpan;
import org.archivesync.agent.importer.CellValues.Retention;
import org.archivesync.agent.importer.CellValues.When;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CellValuesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "05/03/2003|2003-03-05|DAY|2003-03-05|DAY|false",
            "5/3/2003|2003-03-05|DAY|2003-03-05|DAY|false",
            "05-03-2003|2003-03-05|DAY|2003-03-05|DAY|false",
            "05.03.2003|2003-03-05|DAY|2003-03-05|DAY|false",
            "03/2003|2003-03-01|MONTH|2003-03-01|MONTH|false",
            "06/2003|2003-06-01|MONTH|2003-06-01|MONTH|false",
            "6/2003|2003-06-01|MONTH|2003-06-01|MONTH|false",
            "T6/2003|2003-06-01|MONTH|2003-06-01|MONTH|false",
            "tháng 6/2003|2003-06-01|MONTH|2003-06-01|MONTH|false",
            "02/2004|2004-02-01|MONTH|2004-02-01|MONTH|false",
            "tháng 6 năm 2004|2004-06-01|MONTH|2004-06-01|MONTH|false",
            "Ngày 17 tháng 5 năm 2003|2003-05-17|DAY|2003-05-17|DAY|false",
            "năm 2003|2003-01-01|YEAR|2003-01-01|YEAR|false",
            "Năm 2003|2003-01-01|YEAR|2003-01-01|YEAR|false",
            "2003|2003-01-01|YEAR|2003-01-01|YEAR|false",
            "2001-2004|2001-01-01|YEAR|2004-01-01|YEAR|true",
            "2008 - 2009|2008-01-01|YEAR|2009-01-01|YEAR|true",
            "2001–2004|2001-01-01|YEAR|2004-01-01|YEAR|true",
            "từ 2001 đến 2004|2001-01-01|YEAR|2004-01-01|YEAR|true",
            "01/2001 - 12/2004|2001-01-01|MONTH|2004-12-01|MONTH|true",
            "03/2008-05/2009|2008-03-01|MONTH|2009-05-01|MONTH|true",
            "12/3/2008 - 4/5/2009|2008-03-12|DAY|2009-05-04|DAY|true",
            "1-2-2001 - 5-6-2004|2001-02-01|DAY|2004-06-05|DAY|true",
            "2003-05-17|2003-05-17|DAY|2003-05-17|DAY|false",
            "37758|2003-05-17|DAY|2003-05-17|DAY|false"})
    void readsDatesAsOfficesWriteThemWithoutInventingADay(String text, LocalDate start, DatePrecision startPrecision,
                                                           LocalDate end, DatePrecision endPrecision, boolean range) {
        assertThat(CellValues.parseDate(text))
                .isEqualTo(new DateSpan(new When(start, startPrecision), new When(end, endPrecision), range));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2004-03-01|MONTH|2004-01-01|YEAR|false",
            "2005-01-01|YEAR|2004-06-01|MONTH|true",
            "2004-03-05|DAY|2004-03-01|MONTH|false",
            "2004-03-05|DAY|2004-03-04|DAY|true"})
    void comparesStartAndEndAtThePrecisionWritten(LocalDate start, DatePrecision startPrecision, LocalDate end,
                                                  DatePrecision endPrecision, boolean reversed) {
        assertThat(CellValues.endsBeforeStart(new When(start, startPrecision), new When(end, endPrecision)))
                .isEqualTo(reversed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"32/13/2003", "31/02/2003", "2003/05", "5/3/03", "hôm qua", "1700", "12"})
    void leavesImpossibleOrUnclearDatesUnread(String text) {
        assertThat(CellValues.parseDate(text)).isNull();
    }

    @Test
    void readsExcelDateSerialsAndBareYearNumbers() {
        assertThat(CellValues.dateFromNumber(37758, false))
                .isEqualTo(DateSpan.of(new When(LocalDate.of(2003, 5, 17), DatePrecision.DAY)));
        assertThat(CellValues.dateFromNumber(2003, false))
                .isEqualTo(DateSpan.of(new When(LocalDate.of(2003, 1, 1), DatePrecision.YEAR)));
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
            "05 năm|FIXED_TERM|5",
            "Lâu dài|LEGACY_LONG_TERM|-",
            "LÂU DÀI|LEGACY_LONG_TERM|-",
            "lau dai|LEGACY_LONG_TERM|-",
            "Tạm thời|LEGACY_TEMPORARY|-",
            "tạm thời|LEGACY_TEMPORARY|-"})
    void readsRetentionAsOfficesWriteIt(String text, RetentionKind kind, Integer years) {
        assertThat(CellValues.parseRetention(text)).isEqualTo(new Retention(kind, years));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "10 tháng", "lâu", "tạm"})
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
