package org.archivesync.hub.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The forecast of one milestone from its target, what is done and the window's activity, by itself (no database). */
class ForecastTest {

    private static final LocalDate DUE = LocalDate.parse("2025-06-16");

    @Test
    void aZeroTargetIsNothingToDoEvenOnItsDueDate() {
        MilestoneProgress p = Forecast.forecast(MilestoneKind.TRANSFERRED, "Nộp lưu", DUE, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, 14, DUE);
        assertThat(p.status()).isEqualTo(MilestoneStatus.NOTHING_TO_DO);
        assertThat(p.atRisk()).isFalse();
    }

    @Test
    void theForecastCountsFromTheAsOfDay() {
        // 3 m left at 7 m in 14 days = 0.5 m/day: 6 days from 12/6 is 18/6, two days after 16/6.
        MilestoneProgress p = Forecast.forecast(MilestoneKind.SEALED, "Niêm phong", DUE, new BigDecimal("10.00"),
                new BigDecimal("7.00"), new BigDecimal("7.00"), 14, LocalDate.parse("2025-06-12"));
        assertThat(p.forecastOn()).isEqualTo(LocalDate.parse("2025-06-18"));
        assertThat(p.daysLate()).isEqualTo(2);
        assertThat(p.status()).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(Forecast.forecast(MilestoneKind.SEALED, "Niêm phong", LocalDate.parse("2025-06-20"), new BigDecimal("10.00"),
                new BigDecimal("7.00"), new BigDecimal("7.00"), 14, LocalDate.parse("2025-06-12")).status())
                .isEqualTo(MilestoneStatus.ON_TRACK);
    }

    @Test
    void achievedAtOrOverTheTargetIsDoneAndTheFractionStopsAtOne() {
        MilestoneProgress p = Forecast.forecast(MilestoneKind.SEALED, "Niêm phong", DUE, new BigDecimal("10.00"),
                new BigDecimal("12.00"), BigDecimal.ZERO, 14, LocalDate.parse("2025-07-01"));
        assertThat(p.status()).isEqualTo(MilestoneStatus.DONE);
        assertThat(p.fraction()).isEqualByComparingTo("1");
        assertThat(p.forecastOn()).isNull();
        assertThat(p.atRisk()).isFalse();
    }

    @Test
    void workLeftWithNothingMovingIsAtRiskWithoutAForecastDay() {
        MilestoneProgress p = Forecast.forecast(MilestoneKind.HANDED_OVER, "Bàn giao", DUE, new BigDecimal("1.00"),
                BigDecimal.ZERO, BigDecimal.ZERO, 14, LocalDate.parse("2025-06-01"));
        assertThat(p.status()).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(p.atRisk()).isTrue();
        assertThat(p.forecastOn()).isNull();
        assertThat(p.daysLate()).isNull();
        assertThat(p.fraction()).isEqualByComparingTo("0");
    }

    @Test
    void aMilestoneNoOfficeIsMeasuredOnIsNeverAtRisk() {
        MilestoneProgress p = Forecast.notMeasured(MilestoneKind.HANDED_OVER, "Bàn giao", DUE);
        assertThat(p.kind()).isEqualTo(MilestoneKind.HANDED_OVER);
        assertThat(p.status()).isEqualTo(MilestoneStatus.NOT_MEASURED);
        assertThat(p.atRisk()).isFalse();
        assertThat(p.fraction()).isNull();
    }
}
