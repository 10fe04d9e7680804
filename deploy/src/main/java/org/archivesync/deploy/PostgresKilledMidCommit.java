package org.archivesync.deploy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole PostgreSQL server is killed with SIGKILL (the postmaster and all its processes at once, as a crash of the
 * database machine would) while a hub backend runs {@code COMMIT}, and started again after {@value #DOWN_SECONDS} s
 * with its own command line, as a supervisor would; it recovers from its WAL. The commit in flight is in doubt: the
 * hub saw its connection break and cannot know whether the transaction is durable, so it must retry the batch and the
 * retry must turn whatever did commit into a no-op. ({@link PostgresServer#kill()} freezes every process first, so
 * none of them outlives the postmaster.)
 *
 * <p>Why the whole server rather than the one backend: killing a backend also makes PostgreSQL restart and recover
 * (see {@link PostgresKilledMidCopy}), but the server never goes away; here the port is closed for a while, every
 * connection attempt is refused, and the server runs real crash recovery on start, with the stale lock file of a dead
 * postmaster (what a power cut or an OOM kill of the database leaves).
 *
 * <p>It would catch: a batch whose commit did happen applied again (duplicate events or files), one whose commit did
 * not happen skipped (offsets passed), a hub that gives up while the database is refused, a pool that never reconnects,
 * a leader that does not retake its lock after the database came back.
 *
 * <p>Figures: from the kill to the database accepting connections again, to ingest resumed, and to converged.
 */
final class PostgresKilledMidCommit implements ChaosScenario {

    static final int DOWN_SECONDS = 3;

    @Override
    public String name() {
        return "postgres-killed-mid-commit";
    }

    @Override
    public boolean fast() {
        return false;
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
                        return office.recordFiles(40, 250);
                    } finally {
                        done.set(true);
                    }
                });
                Optional<Long> committing = PostgresFaults.awaitRunning(stack, "COMMIT", done, Duration.ofMinutes(2));
                if (committing.isEmpty()) {
                    recording.get(3, TimeUnit.MINUTES);
                    stack.say("chaos", "attempt %d: no COMMIT seen while %s's burst was applied", attempt,
                            office.site());
                    continue;
                }
                stack.killPostgres();
                long kill = System.nanoTime();
                stack.say("chaos", "PostgreSQL killed (SIGKILL to the postmaster and every backend) while backend %d "
                        + "ran COMMIT; down for %d s", committing.get(), DOWN_SECONDS);
                Pause.millis(DOWN_SECONDS * 1000L);
                stack.startPostgres();
                long accepting = PostgresFaults.awaitAccepting(stack, Duration.ofMinutes(2));
                long atRecovery = PostgresFaults.appliedWhenUp(stack, office.site(), Duration.ofMinutes(1));
                recording.get(3, TimeUnit.MINUTES);
                long resumed = office.agent().status().lastRecorded() > atRecovery
                        ? PostgresFaults.awaitAppliedBeyond(stack, office.site(), atRecovery, Duration.ofMinutes(2))
                        : accepting;
                Duration converged = ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(3));
                HubWatch.awaitReadiness(hub, "UP", Duration.ofSeconds(30));
                long retries = HubWatch.retries(hub.logFile()) - retriesBefore;
                if (retries == 0) {
                    throw new ChaosFailure("the hub logged no failed attempt while its database was down");
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
        throw new ChaosFailure("never saw a COMMIT running in 3 bursts of " + office.site());
    }
}
