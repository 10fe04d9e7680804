package org.archivesync.deploy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Issue #15, finding 1: after a retried batch, spring-kafka's default error handler committed the poll's highest
 * offsets over the listener's held-back commit, so a crash before the next commit skipped the held-back records. Here
 * a batch is made to fail (the PostgreSQL backend of its {@code COPY} killed with SIGKILL while an office publishes
 * large transactions, so polls end inside them and their tails are held back); the moment the retried batch has
 * committed (the office's events grow again), the hub is killed with SIGKILL, before it commits anything else. It
 * starts again on the same database and must apply every record it had not, each once.
 *
 * <p>It would catch: offsets committed past records held back or not applied (the catalogue then lacks events and the
 * office's cursor stays behind what it published: the repair would have to heal it, too late for the invariant's
 * timeout), and a retry that applied a batch twice.
 *
 * <p>Figures: from the kill of the backend to the retried batch committed, and from the hub's restart to converged.
 */
final class HubKilledAfterRetriedBatch implements ChaosScenario {

    @Override
    public String name() {
        return "hub-killed-after-retried-batch";
    }

    @Override
    public boolean fast() {
        return false;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosOffice office = stack.office(0);
        ExecutorService recorder = Executors.newSingleThreadExecutor();
        try {
            for (int attempt = 1; attempt <= 3; attempt++) {
                long retriesBefore = HubWatch.retries(stack.hub().logFile());
                AtomicBoolean done = new AtomicBoolean();
                // Transactions of 2,000 files: a poll often ends inside one, whose tail the listener holds back.
                Future<Long> recording = recorder.submit(() -> {
                    try {
                        return office.recordFiles(12, 2_000);
                    } finally {
                        done.set(true);
                    }
                });
                Optional<PostgresFaults.Killed> killed = PostgresFaults.killBackendRunning(stack, "COPY events", done,
                        Duration.ofMinutes(3));
                if (killed.isEmpty()) {
                    recording.get(3, TimeUnit.MINUTES);
                    stack.say("chaos", "attempt %d: no COPY seen while %s's burst was applied", attempt, office.site());
                    continue;
                }
                PostgresFaults.awaitAccepting(stack, Duration.ofMinutes(1));
                long atRecovery = PostgresFaults.appliedWhenUp(stack, office.site(), Duration.ofMinutes(1));
                // Poll as fast as the database answers: the hub is killed right after the retry's commit.
                long committed = awaitAppliedBeyondFast(stack, office.site(), atRecovery, Duration.ofMinutes(2));
                stack.killHub();
                long afterKill = PostgresFaults.appliedWhenUp(stack, office.site(), Duration.ofSeconds(30));
                long retries = HubWatch.retries(stack.hub().logFile()) - retriesBefore;
                stack.say("chaos", "backend pid %d killed during COPY; the retried batch committed %,d events and the "
                        + "hub was killed (SIGKILL) right after it (%d failed attempts logged)", killed.get().pid(),
                        afterKill - atRecovery, retries);
                if (retries == 0) {
                    throw new ChaosFailure("the hub logged no retried batch after its COPY's backend was killed");
                }
                recording.get(3, TimeUnit.MINUTES);
                long restart = System.nanoTime();
                stack.restartHub();
                long ready = System.nanoTime();
                Duration converged = ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(5));
                return ChaosOutcome.builder()
                        .seconds("retry committed after backend kill", Duration.ofNanos(committed - killed.get().at()))
                        .figure("applied by the retry before the hub kill", afterKill - atRecovery, "events")
                        .seconds("hub ready after restart", Duration.ofNanos(ready - restart))
                        .seconds("converged after ready", converged)
                        .build();
            }
        } finally {
            recorder.shutdownNow();
        }
        throw new ChaosFailure("never saw the hub's COPY running in 3 bursts of " + stack.office(0).site());
    }

    /** {@link PostgresFaults#awaitAppliedBeyond} on one connection without pauses. */
    private static long awaitAppliedBeyondFast(ChaosStack stack, String site, long count, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (var c = stack.catalogue();
                 var s = c.prepareStatement("SELECT count(*) FROM events WHERE site_code = ?")) {
                s.setString(1, site);
                while (System.nanoTime() < deadline) {
                    try (var rs = s.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > count) {
                            return System.nanoTime();
                        }
                    }
                }
            } catch (java.sql.SQLException e) {
                Pause.millis(20);
            }
        }
        throw new ChaosFailure(site + ": the retried batch did not commit within " + timeout.toSeconds() + " s");
    }
}
