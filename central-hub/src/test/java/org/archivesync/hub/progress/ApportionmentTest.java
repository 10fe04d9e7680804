package org.archivesync.hub.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The split of one office's figures over new communes, by itself (no database). */
class ApportionmentTest {

    private static final Map<String, Long> THREE_AND_SHARED = weights(500, 300, 200, 101);

    @Test
    void partsAddUpExactlyAndTheRoundingRemainderGoesToTheLargestShare() {
        // 123.45 m over sheets 500/300/200/101: rounded down 56.06, 33.63, 22.42, 11.32 (123.43); +0.02 to the largest.
        assertThat(Apportionment.split(new BigDecimal("123.45"), THREE_AND_SHARED)).containsExactly(
                Map.entry("a", new BigDecimal("56.08")), Map.entry("b", new BigDecimal("33.63")),
                Map.entry("c", new BigDecimal("22.42")), Map.entry("shared", new BigDecimal("11.32")));
    }

    @Test
    void everyFieldOfTheFiguresSumsToTheWholeNeverMore() {
        Figures whole = new Figures(new BigDecimal("1237.10"), new BigDecimal("1104.00"),
                new BigDecimal("133.10"), new BigDecimal("0.22"), new BigDecimal("0.10"), new BigDecimal("0.03"), 7, 5, 1,
                1, 0, new BigDecimal("0.01"), new BigDecimal("0.02"), new BigDecimal("0.00"), new BigDecimal("0.33"),
                new BigDecimal("0.05"), 1, 1, 2);
        Map<String, Figures> parts = Apportionment.split(whole, THREE_AND_SHARED);
        Figures sum = parts.values().stream().reduce(Figures.ZERO, (x, y) -> withFonds(x.plus(y)));
        assertThat(withFonds(sum)).usingRecursiveComparison().withComparatorForType(BigDecimal::compareTo, BigDecimal.class)
                .isEqualTo(withFonds(whole));
        // Counts go by the largest remainders: 5 files over 500/300/200/101 sheets are 2, 1, 1, 1 (not 4, 1, 0, 0).
        assertThat(parts.values()).extracting(Figures::fileCount).containsExactly(2L, 1L, 1L, 1L);
        // Where the packing figures come from is said by every part, not split.
        assertThat(parts.values()).allSatisfy(p -> assertThat(p.packingSource()).isEqualTo("MIXED"));
    }

    @Test
    void oneWeightTakesEverything() {
        assertThat(Apportionment.split(new BigDecimal("20.00"), Map.of("shared", 1L)))
                .containsExactly(Map.entry("shared", new BigDecimal("20.00")));
    }

    @Test
    void nothingToSplitByIsRefused() {
        assertThatThrownBy(() -> Apportionment.split(BigDecimal.ONE, Map.of("a", 0L)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Figures withFonds(Figures f) {
        // The fonds counts are not split; compare the rest.
        return new Figures(f.inventoriedMetres(), f.unsortedMetres(), f.sortedMetres(), f.boxedMetres(),
                f.sealedMetres(), f.digitizedMetres(), f.digitizedPages(), f.fileCount(), f.appraisedTransfer(),
                f.appraisedKeep(), f.appraisedDestroy(), f.transferTargetMetres(), f.handOverTargetMetres(),
                f.transferredMetres(), f.handedOverMetres(), f.destroyedMetres(), 0, 0, f.legacyRetentionFiles());
    }

    private static Map<String, Long> weights(long a, long b, long c, long shared) {
        Map<String, Long> w = new LinkedHashMap<>();
        w.put("a", a);
        w.put("b", b);
        w.put("c", c);
        w.put("shared", shared);
        return w;
    }
}
