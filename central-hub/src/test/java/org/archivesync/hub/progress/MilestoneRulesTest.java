package org.archivesync.hub.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.archivesync.hub.progress.Progress.MilestoneStatus;
import org.junit.jupiter.api.Test;

/** What each milestone kind measures and on which offices, and the status rules, by themselves. */
class MilestoneRulesTest {

    private static final LocalDate DUE = LocalDate.parse("2025-06-16");

    @Test
    void eachKindIsMeasuredOnTheOfficesThatDoTheWork() {
        // former unit (sends), new commune (receives), neither (a department of the new province)
        assertThat(MilestoneRules.measuredOn(MilestoneKind.SEALED, false, true)).isTrue();
        assertThat(MilestoneRules.measuredOn(MilestoneKind.TRANSFERRED, true, false)).isTrue();
        assertThat(MilestoneRules.measuredOn(MilestoneKind.TRANSFERRED, false, false)).isTrue();
        assertThat(MilestoneRules.measuredOn(MilestoneKind.TRANSFERRED, false, true)).isFalse();
        assertThat(MilestoneRules.measuredOn(MilestoneKind.HANDED_OVER, true, false)).isTrue();
        assertThat(MilestoneRules.measuredOn(MilestoneKind.HANDED_OVER, false, true)).isFalse();
        assertThat(MilestoneRules.measuredOn(MilestoneKind.HANDED_OVER, false, false)).isFalse();
    }

    @Test
    void sealedIsAgainstSortedMetresNotTheUnsortedBacklog() {
        // Trần Văn Thời: 133.1 m sorted, 1,104 m unsorted; 0.10 m sealed.
        Progress.Figures f = new Progress.Figures(new BigDecimal("1237.10"), new BigDecimal("1104.00"),
                new BigDecimal("133.10"), new BigDecimal("0.22"), new BigDecimal("0.10"), BigDecimal.ZERO, 0, 0, 0, 0, 0,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 1, 0, 0);
        assertThat(MilestoneRules.basis(MilestoneKind.SEALED, f).target()).isEqualByComparingTo("133.10");
        assertThat(MilestoneRules.basis(MilestoneKind.SEALED, f).achieved()).isEqualByComparingTo("0.10");
    }

    @Test
    void aZeroTargetIsNothingToDoEvenOnItsDueDate() {
        Progress.MilestoneProgress p = MilestoneRules.forecast("TRANSFERRED", "Nộp lưu", DUE, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, 14, DUE);
        assertThat(p.status()).isEqualTo(MilestoneStatus.NOTHING_TO_DO);
        assertThat(p.atRisk()).isFalse();
    }

    @Test
    void theForecastCountsFromTheAsOfDay() {
        // 3 m left at 7 m in 14 days = 0.5 m/day: 6 days from 12/6 is 18/6, two days after 16/6.
        Progress.MilestoneProgress p = MilestoneRules.forecast("SEALED", "Niêm phong", DUE, new BigDecimal("10.00"),
                new BigDecimal("7.00"), new BigDecimal("7.00"), 14, LocalDate.parse("2025-06-12"));
        assertThat(p.forecastOn()).isEqualTo(LocalDate.parse("2025-06-18"));
        assertThat(p.daysLate()).isEqualTo(2);
        assertThat(p.status()).isEqualTo(MilestoneStatus.AT_RISK);
        assertThat(MilestoneRules.forecast("SEALED", "Niêm phong", LocalDate.parse("2025-06-20"), new BigDecimal("10.00"),
                new BigDecimal("7.00"), new BigDecimal("7.00"), 14, LocalDate.parse("2025-06-12")).status())
                .isEqualTo(MilestoneStatus.ON_TRACK);
    }
}
