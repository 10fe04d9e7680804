package org.archivesync.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs chaos scenarios one after the other on one {@link ChaosStack}. A scenario that fails is reported with why;
 * the stack is then healed ({@link ChaosStack#heal()}) and the next scenario runs. When healing fails the remaining
 * scenarios are reported as not run (failed).
 */
final class ChaosSuite {

    /**
     * @param name     the scenario's name
     * @param passed   whether it passed
     * @param took     how long it ran
     * @param outcome  its figures; null when it failed
     * @param failure  why it failed; null when it passed
     */
    record Result(String name, boolean passed, Duration took, ChaosOutcome outcome, String failure) {
    }

    private ChaosSuite() {
    }

    /** Every scenario of the suite, in the order it runs them; the fast ones first. */
    static List<ChaosScenario> all() {
        List<ChaosScenario> all = new ArrayList<>(List.of(
                new HubKilledMidBatch(),
                new HubKilledMidBatch(false, 17_000),
                new AgentKilledMidPublish(),
                new AgentKilledMidImport(),
                new BrokerOutage(Duration.ofSeconds(15), true),
                new BrokerOutage(Duration.ofMinutes(3), false),
                new RecordLostAfterQuiet(),
                new OfficeLinkCut(),
                new MonthOffline(),
                new OfficeClockSkew("+2h", Duration.ofHours(2)),
                new OfficeClockSkew("-1d", Duration.ofDays(-1)),
                new PostgresKilledMidCopy(),
                new PostgresKilledMidCommit(),
                new HubKilledAfterRetriedBatch(),
                new StandbyTakeover(),
                // -Dchaos.parked-events: a smaller run of the same scenario, to try it quickly.
                new ParkedMillionRelease(Integer.getInteger("chaos.parked-events", 1_000_000))));
        all.sort((a, b) -> Boolean.compare(b.fast(), a.fast()));
        return List.copyOf(all);
    }

    /**
     * Runs {@code scenarios} in order.
     *
     * @param onEach told each result as soon as it is known; never null
     * @return every result, in order
     */
    static List<Result> run(ChaosStack stack, List<ChaosScenario> scenarios, Consumer<Result> onEach) {
        List<Result> results = new ArrayList<>();
        boolean broken = false;
        for (ChaosScenario scenario : scenarios) {
            Result result;
            long start = System.nanoTime();
            if (broken) {
                result = new Result(scenario.name(), false, Duration.ZERO, null,
                        "not run: the stack could not be healed after an earlier failure");
            } else {
                try {
                    stack.say("chaos", "%s: start", scenario.name());
                    ChaosOutcome outcome = scenario.run(stack);
                    result = new Result(scenario.name(), true, since(start), outcome, null);
                } catch (Exception | AssertionError e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    result = new Result(scenario.name(), false, since(start), null, describe(e));
                    try {
                        List<String> restarted = stack.heal();
                        if (!restarted.isEmpty()) {
                            stack.say("chaos", "healed after the failure: restarted %s", restarted);
                        }
                    } catch (RuntimeException healFailure) {
                        stack.say("chaos", "cannot heal the stack: %s", describe(healFailure));
                        broken = true;
                    }
                }
            }
            results.add(result);
            onEach.accept(result);
        }
        return results;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static String describe(Throwable e) {
        return e instanceof ChaosFailure ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
