package org.archivesync.agent.publisher;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.outbox.ChainFork;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.outbox.OutboxStatus;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.archivesync.schemas.wire.SiteEventTopics;
import org.archivesync.schemas.wire.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox to this site's topic, {@code archive.site-events.<siteCode>}, in sequence order, from one
 * background thread. The topic is the only one the site's Kafka credential may write, and the hub attributes what it
 * reads there to this site whatever the key says.
 *
 * <p>Each round reads the lowest unpublished rows, sends them with an idempotent producer ({@code acks=all},
 * {@code enable.idempotence=true}, key = site code, {@code as-signature}/{@code as-key-id} headers on signed rows,
 * {@code as-backlog}/{@code as-sent-at} on every row), the stored bytes behind the Confluent wire prefix, and marks
 * published only the rows the broker acknowledged, in
 * order, stopping at the first failure. A failed round (broker or registry down) backs off exponentially up to a cap
 * and logs each retry with its count; recording is never blocked, and publishing resumes by itself. While it backs off,
 * a cheap check every {@code link-probe-interval} (broker metadata, or the registry's answer, whichever failed) runs
 * the next round as soon as the link is back.
 *
 * <p>The registry is needed only for a schema this agent never saw: its answers are kept next to the store
 * ({@link LinkState}), so an office whose hub (and the registry the hub embeds) is down still publishes to a broker
 * that is up. Registry, broker and hub are told apart in what is recorded for {@code status}.
 *
 * <p>It also follows the hub's cursor for this site ({@link CursorWatcher}, {@link CursorRepair}). When the cursor
 * stands still behind what was published for longer than the repair grace, the rows after it are marked unpublished
 * and sent again, once: exactly the range the hub is missing. When the cursor is ahead (events imported from a USB
 * bundle) and names the same hash, those rows count as delivered.
 */
public final class Publisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Publisher.class);

    private final Outbox outbox;
    private final Supplier<Optional<SiteIdentity>> identity;
    private final PublisherSettings settings;
    private final Clock clock;
    private final LongSupplier ticker;
    private final LinkState link;
    private final SchemaRegistryClient registry;
    private final Backoff backoff;
    private final CursorRepair repair;
    private final Counter publishedEvents;
    private final Counter republishedEvents;
    private final AtomicReference<Boolean> brokerReachable = new AtomicReference<>();
    private final AtomicLong rounds = new AtomicLong();
    /** At start, how long a round waits for the cursor watcher's catch-up, and how many times at most. */
    private static final Duration STARTUP_WAIT = Duration.ofMillis(100);
    private static final int MAX_STARTUP_WAITS = 100;
    private int startupWaits;
    /** The fork last logged, so each is logged once; null when none. */
    private volatile ChainFork lastFork;
    private final ScheduledExecutorService executor;

    private volatile boolean running;
    private KafkaProducer<String, byte[]> producer;
    private volatile CursorWatcher watcher;
    private Integer schemaId;
    /** Ticker reading when this publisher started: the send time of what an earlier process sent. */
    private final long startedNanos;
    /** First sequence of each acknowledged send → ticker reading; entries below the hub's cursor are dropped. */
    private final NavigableMap<Long, Long> sentAtNanos = new TreeMap<>();
    private CursorWatcher.Observation lastEvaluated;
    private long lastEvaluatedNanos;
    private String siteCode;
    private long lastProbe;
    private long lastStateSaved;

    /**
     * @param outbox the outbox to drain (never null)
     * @param identity the enrolled site, empty before enrollment (nothing is sent then) (never null)
     * @param settings broker, registry, topics and timings (never null)
     * @param clock for publish times and the repair grace (never null)
     * @param meters where the backlog gauges and publish counters go (never null)
     */
    public Publisher(Outbox outbox, Supplier<Optional<SiteIdentity>> identity, PublisherSettings settings, Clock clock,
                     MeterRegistry meters) {
        this(outbox, identity, settings, clock, System::nanoTime, meters);
    }

    /**
     * As above, measuring the repair grace on {@code ticker} (monotonic nanoseconds, as {@link System#nanoTime()}),
     * so tests can move it.
     */
    Publisher(Outbox outbox, Supplier<Optional<SiteIdentity>> identity, PublisherSettings settings, Clock clock,
              LongSupplier ticker, MeterRegistry meters) {
        this.outbox = outbox;
        this.identity = identity;
        this.settings = settings;
        this.clock = clock;
        this.ticker = ticker;
        this.startedNanos = ticker.getAsLong();
        this.link = LinkState.of(outbox.store());
        this.registry = registryClient(settings).withKnownSchemas(link);
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), settings.backoffMultiplier());
        this.repair = new CursorRepair(outbox, clock, ticker, settings.repairGrace());
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "archive-sync-publisher");
            t.setDaemon(true);
            return t;
        });
        this.publishedEvents = Counter.builder("archivesync.agent.publish.events")
                .description("Outbox events acknowledged by the broker (rate = publish rate)").register(meters);
        this.republishedEvents = Counter.builder("archivesync.agent.publish.republished")
                .description("Outbox events marked for republishing because the hub's cursor was behind").register(meters);
        Gauge.builder("archivesync.agent.outbox.backlog", outbox, o -> o.status().backlog())
                .description("Outbox events not yet acknowledged by the broker").register(meters);
        Gauge.builder("archivesync.agent.outbox.backlog.age", outbox, o -> backlogAgeSeconds(o.status(), clock))
                .description("Age of the oldest unpublished outbox event").baseUnit("seconds").register(meters);
        Gauge.builder("archivesync.agent.broker.reachable", brokerReachable, r -> Boolean.TRUE.equals(r.get()) ? 1 : 0)
                .description("1 when the last publish round or probe reached the broker").register(meters);
    }

    /**
     * Checks the registry, then starts the background loop; recording goes on whether or not it runs.
     *
     * <p>The agent never registers a schema (its registry user may only read): it looks up the id of the site-event
     * schema it writes. When the registry answers that it lacks that schema, or refuses this agent's credentials, the
     * agent cannot publish until someone fixes the configuration, so it refuses to start and says what to fix. When
     * the registry cannot be reached, it starts: recording goes on offline and each round looks again before
     * publishing.
     *
     * @throws RegistryRefusedException the registry lacks the schema, or refused the credentials (401) or the user
     *                                  (403)
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        checkRegistry();
        running = true;
        executor.execute(this::round);
    }

    /** Whether the last round or probe reached the broker; null before the first attempt. */
    public Boolean brokerReachable() {
        return brokerReachable.get();
    }

    /** The registry, broker-apart link state and the kept registry answers. */
    public LinkState link() {
        return link;
    }

    /** The newest hub cursor the watcher saw for this site, or null; for tests. */
    CursorWatcher.Observation hubCursor() {
        CursorWatcher w = watcher;
        return w == null ? null : w.latest();
    }

    /** Failed rounds since the last successful one. */
    public int failedAttempts() {
        return backoff.attempts();
    }

    /** Rounds run so far. */
    public long rounds() {
        return rounds.get();
    }

    /** What a failed round could not reach: the next check looks at that. */
    private enum Failed { REGISTRY, BROKER, OTHER }

    private void round() {
        if (!running) {
            return;
        }
        Duration next;
        Failed failed = null;
        try {
            next = publishRound();
        } catch (SchemaRegistryException e) {
            // The registry (the hub's /registry by default) is down, not the broker: say so, keep the producer.
            link.registry(false, clock.instant(), Backoff.describe(e));
            failed = e.retriable() ? Failed.REGISTRY : Failed.OTHER;
            next = backoff.failed(siteCode, e);
        } catch (Exception e) {
            closeProducer();
            setReachable(false, Backoff.describe(e), true);
            failed = Failed.BROKER;
            next = backoff.failed(siteCode, e);
        } catch (Throwable t) {
            log.error("publisher round failed unexpectedly siteCode={} error={}", siteCode, Backoff.describe(t));
            failed = Failed.OTHER;
            next = backoff.failed(siteCode, t);
        }
        rounds.incrementAndGet();
        if (failed == Failed.REGISTRY || failed == Failed.BROKER) {
            Failed what = failed;
            long deadline = ticker.getAsLong() + next.toNanos();
            schedule(() -> awaitLink(what, deadline), shorter(settings.linkProbeInterval(), next));
        } else {
            schedule(this::round, next);
        }
    }

    /**
     * Backing off after a failed round: runs the next round when the back-off is over, or earlier, as soon as a cheap
     * check finds the link back.
     */
    private void awaitLink(Failed failed, long deadlineNanos) {
        if (!running) {
            return;
        }
        long remaining = deadlineNanos - ticker.getAsLong();
        if (remaining <= 0 || linkBack(failed)) {
            round();
            return;
        }
        schedule(() -> awaitLink(failed, deadlineNanos),
                shorter(settings.linkProbeInterval(), Duration.ofNanos(remaining)));
    }

    /** One cheap check of what failed; never throws. */
    private boolean linkBack(Failed failed) {
        try {
            if (failed == Failed.REGISTRY) {
                registry.lookup(subject(), SiteEvent.getClassSchema());
                link.registry(true, clock.instant(), null);
                log.info("schema registry answers again registry={}", registry.baseUrl());
                return true;
            }
            if (siteCode == null) {
                return false;
            }
            // Metadata only: blocks at most max.block.ms; a producer closed after the failure has none cached.
            producer().partitionsFor(topic());
            log.info("broker answers again siteCode={} bootstrapServers={}", siteCode, settings.bootstrapServers());
            return true;
        } catch (RuntimeException e) {
            log.debug("link still down failed={} error={}", failed, Backoff.describe(e));
            return false;
        }
    }

    private void schedule(Runnable task, Duration after) {
        if (running) {
            try {
                executor.schedule(task, after.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Closing.
            }
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One round; returns the pause before the next. Throws when the broker or registry failed. */
    private Duration publishRound() throws Exception {
        Optional<SiteIdentity> site = identity.get();
        if (site.isEmpty()) {
            return settings.pollInterval();
        }
        siteCode = site.get().siteCode();
        if (watcher == null) {
            watcher = new CursorWatcher(settings, registry, siteCode, outbox, clock, ticker, link);
            watcher.start();
        }
        if (!watcher.settled() && startupWaits++ < MAX_STARTUP_WAITS) {
            // Hear the hub's newest cursor first (about a second): a fork must be found before anything is sent.
            return STARTUP_WAIT;
        }
        repairFromHubCursor();
        if (refuseFork()) {
            return settings.pollInterval();
        }
        Outbox.Pending pending = outbox.pending(settings.batchSize());
        List<OutboxEntry> rows = pending.rows();
        if (rows.isEmpty()) {
            probeWhenIdle();
            backoff.succeeded();
            return settings.pollInterval();
        }
        int id = schemaId();
        KafkaProducer<String, byte[]> p = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        Exception failure = null;
        byte[] sentAt = clock.instant().toString().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < rows.size(); i++) {
            OutboxEntry row = rows.get(i);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic(), null, siteCode,
                    WireFormat.frame(id, row.body()));
            if (row.signed()) {
                record.headers().add(SiteEventHeaders.SIGNATURE, row.signature());
                record.headers().add(SiteEventHeaders.KEY_ID, row.keyId().getBytes(StandardCharsets.UTF_8));
            }
            record.headers().add(SiteEventHeaders.BACKLOG, Long.toString(pending.backlog() - i).getBytes(StandardCharsets.UTF_8));
            record.headers().add(SiteEventHeaders.SENT_AT, sentAt);
            try {
                Future<RecordMetadata> f = p.send(record);
                sent.add(f);
                if (f.isDone() && failed(f)) {
                    // The broker is unreachable: stop here rather than wait max.block.ms for every row.
                    break;
                }
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
        }
        int acknowledged = 0;
        for (Future<RecordMetadata> f : sent) {
            try {
                f.get(settings.deliveryTimeout().toMillis() + 30_000, TimeUnit.MILLISECONDS);
                acknowledged++;
            } catch (ExecutionException e) {
                failure = e.getCause() instanceof Exception ex ? ex : e;
                break;
            }
        }
        if (acknowledged > 0) {
            long first = rows.get(0).sequence();
            long last = rows.get(acknowledged - 1).sequence();
            outbox.markPublished(first, last, clock.millis());
            // first..last went out now, whatever an earlier send of part of it said.
            sentAtNanos.subMap(first, true, last, true).clear();
            sentAtNanos.put(first, ticker.getAsLong());
            publishedEvents.increment(acknowledged);
            log.debug("published siteCode={} firstSequence={} lastSequence={} count={}", siteCode, first, last, acknowledged);
        }
        if (failure != null) {
            throw failure;
        }
        setReachable(true, null, false);
        backoff.succeeded();
        return rows.size() >= settings.batchSize() ? Duration.ZERO : settings.pollInterval();
    }

    /**
     * Asks the repair about the newest cursor: when it arrives, and again at least every second while it stands still
     * (the grace runs out without a new record; rounds come every poll interval).
     */
    private void repairFromHubCursor() {
        CursorWatcher.Observation cursor = watcher.latest();
        if (cursor == null) {
            return;
        }
        long now = ticker.getAsLong();
        if (cursor == lastEvaluated && now - lastEvaluatedNanos < Duration.ofSeconds(1).toNanos()) {
            return;
        }
        lastEvaluated = cursor;
        lastEvaluatedNanos = now;
        CursorRepair.Result result = repair.apply(siteCode, cursor, sentAt(cursor.lastSequence() + 1));
        if (result.outcome() == CursorRepair.Outcome.REPUBLISHED) {
            republishedEvents.increment(result.rows());
        }
    }

    /**
     * While this chain parts from the hub's, nothing more is sent: the hub would not apply it, and an operator's
     * re-base renumbers it. Logged once per fork.
     */
    private boolean refuseFork() {
        ChainFork fork = outbox.fork();
        if (fork != null && !fork.equals(lastFork)) {
            log.error("chain forked from the hub, publishing stopped until an operator re-bases this office"
                    + " (deploy/README.md, Forks) siteCode={} kind={} hubSequence={} localSequence={}", siteCode,
                    fork.kind(), fork.hubSequence(), fork.localSequence());
        }
        lastFork = fork;
        return fork != null;
    }

    /**
     * When {@code sequence} was last handed to the broker by this process, on the ticker; the start of this process
     * for what an earlier one sent. Forgets what lies below it (the hub has that).
     */
    private long sentAt(long sequence) {
        Long floor = sentAtNanos.floorKey(sequence);
        if (floor == null) {
            return startedNanos;
        }
        sentAtNanos.headMap(floor, false).clear();
        return sentAtNanos.get(floor);
    }

    /**
     * With nothing to send, looks at the broker and the registry every probe interval, so {@code status} tells each
     * apart even while idle. A registry that does not answer fails nothing: its answers are kept.
     */
    private void probeWhenIdle() {
        long now = clock.millis();
        if (Boolean.TRUE.equals(brokerReachable.get()) && now - lastProbe < settings.probeInterval().toMillis()) {
            return;
        }
        lastProbe = now;
        producer().partitionsFor(topic());
        setReachable(true, null, false);
        try {
            registry.lookup(subject(), SiteEvent.getClassSchema());
            link.registry(true, clock.instant(), null);
        } catch (SchemaRegistryException e) {
            link.registry(false, clock.instant(), Backoff.describe(e));
            log.debug("schema registry not answering while idle registry={} error={}", registry.baseUrl(),
                    Backoff.describe(e));
        }
    }

    private void checkRegistry() {
        String subject = subject();
        String schema = SiteEvent.getClassSchema().getFullName();
        try {
            boolean known = schemaId == null && link.idOf(subject, SiteEvent.getClassSchema()) != null;
            schemaId();
            if (!known) {
                link.registry(true, clock.instant(), null);
            }
        } catch (SchemaRegistryException.SubjectNotFoundException | SchemaRegistryException.SchemaNotFoundException e) {
            throw new RegistryRefusedException(e, "publisher.schema-missing", registry.baseUrl(), subject, schema);
        } catch (SchemaRegistryException.AccessDeniedException e) {
            throw new RegistryRefusedException(e, e.status() == 403 ? "publisher.registry-forbidden"
                    : e.user() == null ? "publisher.registry-credentials-missing" : "publisher.registry-unauthorized",
                    registry.baseUrl(), e.user() == null ? "" : e.user());
        } catch (SchemaRegistryException e) {
            // Unreachable, or an answer that is no refusal of this agent: record offline, look again before publishing.
            link.registry(false, clock.instant(), Backoff.describe(e));
            log.warn("schema registry not usable at start registry={} subject={} status={} error={}", registry.baseUrl(),
                    subject, e.status(), e.getMessage());
        }
    }

    /** One subject for every office's topic (SiteEventTopics): the subject of the prefix, not of this topic. */
    private String subject() {
        return SiteEventTopics.valueSubject(settings.topicPrefix());
    }

    /** The id of the site-event schema, looked up (never registered: the hub registers the contract at start). */
    private int schemaId() {
        if (schemaId == null) {
            String subject = subject();
            schemaId = registry.idOf(subject, SiteEvent.getClassSchema());
            log.info("schema found subject={} schemaId={} registry={}", subject, schemaId, registry.baseUrl());
        }
        return schemaId;
    }

    private static SchemaRegistryClient registryClient(PublisherSettings settings) {
        try {
            return SchemaRegistryClient.withBasicAuth(URI.create(settings.schemaRegistryUrl()), Duration.ofSeconds(10),
                    settings.schemaRegistryCredentialsSource(), settings.schemaRegistryUserInfo());
        } catch (IllegalArgumentException e) {
            // The message names the setting, never its value.
            throw new IllegalArgumentException("archive-sync.agent.publisher.schema-registry-credentials-source /"
                    + " schema-registry-user-info: " + e.getMessage(), e);
        }
    }

    /** This site's topic; the site code is known once the round found the site enrolled. */
    private String topic() {
        return SiteEventTopics.topic(settings.topicPrefix(), siteCode);
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = new HashMap<>();
            config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "archive-sync-agent-" + siteCode);
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
            config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.maxBlock().toMillis());
            config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) settings.deliveryTimeout().toMillis());
            config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                    (int) Math.min(30_000, settings.deliveryTimeout().toMillis() / 2));
            config.putAll(settings.producer());
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                // A failed idempotent producer may hold a stale producer id and sequence state; a fresh one is clean.
                producer.close(Duration.ZERO);
            } catch (RuntimeException e) {
                log.debug("closing producer failed error={}", Backoff.describe(e));
            }
            producer = null;
        }
    }

    private void setReachable(boolean reachable, String error, boolean force) {
        Boolean before = brokerReachable.getAndSet(reachable);
        long now = clock.millis();
        // One write per change, or per minute: the outbox transaction is the hot path, not this.
        if (force || before == null || before != reachable || now - lastStateSaved > 60_000) {
            try {
                outbox.saveBrokerState(reachable, now, error);
                lastStateSaved = now;
            } catch (RuntimeException e) {
                log.warn("cannot save delivery state error={}", Backoff.describe(e));
            }
        }
    }

    private static boolean failed(Future<RecordMetadata> f) {
        try {
            f.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static double backlogAgeSeconds(OutboxStatus status, Clock clock) {
        return status.oldestUnpublishedAt() == null ? 0
                : Math.max(0, (clock.millis() - status.oldestUnpublishedAt()) / 1000.0);
    }

    /** Stops the loop and the cursor watcher; unacknowledged rows stay unpublished and go out on the next start. */
    @Override
    public void close() {
        running = false;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(settings.deliveryTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        if (watcher != null) {
            watcher.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }
}
