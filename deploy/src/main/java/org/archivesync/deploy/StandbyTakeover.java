package org.archivesync.deploy;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Two hubs on the same catalogue database and broker: the stack's hub leads (holds the leader lock and consumes), a
 * second one waits as a hot standby (readiness {@code STANDBY}). The leader is killed with SIGKILL while it applies an
 * office's burst; the standby must take the lock, join the consumer group in the dead leader's place (static
 * membership bound to the leader role) and go on ingesting, with each event once. Afterwards the standby is stopped
 * and the stack's hub started again, as before the scenario.
 *
 * <p>It would catch: a standby that never takes over (lock never released, writers not started), one that waits for
 * the dead member's session to expire (about 45 s; the scenario fails beyond {@value #MOST_SECONDS} s), two hubs
 * applying at once, a batch lost or applied twice across the takeover.
 *
 * <p>Figures: from the kill to ingest resumed on the standby (goal &lt; 10 s), to its readiness {@code UP}, and to
 * every office converged.
 */
final class StandbyTakeover implements ChaosScenario {

    static final int MOST_SECONDS = 30;

    @Override
    public String name() {
        return "standby-takeover";
    }

    @Override
    public boolean fast() {
        return false;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosOffice office = stack.office(0);
        HubProcess standby = stack.startStandbyHub();
        ExecutorService recorder = Executors.newSingleThreadExecutor();
        try {
            String role = HubWatch.readiness(standby);
            if (!"STANDBY".equals(role)) {
                throw new ChaosFailure("the second hub's readiness is " + role + " while the first leads: two "
                        + "active hubs");
            }
            long before = stack.applied(office.site());
            Future<Long> recording = recorder.submit(() -> office.recordFiles(60, 250));
            // Kill the leader once it is applying the burst.
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            long atKill;
            while ((atKill = stack.applied(office.site())) <= before + 250) {
                if (System.nanoTime() > deadline || recording.isDone()) {
                    throw new ChaosFailure("never saw the leader applying " + office.site() + "'s burst");
                }
                Pause.millis(20);
            }
            stack.killHub();
            long kill = System.nanoTime();
            stack.say("chaos", "leader hub killed (SIGKILL) with %,d of %s's events applied; standby on %s",
                    atKill, office.site(), standby.url());
            long resumed = PostgresFaults.awaitAppliedBeyond(stack, office.site(),
                    PostgresFaults.appliedWhenUp(stack, office.site(), Duration.ofSeconds(30)),
                    Duration.ofMinutes(2));
            long up = HubWatch.awaitReadiness(standby, "UP", Duration.ofMinutes(1));
            recording.get(3, TimeUnit.MINUTES);
            Duration converged = ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(3));
            Duration takeover = Duration.ofNanos(resumed - kill);
            stack.say("chaos", "standby resumed ingest %.1f s after the kill (goal < 10 s)", takeover.toMillis() / 1e3);
            if (takeover.toSeconds() > MOST_SECONDS) {
                throw new ChaosFailure(String.format("the standby resumed ingest %.1f s after the leader died, more "
                        + "than %d s: was the dead member's session waited out?", takeover.toMillis() / 1e3,
                        MOST_SECONDS));
            }
            return ChaosOutcome.builder()
                    .seconds("ingest resumed on standby after kill", takeover)
                    .seconds("standby UP after kill", Duration.ofNanos(up - kill))
                    .seconds("converged after kill", Duration.ofNanos(resumed - kill).plus(converged))
                    .build();
        } finally {
            recorder.shutdownNow();
            // Back to one hub, the stack's own.
            standby.stop();
            stack.restartHub();
        }
    }
}
