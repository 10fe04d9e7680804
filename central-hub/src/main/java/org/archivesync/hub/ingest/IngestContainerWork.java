package org.archivesync.hub.ingest;

import org.archivesync.hub.leader.LeaderWork;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The ingest listener container as a {@link LeaderWork}: it consumes the offices' topics only on the leader hub. The
 * container factory does not start it with the context; {@code spring.kafka.listener.auto-startup=false} (one-shot
 * runs) keeps it stopped on the leader too. Before it starts, {@link EmptyCatalogueGuard} checks the catalogue.
 */
final class IngestContainerWork implements LeaderWork {

    private final KafkaListenerEndpointRegistry containers;
    private final boolean listening;
    private final EmptyCatalogueGuard guard;
    private final IngestStatus status;
    private final StaticRejoin rejoin;

    IngestContainerWork(KafkaListenerEndpointRegistry containers, boolean listening, EmptyCatalogueGuard guard,
                        IngestStatus status, StaticRejoin rejoin) {
        this.rejoin = rejoin;
        this.containers = containers;
        this.listening = listening;
        this.guard = guard;
        this.status = status;
    }

    private MessageListenerContainer container() {
        MessageListenerContainer container = containers.getListenerContainer(IngestHealthIndicator.LISTENER_ID);
        if (container == null) {
            throw new IllegalStateException("no listener container " + IngestHealthIndicator.LISTENER_ID);
        }
        return container;
    }

    @Override
    public boolean wanted() {
        return listening;
    }

    @Override
    public void start() {
        MessageListenerContainer container = container();
        guard.check();
        // How the previous consumer stopped (e.g. FENCED) no longer describes this one.
        status.started();
        rejoin.arm();
        container.start();
    }

    @Override
    public void stop() {
        MessageListenerContainer container = containers.getListenerContainer(IngestHealthIndicator.LISTENER_ID);
        if (container != null && container.isRunning()) {
            container.stop();
        }
    }

    @Override
    public boolean isRunning() {
        MessageListenerContainer container = containers.getListenerContainer(IngestHealthIndicator.LISTENER_ID);
        return container != null && container.isRunning();
    }

    /** The container's own phase: started before the other writers, stopped after them. */
    @Override
    public int getPhase() {
        MessageListenerContainer container = containers.getListenerContainer(IngestHealthIndicator.LISTENER_ID);
        return container == null ? LeaderWork.super.getPhase() : container.getPhase();
    }
}
