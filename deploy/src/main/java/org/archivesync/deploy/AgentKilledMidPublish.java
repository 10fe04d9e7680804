package org.archivesync.deploy;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * An office's agent is killed with SIGKILL while it publishes a burst: part of it is in Kafka, part not yet marked
 * published in its outbox. It starts again on its SQLite store and publishes the rest; what it sends twice the hub
 * applies once.
 *
 * <p>Figure: from the agent's restart to every office converged.
 */
final class AgentKilledMidPublish implements ChaosScenario {

    @Override
    public String name() {
        return "agent-killed-mid-publish";
    }

    @Override
    public boolean fast() {
        return true;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosOffice office = stack.office(stack.offices().size() > 1 ? 1 : 0);
        AgentProcess agent = office.agent();
        ExecutorService recorder = Executors.newSingleThreadExecutor();
        try {
            for (int attempt = 1; attempt <= 3; attempt++) {
                long publishedBefore = agent.status().lastPublished();
                long recordedBefore = agent.status().lastRecorded();
                Future<Long> recording = recorder.submit(() -> office.recordFiles(10, 1_000));
                while (!recording.isDone() || agent.status().lastPublished() < recording.get()) {
                    AgentProcess.Status s = agent.status();
                    if (s.lastPublished() > publishedBefore && s.lastRecorded() > s.lastPublished()
                            && s.lastRecorded() > recordedBefore) {
                        agent.kill();
                        stack.say("chaos", "agent %s killed (SIGKILL) while publishing: %,d of %,d events "
                                + "acknowledged", office.site(), s.lastPublished(), s.lastRecorded());
                        // A batch the harness was sending when the agent died fails; the restarted agent's store
                        // says whether it was recorded (ChaosOffice.reconcile).
                        try {
                            recording.get(1, TimeUnit.MINUTES);
                        } catch (java.util.concurrent.ExecutionException e) {
                            stack.say("chaos", "a batch in flight got no answer: %s", e.getCause().getMessage());
                        }
                        long start = System.nanoTime();
                        office.serve();
                        int adopted = office.reconcile();
                        stack.say("chaos", "%s restarted; of the unanswered batch %,d files were recorded",
                                office.site(), adopted);
                        ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(3));
                        return ChaosOutcome.builder()
                                .seconds("recovered after restart", Duration.ofNanos(System.nanoTime() - start))
                                .build();
                    }
                    Pause.millis(2);
                }
            }
        } finally {
            recorder.shutdownNow();
        }
        throw new ChaosFailure("never saw " + office.site() + " in the middle of publishing");
    }
}
