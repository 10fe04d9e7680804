package org.archivesync.hub.ingest;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * One rebalance after each start of the ingest container, so the assignment is computed from the topics that exist
 * now. The hub is a static group member ({@code archive-sync.hub.ingest.instance-id}): a hub that starts while the
 * previous leader's member is still in the group replaces it without a rebalance and is handed that member's last
 * assignment as it was. Offices whose topics appeared after that assignment (a site created while the old hub was
 * stuck or down) would then never be read: the replacing member did not compute the assignment, so the Kafka client
 * does not watch the pattern's topics for a change, and nothing else asks for a rebalance. Found by
 * {@code IngestCrashTest}: the restarted hub got only the first office's partitions of four.
 *
 * <p>Armed when the container starts; the first assignment after that asks the container to rejoin (on its consumer
 * thread, at its next poll); the leader's rejoin rebalances the group with current metadata. With one member that is
 * a few milliseconds, once per start.
 */
final class StaticRejoin {

    private static final Logger log = LoggerFactory.getLogger(StaticRejoin.class);

    private final KafkaListenerEndpointRegistry containers;
    private final AtomicBoolean armed = new AtomicBoolean();

    StaticRejoin(KafkaListenerEndpointRegistry containers) {
        this.containers = containers;
    }

    /** The container is about to start: its first assignment will be followed by one rebalance. */
    void arm() {
        armed.set(true);
    }

    /** Partitions were assigned; the first time since {@link #arm()}, asks for one rebalance. */
    void assigned(int partitions) {
        if (!armed.compareAndSet(true, false)) {
            return;
        }
        MessageListenerContainer container = containers.getListenerContainer(IngestHealthIndicator.LISTENER_ID);
        if (container != null && container.isRunning()) {
            log.info("first assignment after start, rejoining once to assign from current topics partitions={}",
                    partitions);
            container.enforceRebalance();
        }
    }
}
