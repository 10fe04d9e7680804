package org.archivesync.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.archivesync.schemas.wire.SiteEventTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;

/**
 * The batch listener on every office's topic, {@code archive.site-events.<siteCode>}, subscribed by pattern (a new
 * office's topic is picked up at the consumer's next metadata refresh, {@code metadata.max.age.ms}). Each record is
 * attributed to the site its topic names, never to its key: the broker lets an office's credential write only its own
 * topic, so the topic is the one thing about a record an office cannot forge. A record whose key or envelope names
 * another site is handed to ingest as the topic's site's, whose verifier finds the wrong site in it.
 *
 * <p>Where each partition stands is kept in PostgreSQL ({@link ConsumedOffsets}), written in the ingest transaction
 * itself; on assignment the consumer seeks there, so the catalogue and the consumed position cannot diverge (a
 * restored database replays what it lacks). The listener then commits the same offsets to Kafka, for tools and lag
 * monitors only (the container's ack mode is MANUAL and nothing acknowledges; a failed Kafka commit is logged and
 * harmless). A throw commits nothing and makes the error handler ({@link IngestErrorHandler}) offer the same batch
 * again after a back-off.
 *
 * <p>A poll ends wherever the fetch ended, usually inside some site's transaction: that site's last records in the
 * batch are an unsigned tail whose signed event comes with the next poll. Parking such a tail costs a write, a read, a
 * second decode and a delete. Instead the tail is held back: in its partition, this batch stops at the tail's first
 * record, the offset committed is that record's, and the consumer is sent back there, so the next poll brings the tail
 * again together with its signed event. A tail that starts at the partition's first record of the batch is not held
 * back (the partition must move on): it is parked as before. Nothing is skipped: every record of a partition at or
 * after the committed offset is either in a committed transaction or comes again.
 */
class SiteEventsListener implements ConsumerSeekAware {

    private static final Logger log = LoggerFactory.getLogger(SiteEventsListener.class);

    private final SiteEventIngest ingest;
    private final String topicPrefix;
    private final ConsumedOffsets offsets;
    private final IngestErrorHandler errors;
    private final IngestMetrics metrics;
    private final StaticRejoin rejoin;
    /** Assigned partitions whose stored position could not be read at assignment: sought before their first batch. */
    private final Set<TopicPartition> unsought = ConcurrentHashMap.newKeySet();

    SiteEventsListener(SiteEventIngest ingest, String topicPrefix, ConsumedOffsets offsets, IngestErrorHandler errors,
                       IngestMetrics metrics, StaticRejoin rejoin) {
        this.rejoin = rejoin;
        this.ingest = ingest;
        this.topicPrefix = topicPrefix;
        this.offsets = offsets;
        this.errors = errors;
        this.metrics = metrics;
    }

    /**
     * Sends the consumer to where the database says each partition stands. A partition without a row is read from its
     * beginning (redelivered events are skipped by the sequence guard), except on the first start after upgrading to
     * stored positions (no row at all while the catalogue has events): then Kafka's committed offsets stand, once.
     * If the database cannot be read now, the partitions are sought before their first batch.
     */
    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        rejoin.assigned(assignments.size());
        try {
            seekToStored(assignments.keySet(), (partition, offset) -> {
                if (offset == null) {
                    callback.seekToBeginning(List.of(partition));
                } else {
                    callback.seek(partition.topic(), partition.partition(), offset);
                }
            });
        } catch (RuntimeException e) {
            log.warn("stored positions unreadable at assignment, sought before the first batch partitions={} cause={}",
                    assignments.size(), IngestErrors.summary(e));
            unsought.addAll(assignments.keySet());
        }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        unsought.removeAll(partitions);
    }

    private void seekToStored(Collection<TopicPartition> partitions, BiConsumer<TopicPartition, Long> seek) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = offsets.positions(partitions);
        boolean upgrading = stored.isEmpty() && !offsets.anyStored() && !offsets.catalogueEmpty();
        for (TopicPartition partition : partitions) {
            Long next = stored.get(partition);
            if (next == null && upgrading) {
                log.info("no stored position yet, starting from Kafka's committed offset partition={}", partition);
                continue;
            }
            log.info("partition assigned, seeking to the stored position partition={} nextOffset={}", partition,
                    next == null ? "beginning" : next);
            seek.accept(partition, next);
        }
    }

    // idIsGroup = false: the group is archive-sync.hub.ingest.group-id (the one the deploy ACLs grant), not the id.
    @KafkaListener(id = "archive-sync-ingest", idIsGroup = false,
            topicPattern = "#{@siteEventsTopicPattern}",
            containerFactory = "ingestListenerContainerFactory", batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        log.debug("batch received records={}", records.size());
        Set<TopicPartition> seekFirst = seekUnsought(records, consumer);
        Map<TopicPartition, Long> heldBack = heldBack(records, topicPrefix);
        List<InboundRecord> batch = new ArrayList<>(records.size());
        InboundRecord.LinkHeaders.Parser links = new InboundRecord.LinkHeaders.Parser();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition partition = new TopicPartition(r.topic(), r.partition());
            Long from = heldBack.get(partition);
            if (seekFirst.contains(partition) || from != null && r.offset() >= from) {
                continue;
            }
            commit.put(partition, new OffsetAndMetadata(r.offset() + 1));
            batch.add(inbound(r, topicPrefix, links));
        }
        heldBack.forEach((partition, from) -> {
            if (!seekFirst.contains(partition)) {
                commit.put(partition, new OffsetAndMetadata(from));
            }
        });
        List<ConsumedOffsets.Position> positions = new ArrayList<>(commit.size());
        commit.forEach((p, o) -> positions.add(new ConsumedOffsets.Position(p.topic(), p.partition(), o.offset())));
        try {
            ingest.ingest(batch, positions);
        } catch (RuntimeException e) {
            throw e;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error e) {
            // The container stops for good on an Error; ingest must go on trying (and readiness say it fails).
            throw new IllegalStateException("ingest failed with " + e.getClass().getName(), e);
        }
        errors.succeeded();
        var assigned = consumer.assignment();
        heldBack.forEach((partition, from) -> {
            // A partition revoked while the batch ran seeks to its stored position wherever it is assigned next.
            if (assigned.contains(partition) && !seekFirst.contains(partition)) {
                consumer.seek(partition, from);
            }
        });
        commitAdvisory(consumer, commit);
    }

    /**
     * Seeks the partitions of this batch whose stored position could not be read at assignment, and returns them: their
     * records in this batch are left for the poll after the seek. Throws (the batch is retried) if the database still
     * cannot be read.
     */
    private Set<TopicPartition> seekUnsought(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer) {
        if (unsought.isEmpty()) {
            return Set.of();
        }
        Set<TopicPartition> pending = new HashSet<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition partition = new TopicPartition(r.topic(), r.partition());
            if (unsought.contains(partition)) {
                pending.add(partition);
            }
        }
        seekToStored(pending, (partition, offset) -> {
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        });
        unsought.removeAll(pending);
        return pending;
    }

    /** Kafka's committed offsets only inform tools and lag monitors: a failed commit costs nothing. */
    private void commitAdvisory(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> commit) {
        if (commit.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(commit);
        } catch (WakeupException | InterruptException e) {
            throw e;
        } catch (KafkaException e) {
            metrics.failure("commit");
            log.warn("advisory offset commit failed, the stored positions stand partitions={} cause={}", commit.keySet(),
                    e.getClass().getSimpleName());
        }
    }

    /**
     * Per partition, the offset from which this batch holds back: the earliest first record of a site's unsigned tail
     * (its records after its last signed one in the batch), unless that is the partition's first record here.
     */
    static Map<TopicPartition, Long> heldBack(List<ConsumerRecord<String, byte[]>> records, String topicPrefix) {
        // Per partition and site: the offset of the site's first record after its last signed record, or null.
        Map<TopicPartition, Map<String, Long>> tails = new LinkedHashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition partition = new TopicPartition(r.topic(), r.partition());
            first.putIfAbsent(partition, r.offset());
            String site = siteOf(r, topicPrefix);
            Map<String, Long> sites = tails.computeIfAbsent(partition, p -> new HashMap<>());
            if (r.headers().lastHeader(SiteEventHeaders.SIGNATURE) != null) {
                sites.put(site, null);
            } else if (sites.get(site) == null) {
                sites.put(site, r.offset());
            }
        }
        Map<TopicPartition, Long> heldBack = new HashMap<>();
        tails.forEach((partition, sites) -> sites.values().stream().filter(o -> o != null).min(Long::compare)
                .filter(from -> from > first.get(partition)).ifPresent(from -> heldBack.put(partition, from)));
        return heldBack;
    }

    /**
     * The site a record belongs to: the one its topic names. The pattern subscription only brings topics under the
     * prefix, so every record has one.
     */
    static String siteOf(ConsumerRecord<?, ?> r, String topicPrefix) {
        return SiteEventTopics.siteOf(topicPrefix, r.topic()).orElseThrow(() -> new IllegalStateException(
                "record of a topic outside " + topicPrefix + ".*: " + r.topic() + "-" + r.partition()));
    }

    private static InboundRecord inbound(ConsumerRecord<String, byte[]> r, String topicPrefix,
                                         InboundRecord.LinkHeaders.Parser links) {
        Header signature = r.headers().lastHeader(SiteEventHeaders.SIGNATURE);
        Header keyId = r.headers().lastHeader(SiteEventHeaders.KEY_ID);
        String origin = r.topic() + "-" + r.partition() + "@" + r.offset();
        return new InboundRecord(siteOf(r, topicPrefix), r.value() == null ? new byte[0] : r.value(),
                signature == null ? null : signature.value(),
                keyId == null ? null : new String(keyId.value(), StandardCharsets.UTF_8), origin, link(r, origin, links));
    }

    /** The link headers, parsed here, where the record comes in. */
    private static InboundRecord.LinkHeaders link(ConsumerRecord<String, byte[]> r, String origin,
                                                  InboundRecord.LinkHeaders.Parser links) {
        Header backlog = r.headers().lastHeader(SiteEventHeaders.BACKLOG);
        Header sentAt = r.headers().lastHeader(SiteEventHeaders.SENT_AT);
        Long brokerTime = r.timestampType() == TimestampType.LOG_APPEND_TIME ? r.timestamp() : null;
        if (backlog == null && sentAt == null && brokerTime == null) {
            return InboundRecord.LinkHeaders.NONE;
        }
        return links.parse(backlog == null ? null : backlog.value(),
                sentAt == null ? null : sentAt.value(), brokerTime, origin);
    }
}
