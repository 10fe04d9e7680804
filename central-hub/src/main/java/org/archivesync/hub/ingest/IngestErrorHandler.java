package org.archivesync.hub.ingest;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.ListenerUtils;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The ingest container's error handling, declared rather than inherited. Whatever reaches it failed for a whole batch
 * or poll (a record that cannot be applied never does: ingest sets it aside, or quarantines its site, inside the
 * transaction): a database or registry outage, a broker timeout, a refused credential, or an unexpected fault. Every
 * kind is handled the same way: counted ({@code archivesync.ingest.errors{kind}}) and shown in readiness
 * ({@link IngestStatus}), the consumer sent back to the first record of the failed batch in each partition, and the
 * thread paused for the next back-off before the container polls again. Nothing is ever committed here
 * ({@link #isAckAfterHandle()} is false) and no batch is dropped: a batch is gone only once its transaction committed,
 * together with its {@code consumed_offsets}.
 */
final class IngestErrorHandler implements CommonErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(IngestErrorHandler.class);

    private final BackOff backOff;
    private final IngestStatus status;
    private final ThreadLocal<BackOffExecution> execution = new ThreadLocal<>();

    IngestErrorHandler(BackOff backOff, IngestStatus status) {
        this.backOff = backOff;
        this.status = status;
    }

    @Override
    public boolean isAckAfterHandle() {
        return false;
    }

    @Override
    public boolean seeksAfterHandling() {
        return true;
    }

    @Override
    public void handleBatch(Exception thrown, ConsumerRecords<?, ?> data, Consumer<?, ?> consumer,
                            MessageListenerContainer container, Runnable invokeListener) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<?, ?> r : data) {
            first.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
        }
        var assigned = consumer.assignment();
        first.forEach((partition, offset) -> {
            // A partition revoked meanwhile is someone else's now: it seeks to consumed_offsets on assignment.
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
        backOff("batch", thrown, container, first.size() + " partitions, from " + first);
    }

    @Override
    public void handleOtherException(Exception thrown, Consumer<?, ?> consumer, MessageListenerContainer container,
                                     boolean batchListener) {
        backOff("poll", thrown, container, "");
    }

    /** A batch that committed: the next failure starts a new back-off. */
    void succeeded() {
        execution.remove();
        status.succeeded();
    }

    private void backOff(String what, Exception thrown, MessageListenerContainer container, String where) {
        String kind = IngestErrors.kind(thrown);
        String summary = IngestErrors.summary(thrown);
        status.failed(kind, summary);
        BackOffExecution current = execution.get();
        if (current == null) {
            current = backOff.start();
            execution.set(current);
        }
        long millis = Math.max(0, current.nextBackOff());
        IngestStatus.Failing failing = status.failing();
        long attempts = failing == null ? 1 : failing.attempts();
        // A person must act only when it does not heal: the first failures are warnings, a long one an error.
        if ("unexpected".equals(kind) && !fromDatabase(thrown)) {
            // A fault of the hub's own: the stack trace (a database's message may quote a row, so never then).
            log.error("ingest {} failed, retrying kind={} attempt={} backoffMillis={} cause={} {}", what, kind, attempts,
                    millis, summary, where, thrown);
        } else if ("unexpected".equals(kind) || attempts >= 10) {
            log.error("ingest {} failed, retrying kind={} attempt={} backoffMillis={} cause={} {}", what, kind, attempts,
                    millis, summary, where);
        } else {
            log.warn("ingest {} failed, retrying kind={} attempt={} backoffMillis={} cause={} {}", what, kind, attempts,
                    millis, summary, where);
        }
        try {
            ListenerUtils.stoppableSleep(container, millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean fromDatabase(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException || t instanceof org.springframework.dao.DataAccessException) {
                return true;
            }
        }
        return false;
    }
}
