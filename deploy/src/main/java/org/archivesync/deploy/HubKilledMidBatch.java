package org.archivesync.deploy;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The hub is killed with SIGKILL while it applies an office's burst (a batch in flight, its transaction open); while
 * it is down every office goes on recording, and publishes all of it to Kafka (the hub's registry is down with it);
 * then the hub starts again on its data with those events waiting.
 *
 * <p>Figures: the share of the offices' backlog published while the hub was down (goal: all of it), the restarted
 * hub's time to ready, from ready to ingest resumed (goal &lt; 5 s) and from process start to caught up (goal
 * &lt; 20 s with 50,000 events waiting; the fast variant waits with fewer).
 */
final class HubKilledMidBatch implements ChaosScenario {

    private final boolean fast;
    private final int waitingPerOffice;

    /** The fast variant: about 2,000 events per office waiting at the restart. */
    HubKilledMidBatch() {
        this(true, 2_000);
    }

    HubKilledMidBatch(boolean fast, int waitingPerOffice) {
        this.fast = fast;
        this.waitingPerOffice = waitingPerOffice;
    }

    @Override
    public String name() {
        return fast ? "hub-killed-mid-batch" : "hub-killed-50k-waiting";
    }

    @Override
    public boolean fast() {
        return fast;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosOffice burst = stack.office(0);
        killDuringBurst(stack, burst);

        // While the hub is down: every office records, and its publisher sends to the broker without the hub.
        long recordedDuringOutage = 0;
        for (ChaosOffice office : stack.offices()) {
            int left = waitingPerOffice;
            while (left > 0) {
                int n = Math.min(500, left);
                office.recordFiles(n);
                left -= n;
                recordedDuringOutage += n;
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long backlog;
        long recorded;
        do {
            Pause.millis(500);
            backlog = 0;
            recorded = 0;
            for (ChaosOffice office : stack.offices()) {
                AgentProcess.Status s = office.agent().status();
                backlog += s.backlog();
                recorded += s.lastRecorded();
            }
        } while (backlog > 0 && System.nanoTime() < deadline);
        long waiting = recorded - appliedTotal(stack);
        double publishedShare = 100.0 * (recordedDuringOutage - Math.min(backlog, recordedDuringOutage))
                / recordedDuringOutage;
        stack.say("chaos", "hub down: offices recorded %,d events, %,d still unpublished after 2 min; %,d events "
                + "waiting for the hub", recordedDuringOutage, backlog, waiting);

        long start = System.nanoTime();
        stack.restartHub();
        long ready = System.nanoTime();
        long appliedAtReady = appliedTotal(stack);
        while (appliedTotal(stack) == appliedAtReady && System.nanoTime() - ready < Duration.ofMinutes(2).toNanos()) {
            Pause.millis(100);
        }
        long resumed = System.nanoTime();
        if (appliedTotal(stack) == appliedAtReady) {
            throw new ChaosFailure("the restarted hub applied nothing in 2 min after it was ready");
        }
        // With static membership bound to the leader's role the restarted hub takes the dead one's partitions at
        // once; without it, it waits for the dead member's session (45 s).
        if (resumed - ready > Duration.ofSeconds(10).toNanos()) {
            throw new ChaosFailure(String.format("ingest resumed %.1f s after the restarted hub was ready (goal < 5 s):"
                    + " the dead hub's group member was waited out", (resumed - ready) / 1e9));
        }
        Duration converge = ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(5));
        Duration caughtUp = Duration.ofNanos(resumed - start).plus(converge);
        return ChaosOutcome.builder()
                .figure("events waiting", waiting, "events")
                .figure("published while hub down", publishedShare, "%")
                .seconds("hub ready after start", Duration.ofNanos(ready - start))
                .seconds("ingest resumed after ready", Duration.ofNanos(resumed - ready))
                .seconds("caught up after start", caughtUp)
                .build();
    }

    /**
     * Records the office's burst as many small transactions while watching the hub apply them, and kills the hub in
     * the middle. Throws when it never saw the hub in the middle.
     */
    private static void killDuringBurst(ChaosStack stack, ChaosOffice office) throws Exception {
        ExecutorService recorder = Executors.newSingleThreadExecutor();
        try {
            long before = stack.applied(office.site());
            int transactions = 60;
            int perTransaction = 50;
            long target = before + (long) transactions * perTransaction;
            Future<?> recording = recorder.submit(() -> office.recordFiles(transactions, perTransaction));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                long applied = stack.applied(office.site());
                if (applied > before + perTransaction && applied < target) {
                    stack.killHub();
                    stack.say("chaos", "hub killed (SIGKILL) while applying %s: %,d of %,d events applied",
                            office.site(), applied, target);
                    recording.get(2, TimeUnit.MINUTES);
                    return;
                }
                if (applied >= target) {
                    break;
                }
                Pause.millis(5);
            }
            throw new ChaosFailure("never saw the hub in the middle of applying " + office.site());
        } finally {
            recorder.shutdownNow();
        }
    }

    private static long appliedTotal(ChaosStack stack) {
        try {
            return stack.number("SELECT count(*) FROM events");
        } catch (java.sql.SQLException e) {
            return -1;   // the database is not reachable yet: not resumed
        }
    }
}
