package org.archivesync.hub.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A fonds' packed and sealed metres by the rule Progress reads them with, by itself (no database). */
class FondsPackingTest {

    @Test
    void caiNuocsBulkPackingStandsBesideTheFewBoxesListedSoFar() {
        // 1,100 m reported packed at KHO-A and 400 m at KHO-B, no sealing reported; 40 boxes of 0.10 m listed at KHO-A,
        // 5 of them sealed: the reports give the packing, the boxes the sealing, nothing is added twice.
        FondsPacking p = FondsPacking.EMPTY.reported("KHO-A", reported("1300.00", "1100.00", "0"))
                .reported("KHO-B", reported("500.00", "400.00", "0"))
                .boxed("KHO-A", boxed("3.50", "0")).boxed("KHO-A", boxed("0.50", "0.50"));
        assertFigures(p, "1800.00", "1500.00", "0.50");
    }

    @Test
    void boxesWinWhereTheyExceedTheReportedFigureAndOnlyThere() {
        FondsPacking p = FondsPacking.EMPTY.reported("KHO-A", reported("10.00", "0.20", "0.10"))
                .reported("KHO-B", reported("10.00", "5.00", "0"))
                .boxed("KHO-A", boxed("0.60", "0.30")).boxed("KHO-B", boxed("0.10", "0.10"));
        // KHO-A: boxes 0.60 > 0.20 packed, 0.30 > 0.10 sealed; KHO-B: 5.00 reported > 0.10 boxed, 0.10 sealed by a box.
        assertFigures(p, "20.00", "5.60", "0.40");
    }

    @Test
    void aWholeFondsReportIsComparedWithAllBoxesUntilTheFirstPerLocationReportReplacesIt() {
        FondsPacking whole = FondsPacking.EMPTY.reported(null, reported("30.00", "8.00", "2.00"))
                .boxed("KHO-A", boxed("5.00", "3.00")).boxed("KHO-B", boxed("4.00", "0")).boxed(null, boxed("1.00", "0"));
        // All 10 m of boxes against the 8 m reported for the fonds as a whole; 3 m sealed against 2 m.
        assertFigures(whole, "30.00", "10.00", "3.00");

        // Now per location: the whole-fonds row is ignored, boxes are compared where they are kept, and the box with no
        // location stands alone.
        FondsPacking perLocation = whole.reported("KHO-A", reported("12.00", "7.00", "0"));
        assertFigures(perLocation, "12.00", "7.00 4.00 1.00", "3.00");
    }

    @Test
    void aBoxMovedOrChangedIsTakenOutWhereItWasAndAddedWhereItIs() {
        FondsPacking p = FondsPacking.EMPTY.reported("KHO-A", reported("1.00", "0.30", "0"))
                .reported("KHO-B", reported("1.00", "0.30", "0"))
                .boxed("KHO-A", boxed("0.20", "0.20")).boxed("KHO-B", boxed("0.20", "0"));
        assertFigures(p, "2.00", "0.60", "0.20");
        // The sealed 0.10 m box of KHO-A goes to KHO-B, unsealed: KHO-A keeps 0.30 reported, KHO-B has 0.30 of boxes.
        FondsPacking moved = p.boxed("KHO-A", boxed("0.10", "0.10").negate()).boxed("KHO-B", boxed("0.10", "0"));
        assertFigures(moved, "2.00", "0.60", "0.10");
        // A box of KHO-B grows from 0.10 to 0.50 m: boxes win at KHO-B.
        FondsPacking grown = moved.boxed("KHO-B", boxed("0.10", "0").negate()).boxed("KHO-B", boxed("0.50", "0"));
        assertFigures(grown, "2.00", "0.30 0.70", "0.10");
    }

    @Test
    void nothingReportedOrListedIsNothing() {
        assertFigures(FondsPacking.EMPTY, "0", "0", "0");
        assertFigures(FondsPacking.of(Map.of(), Map.of("", boxed("0.10", "0"))), "0", "0.10", "0");
        Map<String, FondsPacking.Reported> reports = new HashMap<>();
        reports.put(null, reported("5.00", "4.00", "1.00"));
        assertFigures(FondsPacking.of(reports, Map.of()), "5.00", "4.00", "1.00");
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static FondsPacking.Reported reported(String inventoried, String packed, String sealed) {
        return new FondsPacking.Reported(new BigDecimal(inventoried), new BigDecimal(packed), new BigDecimal(sealed));
    }

    private static FondsPacking.Boxed boxed(String metres, String sealed) {
        return new FondsPacking.Boxed(new BigDecimal(metres), new BigDecimal(sealed));
    }

    /** {@code packed} may list the locations' figures separated by spaces; they are added up. */
    private static void assertFigures(FondsPacking p, String inventoried, String packed, String sealed) {
        BigDecimal packedSum = BigDecimal.ZERO;
        for (String part : packed.split(" ")) {
            packedSum = packedSum.add(new BigDecimal(part));
        }
        FondsPacking.Figures f = p.figures();
        assertThat(f.inventoried()).as("inventoried").isEqualByComparingTo(inventoried);
        assertThat(f.packed()).as("packed").isEqualByComparingTo(packedSum);
        assertThat(f.sealed()).as("sealed").isEqualByComparingTo(sealed);
    }
}
