package org.archivesync.deploy;

import java.time.Duration;

/**
 * The broker stops (SIGTERM) for a while; every office goes on recording offline, its publisher backing off; the hub
 * goes on serving. Then the broker starts again on its data directory, and everything recorded meanwhile reaches the
 * catalogue once. The long variant lasts long enough for the offices to notice and for their back-off to reach its
 * maximum (2 min): what brings them back quickly is the cheap link probe, not the back-off.
 *
 * <p>Figure: from the broker back to every office converged.
 */
final class BrokerOutage implements ChaosScenario {

    private final Duration outage;
    private final boolean fast;

    BrokerOutage(Duration outage, boolean fast) {
        this.outage = outage;
        this.fast = fast;
    }

    @Override
    public String name() {
        return fast ? "broker-outage" : "broker-outage-long";
    }

    @Override
    public boolean fast() {
        return fast;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        long start = System.nanoTime();
        stack.stopBroker();
        stack.say("chaos", "broker stopped for %d s", outage.toSeconds());
        for (ChaosOffice office : stack.offices()) {
            office.recordFiles(3, 100);
        }
        int noticed = 0;
        long end = start + outage.toNanos();
        while (System.nanoTime() < end) {
            noticed = 0;
            for (ChaosOffice office : stack.offices()) {
                if (Boolean.FALSE.equals(office.agent().status().brokerReachable())) {
                    noticed++;
                }
            }
            Pause.millis(1_000);
        }
        if (!fast && noticed != stack.offices().size()) {
            throw new ChaosFailure("after " + outage.toSeconds() + " s without the broker only " + noticed + " of "
                    + stack.offices().size() + " offices report it unreachable");
        }
        stack.startBroker();
        long back = System.nanoTime();
        stack.say("chaos", "broker back after %.0f s; %d of %d offices had noticed", (back - start) / 1e9, noticed,
                stack.offices().size());
        Duration converged = ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(5));
        return ChaosOutcome.builder()
                .seconds("outage", Duration.ofNanos(back - start))
                .figure("offices that noticed", noticed, "offices")
                .seconds("caught up after broker back", converged)
                .build();
    }
}
