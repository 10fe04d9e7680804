package org.archivesync.hub.leader;

import org.springframework.context.SmartLifecycle;

/**
 * Background work that writes (to the catalogue, the event log's projections or Kafka): the ingest listener container,
 * the outbox publisher and cursor heartbeat, the catch-up loops, the waiting watch. It never starts with the context
 * on its own; {@link HubLeadership} starts it when this hub holds the leader lock and stops it when the lock is lost,
 * so only one hub on a database writes in the background. {@code stop()} must be safe to call twice and when not
 * running (the context stops it again on close).
 */
public interface LeaderWork extends SmartLifecycle {

    /** Whether this work runs at all on this hub (its own switch, e.g. {@code outbound.publish=false}); default true. */
    default boolean wanted() {
        return true;
    }

    /** Never: {@link HubLeadership} starts it. */
    @Override
    default boolean isAutoStartup() {
        return false;
    }
}
