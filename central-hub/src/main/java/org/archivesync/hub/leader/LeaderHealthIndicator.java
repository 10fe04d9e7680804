package org.archivesync.hub.leader;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * This hub's role in readiness: {@code UP} for the leader, {@code STANDBY} for a hot standby. STANDBY answers 200 and
 * orders between OUT_OF_SERVICE and UP ({@code management.endpoint.health.status.order}), so a standby's readiness
 * says {@code STANDBY} and Kubernetes still routes console and REST traffic to it: it reads the same database, and a
 * write it takes lands in the same tables and outbox the leader publishes. Liveness does not include it: a standby is
 * alive and must not be restarted.
 */
final class LeaderHealthIndicator extends AbstractHealthIndicator {

    static final Status STANDBY = new Status("STANDBY", "another hub holds the leader lock; this one waits to take over");

    private final HubLeadership leadership;

    LeaderHealthIndicator(HubLeadership leadership) {
        super("leader health check failed");
        this.leadership = leadership;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.status(leadership.leading() ? Status.UP : STANDBY)
                .withDetail("role", leadership.role().name())
                .withDetail("since", String.valueOf(leadership.since()))
                .withDetail("lock", leadership.lockEnabled() ? "ENABLED" : "DISABLED");
        if (leadership.lastLoss() != null) {
            builder.withDetail("lastLoss", leadership.lastLoss());
        }
    }
}
