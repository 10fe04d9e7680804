package org.archivesync.deploy;

import java.time.Duration;
import java.util.List;

/**
 * One office's line hangs (its TCP links to the broker and to the hub accept and forward nothing, as a poor line
 * does) while it records; the other offices record at the same time. Nothing one office's link does may stop the
 * others: they converge while it is cut. Then its line comes back and it catches up by itself.
 *
 * <p>Figures: the others converged during the cut, the cut office caught up after its line came back.
 */
final class OfficeLinkCut implements ChaosScenario {

    private static final Duration CUT = Duration.ofSeconds(40);

    @Override
    public String name() {
        return "office-link-cut";
    }

    @Override
    public boolean fast() {
        return true;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosOffice cut = stack.office(0);
        List<ChaosOffice> others = stack.offices().stream().filter(o -> o != cut).toList();
        stack.cutLink(cut, LinkProxy.Mode.BLACKHOLE);
        long start = System.nanoTime();
        stack.say("chaos", "%s's line hangs (BLACKHOLE) for %d s", cut.site(), CUT.toSeconds());
        cut.recordFiles(5, 100);
        for (ChaosOffice office : others) {
            office.recordFiles(5, 100);
        }
        // The others converge with the cut office still behind.
        long deadline = start + CUT.toNanos();
        Duration othersConverged = null;
        while (System.nanoTime() < deadline) {
            if (othersConverged == null && others.stream().allMatch(o -> caughtUp(stack, o))) {
                othersConverged = Duration.ofNanos(System.nanoTime() - start);
            }
            Pause.millis(250);
        }
        if (!others.isEmpty() && othersConverged == null) {
            throw new ChaosFailure("while " + cut.site() + "'s line hung, the other offices did not reach the hub "
                    + "within " + CUT.toSeconds() + " s");
        }
        if (caughtUp(stack, cut)) {
            throw new ChaosFailure(cut.site() + " reached the hub through a cut line: the cut is not real");
        }
        stack.restoreLink(cut);
        long restored = System.nanoTime();
        ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(3));
        ChaosOutcome.Builder outcome = ChaosOutcome.builder();
        if (othersConverged != null) {
            outcome.seconds("others converged during the cut", othersConverged);
        }
        return outcome.seconds("caught up after line back", Duration.ofNanos(System.nanoTime() - restored)).build();
    }

    private static boolean caughtUp(ChaosStack stack, ChaosOffice office) {
        try {
            long recorded = office.agent().status().lastRecorded();
            return stack.number("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = ?",
                    office.site()) == recorded;
        } catch (RuntimeException | java.sql.SQLException e) {
            return false;
        }
    }
}
