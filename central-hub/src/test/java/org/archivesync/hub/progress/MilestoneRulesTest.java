package org.archivesync.hub.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** What each milestone kind measures and on which offices, by themselves. */
class MilestoneRulesTest {

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
        Figures f = new Figures(new BigDecimal("1237.10"), new BigDecimal("1104.00"),
                new BigDecimal("133.10"), new BigDecimal("0.22"), new BigDecimal("0.10"), BigDecimal.ZERO, 0, 0, 0, 0, 0,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 1, 0, 0);
        assertThat(MilestoneRules.basis(MilestoneKind.SEALED, f).target()).isEqualByComparingTo("133.10");
        assertThat(MilestoneRules.basis(MilestoneKind.SEALED, f).achieved()).isEqualByComparingTo("0.10");
    }
}
