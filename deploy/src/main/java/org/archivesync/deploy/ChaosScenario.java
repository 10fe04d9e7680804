package org.archivesync.deploy;

/**
 * One scenario of the chaos suite ({@code ./archive-sync chaos}): it injects a fault into the running
 * {@link ChaosStack} (a SIGKILL, a pause, a cut link, a stopped broker ...), lets the system recover by itself (or
 * restarts what a supervisor would restart) and then checks the suite's invariants with
 * {@link ChaosInvariants#awaitConverged}. It leaves the stack running and whole for the next scenario.
 *
 * <p>A scenario fails by throwing: {@link ChaosFailure} for a broken invariant, anything else for a harness problem.
 */
interface ChaosScenario {

    /** Kebab-case, stable: {@code --only} takes it and the message bundle keys its description by it. */
    String name();

    /** Whether it is short and stable enough to run in {@code ./mvnw verify} ({@code ChaosSuiteIT}). */
    boolean fast();

    /**
     * Runs the scenario.
     *
     * @param stack the running stack, whole; never null
     * @return the figures it measured (at least the time to recover); never null
     * @throws ChaosFailure when an invariant does not hold
     * @throws Exception when the harness fails
     */
    ChaosOutcome run(ChaosStack stack) throws Exception;
}
