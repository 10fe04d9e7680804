package org.archivesync.deploy;

import java.time.Duration;
import java.util.List;

/**
 * An office is offline for a long time (its line cut, connections reset) while its clerks import the lists of a
 * month: {@value #EVENTS} events in imports of {@value #ROWS_PER_IMPORT} rows. Its publisher fails, backs off to the
 * maximum (2 min) and keeps probing the link cheaply. Then the line comes back.
 *
 * <p>Figure: from the line back to the catalogue caught up (goal &lt; 30 s for 100,000 events).
 */
final class MonthOffline implements ChaosScenario {

    static final int EVENTS = 100_000;
    static final int ROWS_PER_IMPORT = 20_000;

    @Override
    public String name() {
        return "office-back-after-month-offline";
    }

    @Override
    public boolean fast() {
        return false;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosOffice office = stack.office(stack.offices().size() > 1 ? 1 : 0);
        stack.cutLink(office, LinkProxy.Mode.RESET);
        long start = System.nanoTime();
        for (int done = 0; done < EVENTS; done += ROWS_PER_IMPORT) {
            AgentProcess.CliResult r = office.agent().cli(List.of("import",
                    office.writeList(ROWS_PER_IMPORT).toString(), "--fonds", office.fonds(), "--clerk",
                    ChaosOffice.CLERK), Duration.ofMinutes(5));
            if (r.exitCode() != 0) {
                throw new ChaosFailure("an offline import failed (exit " + r.exitCode() + "): " + r.summary());
            }
        }
        office.adoptImported();
        // Long enough for the publisher's back-off to reach its maximum of 2 min (1 s doubling: 1, 2, 4 ... 128).
        Duration offline = Duration.ofMinutes(4);
        while (System.nanoTime() - start < offline.toNanos()) {
            Pause.millis(1_000);
        }
        AgentProcess.Status s = office.agent().status();
        stack.say("chaos", "%s offline for %d s with %,d events waiting; broker reachable: %s", office.site(),
                offline.toSeconds(), s.backlog(), s.brokerReachable());
        stack.restoreLink(office);
        long back = System.nanoTime();
        ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(5));
        return ChaosOutcome.builder()
                .figure("events waiting", s.backlog(), "events")
                .seconds("caught up after line back", Duration.ofNanos(System.nanoTime() - back))
                .build();
    }
}
