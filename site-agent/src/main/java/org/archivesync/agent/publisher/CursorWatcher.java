package org.archivesync.agent.publisher;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.HubRefusal;
import org.archivesync.avro.RefusedEvent;
import org.archivesync.avro.SiteCursor;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroWireDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code archive.site-cursors} and keeps the hub's latest cursor for this site. It reads the compacted topic
 * without a consumer group (nothing to commit: the latest value is all that matters), and only observes: the
 * publisher's thread decides what to republish, so a repair never races an acknowledgement.
 *
 * <p>At start it reads up to the end offsets it found on assignment before it tells anyone: the older values of this
 * site's key (compaction keeps many until it runs) are passed over, and the first observation is the newest cursor,
 * never a stale one. The hub re-publishes every cursor each heartbeat; a record with the same value only says the hub
 * is alive. When the value last changed is measured on the monotonic ticker, so a wall-clock step never makes a
 * cursor look still (or moving).
 */
final class CursorWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CursorWatcher.class);

    /**
     * The newest cursor record seen for this site; {@code partition} and {@code offset} identify it.
     * {@code changedAtNanos} is the ticker's reading when this value (sequence, hash, quarantined) was first seen: a
     * heartbeat repeating it keeps it; the first observation after a start gets the start's reading.
     */
    record Observation(int partition, long offset, long lastSequence, byte[] lastHash, boolean quarantined,
                       long changedAtNanos) {

        boolean sameValue(Observation other) {
            return other != null && lastSequence == other.lastSequence && quarantined == other.quarantined
                    && java.util.Arrays.equals(lastHash, other.lastHash);
        }
    }

    private final PublisherSettings settings;
    private final SchemaRegistryClient registry;
    private final String siteCode;
    private final Outbox outbox;
    private final Clock clock;
    private final LongSupplier ticker;
    private final LinkState link;
    private final AtomicReference<Observation> latest = new AtomicReference<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    /**
     * Whether the start's catch-up is over (the newest cursor, if any, is saved), or cannot happen now (no cursor topic
     * yet, a failure): until then the publisher holds back, so a store restored from a backup never sends what it
     * recorded into a fork before it has heard how far the hub is.
     */
    private volatile boolean settled;
    private volatile KafkaConsumer<String, Object> consumer;
    private Thread thread;
    /** End offsets found on assignment; empty once reached (the start's catch-up is over). */
    private Map<TopicPartition, Long> catchUpTo = Map.of();
    /** The newest record of this site read during the catch-up, not yet told. */
    private Observation newestDuringCatchUp;
    private List<RefusedEvent> refusalsDuringCatchUp = new ArrayList<>();

    CursorWatcher(PublisherSettings settings, SchemaRegistryClient registry, String siteCode, Outbox outbox, Clock clock,
                  LongSupplier ticker, LinkState link) {
        this.settings = settings;
        this.registry = registry;
        this.siteCode = siteCode;
        this.outbox = outbox;
        this.clock = clock;
        this.ticker = ticker;
        this.link = link;
    }

    void start() {
        thread = new Thread(this::run, "archive-sync-cursor-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    Observation latest() {
        return latest.get();
    }

    boolean settled() {
        return settled;
    }

    private void run() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "archive-sync-agent-cursors-" + siteCode);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The hub owns the compacted cursor topic; an agent must never create it with broker defaults.
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.maxBlock().toMillis());
        config.putAll(settings.consumer());
        int failures = 0;
        try (KafkaConsumer<String, Object> c = new KafkaConsumer<>(config, new StringDeserializer(),
                new AvroWireDeserializer(registry))) {
            consumer = c;
            while (running) {
                try {
                    if (c.assignment().isEmpty() && !assign(c)) {
                        settled = true;
                        pause(settings.probeInterval());
                        continue;
                    }
                    Observation seen = null;
                    List<RefusedEvent> refused = new ArrayList<>();
                    for (ConsumerRecord<String, Object> r : c.poll(Duration.ofMillis(500))) {
                        if (siteCode.equals(r.key()) && r.value() instanceof SiteCursor cursor
                                && siteCode.equals(cursor.getSiteCode())) {
                            seen = new Observation(r.partition(), r.offset(), cursor.getLastSequence(),
                                    cursor.getLastHash().bytes(), cursor.getQuarantined(), 0);
                            // Each record carries the refusals of its batch: keep them all (saved once each).
                            refused.addAll(cursor.getRefusals());
                        }
                    }
                    if (!catchUpTo.isEmpty()) {
                        if (seen != null) {
                            newestDuringCatchUp = seen;
                            refusalsDuringCatchUp.addAll(refused);
                        }
                        if (!caughtUp(c)) {
                            continue;
                        }
                        catchUpTo = Map.of();
                        seen = newestDuringCatchUp;
                        refused = refusalsDuringCatchUp;
                        newestDuringCatchUp = null;
                        refusalsDuringCatchUp = new ArrayList<>();
                    }
                    if (seen != null) {
                        observe(seen, refused);
                    }
                    settled = true;
                    failures = 0;
                } catch (WakeupException e) {
                    // close() asked us to stop.
                } catch (RecordDeserializationException e) {
                    settled = true;
                    if (Backoff.transientFailure(e)) {
                        // The registry is down, the record is fine: read it again later rather than lose the cursor.
                        failures++;
                        log.warn("cannot decode cursor record yet, retrying {}-{}@{} attempt={} error={}",
                                e.topicPartition().topic(), e.topicPartition().partition(), e.offset(), failures,
                                Backoff.describe(e));
                        c.seek(e.topicPartition(), e.offset());
                        pause(settings.backoffInitial().multipliedBy(Math.min(failures, 30)));
                    } else {
                        log.warn("skipping undecodable cursor record {}-{}@{} error={}", e.topicPartition().topic(),
                                e.topicPartition().partition(), e.offset(), Backoff.describe(e));
                        c.seek(e.topicPartition(), e.offset() + 1);
                    }
                } catch (KafkaException | org.archivesync.schemas.registry.SchemaRegistryException e) {
                    settled = true;
                    failures++;
                    log.warn("cursor watch failed siteCode={} attempt={} error={}", siteCode, failures, Backoff.describe(e));
                    pause(settings.backoffInitial().multipliedBy(Math.min(failures, 30)));
                }
            }
        } catch (RuntimeException e) {
            settled = true;
            log.error("cursor watcher stopped siteCode={} error={}", siteCode, Backoff.describe(e));
        } finally {
            consumer = null;
        }
    }

    /** Takes {@code seen} as the latest cursor, keeping the time its value last changed. */
    private void observe(Observation seen, List<RefusedEvent> refused) {
        Observation before = latest.get();
        boolean changed = !seen.sameValue(before);
        Observation now = new Observation(seen.partition(), seen.offset(), seen.lastSequence(), seen.lastHash(),
                seen.quarantined(), changed ? ticker.getAsLong() : before.changedAtNanos());
        latest.set(now);
        link.hubHeard(clock.instant());
        if (changed) {
            outbox.saveHubCursor(now.lastSequence(), now.lastHash(), now.quarantined(), clock.millis());
        }
        long at = clock.millis();
        outbox.saveHubRefusals(refused.stream().map(e -> new HubRefusal(e.getSequence(), e.getReason(),
                e.getRecord(), e.getHolderSiteCode(), e.getDetail(), at)).toList());
        if (changed) {
            for (RefusedEvent e : refused) {
                log.warn("hub refused event siteCode={} sequence={} reason={} record={} holder={}", siteCode,
                        e.getSequence(), e.getReason(), e.getRecord(), e.getHolderSiteCode());
            }
            log.info("hub cursor seen siteCode={} sequence={} quarantined={} record={}-{}@{}", siteCode,
                    now.lastSequence(), now.quarantined(), settings.cursorTopic(), now.partition(), now.offset());
        } else {
            log.debug("hub cursor unchanged siteCode={} sequence={} record={}-{}@{}", siteCode, now.lastSequence(),
                    settings.cursorTopic(), now.partition(), now.offset());
        }
    }

    private boolean caughtUp(KafkaConsumer<String, Object> c) {
        for (Map.Entry<TopicPartition, Long> e : catchUpTo.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private boolean assign(KafkaConsumer<String, Object> c) {
        List<PartitionInfo> partitions;
        try {
            partitions = c.partitionsFor(settings.cursorTopic(), settings.maxBlock());
        } catch (org.apache.kafka.common.errors.TimeoutException
                 | org.apache.kafka.common.errors.UnknownTopicOrPartitionException e) {
            partitions = List.of();
        }
        if (partitions == null || partitions.isEmpty()) {
            log.debug("cursor topic not available yet topic={}", settings.cursorTopic());
            return false;
        }
        List<TopicPartition> assigned = new ArrayList<>();
        for (PartitionInfo p : partitions) {
            assigned.add(new TopicPartition(p.topic(), p.partition()));
        }
        c.assign(assigned);
        c.seekToBeginning(assigned);
        catchUpTo = new HashMap<>(c.endOffsets(assigned));
        catchUpTo.values().removeIf(end -> end == 0);
        log.info("following hub cursors topic={} partitions={}", settings.cursorTopic(), assigned.size());
        return true;
    }

    private void pause(Duration d) {
        try {
            stopped.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        stopped.countDown();
        KafkaConsumer<String, Object> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
