package org.archivesync.deploy;

import java.time.Duration;
import java.util.Map;

/**
 * An office PC whose clock is wrong: the agent's whole JVM runs with its wall clock shifted ({@link FakeTime},
 * libfaketime), so what it records and what it sends to Kafka carry the wrong time. Kafka 4.2 brokers refuse record
 * timestamps more than an hour ahead by default (finding 4 of issue 15); the office topics use {@code LogAppendTime},
 * so the office publishes anyway. The hub applies everything and measures the office's clock against the broker's
 * append time (shown on the Sites page, alerting past 10 min). Then the clock is set right and the agent restarted.
 *
 * <p>Figures: the skew the hub measured (hours), converged after the office started with the wrong clock.
 */
final class OfficeClockSkew implements ChaosScenario {

    private final String offset;
    private final Duration expected;

    /**
     * @param offset   libfaketime's offset, e.g. {@code +2h}, {@code -1d}
     * @param expected the same as a duration, to compare with what the hub measures
     */
    OfficeClockSkew(String offset, Duration expected) {
        this.offset = offset;
        this.expected = expected;
    }

    @Override
    public String name() {
        return expected.isNegative() ? "office-clock-behind-1d" : "office-clock-ahead-2h";
    }

    @Override
    public boolean fast() {
        return false;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosOffice office = stack.office(stack.offices().size() - 1);
        AgentProcess.ServiceSettings trueClock = office.service();
        Map<String, String> env = FakeTime.env(offset);
        office.agent().stop();
        office.service(trueClock.withEnv(env));
        long start = System.nanoTime();
        try {
            office.serve();
            office.recordFiles(3, 100);
            Duration converged = ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(3));
            long skewMs = stack.number("SELECT coalesce(clock_skew_ms, 0) FROM site_links WHERE site_code = ?",
                    office.site());
            if (Math.abs(skewMs - expected.toMillis()) > Duration.ofMinutes(5).toMillis()) {
                throw new ChaosFailure(String.format("the hub measured %s's clock %+.2f h off; it is %s",
                        office.site(), skewMs / 3_600_000.0, offset));
            }
            // The hub raises CLOCK_SKEW at most once per office per set-aside-alert-interval (1 h): an earlier
            // scenario's alert may be the one for this office still.
            long alerts = stack.number("SELECT count(*) FROM alerts WHERE site_code = ? AND kind = 'CLOCK_SKEW' "
                    + "AND acknowledged_at IS NULL", office.site());
            if (alerts == 0) {
                throw new ChaosFailure("no CLOCK_SKEW alert for " + office.site() + " with its clock " + offset);
            }
            stack.say("chaos", "%s with its clock %s: everything applied, the hub measured %+.2f h and %d open "
                    + "alert(s)", office.site(), offset, skewMs / 3_600_000.0, alerts);
            return ChaosOutcome.builder()
                    .figure("skew measured", skewMs / 3_600_000.0, "h")
                    .seconds("converged", Duration.ofNanos(System.nanoTime() - start))
                    .build();
        } finally {
            office.agent().stop();
            office.service(trueClock);
            office.serve();
        }
    }

}
