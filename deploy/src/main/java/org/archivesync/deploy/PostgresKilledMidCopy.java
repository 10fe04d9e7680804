package org.archivesync.deploy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The PostgreSQL backend that runs the hub's ingest {@code COPY events} is killed with SIGKILL while an office's burst
 * is applied. PostgreSQL then ends every connection (the hub's pool, its leader lock) and recovers from its WAL; the
 * batch's transaction is lost, the hub must retry it and resume by itself, as leader again, without a restart.
 *
 * <p>It would catch: a database error that stops the ingest container for good or drops the batch (offsets passed
 * without the rows), a leader that does not take its lock back after the connection loss (the hub stays STANDBY and
 * nothing is applied), a pool that keeps dead connections.
 *
 * <p>Figures: from the kill to the database accepting connections, to ingest resumed (the office's events grow
 * again), and to every office converged.
 */
final class PostgresKilledMidCopy implements ChaosScenario {

    @Override
    public String name() {
        return "postgres-killed-mid-copy";
    }

    @Override
    public boolean fast() {
        return true;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosOffice office = stack.office(0);
        HubProcess hub = stack.hub();
        ExecutorService recorder = Executors.newSingleThreadExecutor();
        try {
            for (int attempt = 1; attempt <= 3; attempt++) {
                long retriesBefore = HubWatch.retries(hub.logFile());
                AtomicBoolean done = new AtomicBoolean();
                Future<Long> recording = recorder.submit(() -> {
                    try {
                        return office.recordFiles(20, 500);
                    } finally {
                        done.set(true);
                    }
                });
                Optional<PostgresFaults.Killed> killed = PostgresFaults.killBackendRunning(stack, "COPY events", done,
                        Duration.ofMinutes(2));
                recording.get(3, TimeUnit.MINUTES);
                if (killed.isEmpty()) {
                    stack.say("chaos", "attempt %d: no COPY seen while %s's burst was applied", attempt, office.site());
                    continue;
                }
                long kill = killed.get().at();
                stack.say("chaos", "PostgreSQL backend pid %d killed (SIGKILL) during the ingest COPY",
                        killed.get().pid());
                long accepting = PostgresFaults.awaitAccepting(stack, Duration.ofMinutes(1));
                long atRecovery = PostgresFaults.appliedWhenUp(stack, office.site(), Duration.ofMinutes(1));
                long resumed = office.agent().status().lastRecorded() > atRecovery
                        ? PostgresFaults.awaitAppliedBeyond(stack, office.site(), atRecovery, Duration.ofMinutes(2))
                        : accepting;
                Duration converged = ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(3));
                HubWatch.awaitReadiness(hub, "UP", Duration.ofSeconds(30));
                long retries = HubWatch.retries(hub.logFile()) - retriesBefore;
                if (retries == 0) {
                    throw new ChaosFailure("the hub logged no retried batch after its COPY's backend was killed: the "
                            + "failure went unseen");
                }
                if (!hub.isAlive()) {
                    throw new ChaosFailure("the hub died after the database crash");
                }
                return ChaosOutcome.builder()
                        .seconds("database back after kill", Duration.ofNanos(accepting - kill))
                        .seconds("ingest resumed after kill", Duration.ofNanos(Math.max(resumed, accepting) - kill))
                        .seconds("converged after kill", Duration.ofNanos(resumed - kill).plus(converged))
                        .figure("hub retries logged", retries, "lines")
                        .build();
            }
        } finally {
            recorder.shutdownNow();
        }
        throw new ChaosFailure("never saw the hub's COPY running in 3 bursts of " + office.site());
    }
}
