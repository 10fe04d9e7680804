package org.archivesync.hub.asof;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which events a day takes, and which newer events make its copy stale: no database. */
class CopyStateTest {

    private static final LocalDate DAY = LocalDate.parse("2025-06-10");
    /** 10/6/2025 ends at 17:00 UTC (Việt Nam is UTC+7). */
    private static final Instant END = Instant.parse("2025-06-10T17:00:00Z");

    @Test
    void theDayEndsAtMidnightInVietnam() {
        assertThat(DayPrefix.cutoff(DAY)).isEqualTo(END);
    }

    @Test
    void anOfficeIsTakenUpToItsFirstEventAfterTheDay() {
        DayPrefix prefix = new DayPrefix(DAY);
        assertThat(prefix.takes("A", 1, END.minusSeconds(1))).isTrue();
        assertThat(prefix.takes("B", 1, END.minusSeconds(3600))).isTrue();
        assertThat(prefix.takes("A", 2, END)).isFalse();
        // The office's clock went back: on the day, but after an event of a later day, so not in the day's state.
        assertThat(prefix.takes("A", 3, END.minusSeconds(60))).isFalse();
        assertThat(prefix.takes("B", 2, null)).isFalse();
        assertThat(prefix.takes("B", 3, END.minusSeconds(60))).isTrue();

        CopyState state = prefix.state(null, 3);
        assertThat(state.cut()).containsExactly("A");
        assertThat(state.seen()).isEqualTo(Map.of("A", 3L, "B", 3L));
    }

    @Test
    void onlyQuietOfficesThatMovedAreLookedAt() {
        CopyState state = new CopyState(DAY, END, Map.of("A", 3L, "B", 3L, "C", 5L), java.util.Set.of("A"), null, 4);
        assertThat(state.toLookAt(Map.of("A", 9L, "B", 4L, "C", 5L, "D", 1L))).containsExactly("B", "D");
    }

    @Test
    void aLateEventOnTheDayMakesTheCopyStale() {
        CopyState state = new CopyState(DAY, END, Map.of("B", 3L), java.util.Set.of(), null, 3);
        CopyState.Look look = state.look("B", List.of(new CopyState.Next(4, null),
                new CopyState.Next(5, END.minusSeconds(1))));
        assertThat(look.stale()).isTrue();
    }

    @Test
    void aFirstNewEventAfterTheDayCutsTheOfficeForGood() {
        CopyState state = new CopyState(DAY, END, Map.of("B", 3L), java.util.Set.of(), null, 3);
        CopyState.Look look = state.look("B", List.of(new CopyState.Next(4, null), new CopyState.Next(5, END),
                new CopyState.Next(6, END.minusSeconds(1))));
        assertThat(look.stale()).isFalse();
        assertThat(look.state().cut()).containsExactly("B");
        assertThat(look.state().toLookAt(Map.of("B", 99L))).isEmpty();
    }

    @Test
    void withheldEventsAloneMoveWhatWasSeen() {
        CopyState state = new CopyState(DAY, END, Map.of(), java.util.Set.of(), null, 0);
        CopyState.Look look = state.look("B", Arrays.asList(new CopyState.Next(1, null), new CopyState.Next(2, null)));
        assertThat(look.stale()).isFalse();
        assertThat(look.state().seen()).containsEntry("B", 2L);
        assertThat(look.state().cut()).isEmpty();
    }

    @Test
    void aRedactionSinceTheCopyMakesItStale() {
        CopyState never = new CopyState(DAY, END, Map.of(), java.util.Set.of(), null, 0);
        assertThat(never.redactedSince(null)).isFalse();
        assertThat(never.redactedSince(END)).isTrue();
        CopyState once = new CopyState(DAY, END, Map.of(), java.util.Set.of(), END, 0);
        assertThat(once.redactedSince(END)).isFalse();
        assertThat(once.redactedSince(END.plusMillis(1))).isTrue();
    }
}
