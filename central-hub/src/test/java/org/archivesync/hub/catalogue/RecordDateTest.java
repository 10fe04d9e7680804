package org.archivesync.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.archivesync.avro.DatePrecision;
import org.junit.jupiter.api.Test;

/** Dates as a mục lục states them: shown, written for REST, bounded and sorted to their precision. */
class RecordDateTest {

    @Test
    void aDateIsShownToItsPrecisionAndNeverWithAnInventedDay() {
        assertThat(RecordDate.of(LocalDate.parse("2003-01-01"), "YEAR").text()).isEqualTo("2003");
        assertThat(RecordDate.of(LocalDate.parse("2003-06-01"), "MONTH").text()).isEqualTo("06/2003");
        assertThat(RecordDate.of(LocalDate.parse("2003-06-12"), "DAY").text()).isEqualTo("12/06/2003");
        assertThat(RecordDate.of(LocalDate.parse("2003-06-12"), null).text()).isEqualTo("12/06/2003");
        assertThat(RecordDate.of(null, "YEAR")).isNull();
    }

    @Test
    void restTextRoundTripsWithItsPrecision() {
        for (String iso : List.of("2003", "2003-06", "2003-06-12")) {
            assertThat(RecordDate.ofIso(iso).iso()).isEqualTo(iso);
        }
        assertThat(RecordDate.ofIso("2003").precision()).isEqualTo("YEAR");
        assertThat(RecordDate.ofIso("2003-06").precision()).isEqualTo("MONTH");
    }

    @Test
    void aYearOrMonthReachesTheLastDayOfItsPeriod() {
        assertThat(RecordDate.of(LocalDate.parse("2003-01-01"), "YEAR").lastDay()).isEqualTo("2003-12-31");
        assertThat(RecordDate.of(LocalDate.parse("2004-02-01"), "MONTH").lastDay()).isEqualTo("2004-02-29");
        assertThat(RecordDate.firstDay(LocalDate.parse("2003-06-15"), DatePrecision.MONTH)).isEqualTo("2003-06-01");
        assertThat(RecordDate.firstDay(LocalDate.parse("2003-06-15"), DatePrecision.YEAR)).isEqualTo("2003-01-01");
    }

    @Test
    void sortingPutsTheWiderPeriodFirstOnTheSameFirstDay() {
        List<RecordDate> dates = new ArrayList<>(List.of(RecordDate.ofIso("2003-01-01"), RecordDate.ofIso("2002-12-31"),
                RecordDate.ofIso("2003-01"), RecordDate.ofIso("2003"), RecordDate.ofIso("2003-02")));
        dates.sort(RecordDate.CHRONOLOGY);
        assertThat(dates).extracting(RecordDate::text)
                .containsExactly("31/12/2002", "2003", "01/2003", "01/01/2003", "02/2003");
    }
}
