package org.archivesync.hub.outbound;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.archivesync.avro.CatalogueFile;
import org.archivesync.avro.RefusedEvent;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteCursor;
import org.archivesync.avro.SiteProgress;
import org.archivesync.hub.catalogue.CatalogueReader;
import org.archivesync.hub.leader.LeaderWork;
import org.archivesync.hub.progress.Figures;
import org.archivesync.hub.progress.Progress;
import org.archivesync.hub.progress.SiteFigures;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.AvroWireSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Sends the outbox to Kafka, in id order, after each commit that wrote to it and on start (whatever a crash left
 * unsent). One round is one transaction: read a batch of rows, send them, wait for every acknowledgement, delete them.
 * A failed round deletes nothing and is tried again after a pause. Only one hub instance sends at a time (a
 * transaction-scoped advisory lock), so a key's values reach its partition in the order they were committed.
 *
 * <p>Every {@code cursor-heartbeat} it also re-publishes every enrolled site's cursor as it stands, changed or not
 * (0 and zeros for a site that never sent anything), so an agent can tell a cursor that stands still from one it
 * has not heard, and repair what the hub lacks after a quiet period.
 *
 * <p>Runs on the leader hub only ({@link LeaderWork}); the transaction lock stays, for the moments two hubs overlap.
 */
final class OutboxPublisher implements LeaderWork {

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);
    /** Advisory lock key: "outbox" in ASCII. */
    private static final long LOCK = 0x6f7574626f78L;

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(:key)";
    // Progress rows wait for their own, slower round (progressOnce).
    private static final String NEXT = """
            SELECT id, kind, message_key, payload FROM outbox WHERE kind <> 'SITE_PROGRESS' ORDER BY id LIMIT :limit""";
    private static final String TAKE_PROGRESS = """
            DELETE FROM outbox WHERE kind = 'SITE_PROGRESS' RETURNING message_key""";
    private static final String DELETE = "DELETE FROM outbox WHERE id = ANY(:ids::bigint[])";
    // One snapshot: a site with a cursor row still waiting in the outbox is left out, so a heartbeat never overtakes
    // (and never goes before) a committed change; that row carries the value anyway.
    private static final String HEARTBEAT = """
            SELECT s.site_code, coalesce(c.last_sequence, 0) AS last_sequence,
                   coalesce(c.last_hash, decode(repeat('00', 32), 'hex')) AS last_hash,
                   coalesce(c.quarantined, false) AS quarantined, coalesce(c.updated_at, s.created_at) AS updated_at
            FROM sites s LEFT JOIN site_cursors c ON c.site_code = s.site_code
            WHERE EXISTS (SELECT 1 FROM site_keys k WHERE k.site_code = s.site_code AND k.revoked_at IS NULL)
              AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'SITE_CURSOR' AND o.message_key = s.site_code)
            ORDER BY s.site_code""";
    /** The newest refusals of each site a heartbeat carries, as ingest puts them on a changed cursor. */
    private static final int HEARTBEAT_REFUSALS = 20;
    private static final String SUBJECTS = """
            SELECT DISTINCT subject FROM events
            WHERE site_code = :site AND sequence BETWEEN :from AND :to AND subject IS NOT NULL""";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final CatalogueReader catalogue;
    private final KafkaTemplate<String, byte[]> kafka;
    private final AvroWireSerializer serializer;
    private final OutboundProperties properties;
    private final OutboxSignal signal;
    private final Progress progress;
    private final Duration cursorHeartbeat;
    /** Per site, the figures this publisher last sent (compared without their time). */
    private final Map<String, Object> lastSentProgress = new ConcurrentHashMap<>();
    private volatile Thread thread;

    OutboxPublisher(JdbcClient jdbc, TransactionOperations transactions, CatalogueReader catalogue,
                    KafkaTemplate<String, byte[]> kafka, AvroWireSerializer serializer, OutboundProperties properties,
                    OutboxSignal signal, Progress progress, Duration cursorHeartbeat) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.catalogue = catalogue;
        this.kafka = kafka;
        this.serializer = serializer;
        this.properties = properties;
        this.signal = signal;
        this.progress = progress;
        this.cursorHeartbeat = cursorHeartbeat;
    }

    private record Row(long id, String kind, String key, byte[] payload) {
    }

    /**
     * Sends one round.
     *
     * @return rows sent and deleted; 0 when the outbox is empty or another instance holds the lock
     */
    int publishOnce() {
        Integer sent = transactions.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.sql(TRY_LOCK).param("key", LOCK).query(Boolean.class).single())) {
                return 0;
            }
            List<Row> rows = jdbc.sql(NEXT).param("limit", properties.batchRows())
                    .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4))).list();
            if (rows.isEmpty()) {
                return 0;
            }
            send(rows);
            jdbc.sql(DELETE).param("ids", rows.stream().mapToLong(Row::id).toArray()).update();
            return rows.size();
        });
        return sent == null ? 0 : sent;
    }

    /**
     * When progress rows wait: computes every site's figures now, sends those that differ from what this publisher
     * sent last (all of them after a start, so a crash loses nothing), and deletes the rows; one transaction, like a
     * round. A site's figures can change through another site's event (an appraisal of its file, a receipt), so the
     * figures, not the rows, say which sites to send.
     *
     * @return how many sites' figures were sent
     */
    int progressOnce() {
        Integer sent = transactions.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.sql(TRY_LOCK).param("key", LOCK).query(Boolean.class).single())) {
                return 0;
            }
            if (jdbc.sql(TAKE_PROGRESS).query(String.class).list().isEmpty()) {
                return 0;
            }
            String topic = properties.siteProgressTopic();
            List<CompletableFuture<SendResult<String, byte[]>>> acks = new ArrayList<>();
            Map<String, Object> sending = new HashMap<>();
            for (SiteFigures site : progress.siteFigures()) {
                Object figures = List.of(String.valueOf(site.unitCode()), site.figures(), site.lastSequence(),
                        site.atRisk());
                if (!figures.equals(lastSentProgress.get(site.siteCode()))) {
                    sending.put(site.siteCode(), figures);
                    acks.add(kafka.send(new ProducerRecord<>(topic, site.siteCode(),
                            serializer.serialize(topic, siteProgress(site)))));
                }
            }
            kafka.flush();
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .orTimeout(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS).join();
            lastSentProgress.putAll(sending);
            return acks.size();
        });
        return sent == null ? 0 : sent;
    }

    /**
     * Re-publishes every enrolled site's cursor as it stands (see the class comment); one transaction under the lock,
     * so only the active instance sends.
     *
     * @return how many cursors were sent; 0 when another instance holds the lock
     */
    int heartbeatOnce() {
        Integer sent = transactions.execute(status -> {
            if (!Boolean.TRUE.equals(jdbc.sql(TRY_LOCK).param("key", LOCK).query(Boolean.class).single())) {
                return 0;
            }
            Map<String, List<RefusedEvent>> refusals = new HashMap<>();
            catalogue.newestRefusals(HEARTBEAT_REFUSALS).forEach((site, newest) -> refusals.put(site, newest.stream()
                    .map(r -> RefusedEvent.newBuilder().setSequence(r.sequence()).setReason(r.reason().name())
                            .setRecord(r.record()).setHolderSiteCode(r.holderSiteCode()).setDetail(r.detail()).build())
                    .toList()));
            List<SiteCursor> cursors = jdbc.sql(HEARTBEAT).query((rs, n) -> SiteCursor.newBuilder()
                    .setSiteCode(rs.getString(1)).setLastSequence(rs.getLong(2)).setLastHash(new Sha256(rs.getBytes(3)))
                    .setQuarantined(rs.getBoolean(4)).setUpdatedAt(rs.getTimestamp(5).toInstant())
                    .setRefusals(refusals.getOrDefault(rs.getString(1), List.of())).build()).list();
            String topic = properties.siteCursorsTopic();
            List<CompletableFuture<SendResult<String, byte[]>>> acks = new ArrayList<>(cursors.size());
            for (SiteCursor cursor : cursors) {
                acks.add(kafka.send(new ProducerRecord<>(topic, cursor.getSiteCode(), serializer.serialize(topic, cursor))));
            }
            kafka.flush();
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .orTimeout(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS).join();
            return cursors.size();
        });
        int count = sent == null ? 0 : sent;
        log.debug("cursor heartbeat sent sites={}", count);
        return count;
    }

    /** The figures as {@code archive.site-progress} carries them (metres with two decimals). */
    private static SiteProgress siteProgress(SiteFigures site) {
        Figures f = site.figures();
        return SiteProgress.newBuilder()
                .setSiteCode(site.siteCode())
                .setUnitCode(site.unitCode())
                .setAsOf(site.asOf())
                .setInventoriedMetres(metres(f.inventoriedMetres()))
                .setUnsortedMetres(metres(f.unsortedMetres()))
                .setBoxedMetres(metres(f.boxedMetres()))
                .setSealedMetres(metres(f.sealedMetres()))
                .setDigitizedPages(f.digitizedPages())
                .setTransferredMetres(metres(f.transferredMetres()))
                .setHandedOverMetres(metres(f.handedOverMetres()))
                .setDestroyedMetres(metres(f.destroyedMetres()))
                .setFileCount(f.fileCount())
                .setAppraisedTransfer(f.appraisedTransfer())
                .setAppraisedKeep(f.appraisedKeep())
                .setAppraisedDestroy(f.appraisedDestroy())
                .setLastSequence(site.lastSequence())
                .setAtRisk(site.atRisk())
                .build();
    }

    private static BigDecimal metres(BigDecimal m) {
        return (m == null ? BigDecimal.ZERO : m).setScale(2, RoundingMode.HALF_UP);
    }

    private void send(List<Row> rows) {
        // Which files: named one by one, or as the subjects of a range of a site's event log. Each is sent once per
        // round, as it is now (a tombstone when destroyed or withdrawn); an unknown one not at all.
        Set<String> fileKeys = new LinkedHashSet<>();
        Set<String> redacted = new LinkedHashSet<>();
        for (Row row : rows) {
            if (row.kind().equals("CATALOGUE_REDACTED")) {
                redacted.add(row.key());
                fileKeys.add(row.key());
            } else if (row.kind().equals("CATALOGUE_FILE")) {
                fileKeys.add(row.key());
            } else if (row.kind().equals("CATALOGUE_RANGE")) {
                ByteBuffer range = ByteBuffer.wrap(row.payload());
                fileKeys.addAll(jdbc.sql(SUBJECTS).param("site", row.key()).param("from", range.getLong())
                        .param("to", range.getLong()).query(String.class).list());
            }
        }
        List<CompletableFuture<SendResult<String, byte[]>>> acks = new ArrayList<>(rows.size() + fileKeys.size());
        String filesTopic = properties.catalogueFilesTopic();
        // A file that became a state secret: a tombstone first, so that a downstream copy forgets the text it held,
        // then its stub below; one key is one partition, so the stub is the key's latest value.
        for (String key : redacted) {
            acks.add(kafka.send(new ProducerRecord<>(filesTopic, key, null)));
        }
        for (CatalogueReader.FileState file : catalogue.files(fileKeys)) {
            CatalogueFile value = CatalogueFiles.value(file);
            acks.add(kafka.send(new ProducerRecord<>(filesTopic, file.key(),
                    value == null ? null : serializer.serialize(filesTopic, value))));
        }
        for (Row row : rows) {
            if (row.kind().equals("SITE_CURSOR")) {
                String topic = properties.siteCursorsTopic();
                SiteCursor cursor = AvroCodec.decode(ByteBuffer.wrap(row.payload()), SiteCursor.getClassSchema(),
                        SiteCursor.getClassSchema());
                acks.add(kafka.send(new ProducerRecord<>(topic, row.key(), serializer.serialize(topic, cursor))));
            } else if (row.kind().equals("ALERT")) {
                acks.add(kafka.send(new ProducerRecord<>(properties.alertsTopic(), row.key(), row.payload())));
            }
        }
        kafka.flush();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .orTimeout(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS).join();
    }

    private void loop() {
        long pause = 0;
        long progressEvery = properties.progressInterval().toNanos();
        long progressDue = System.nanoTime();
        long heartbeatEvery = cursorHeartbeat.toNanos();
        long heartbeatDue = System.nanoTime() + heartbeatEvery;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long untilProgress = Math.max(1, (progressDue - System.nanoTime()) / 1_000_000);
                long untilHeartbeat = Math.max(1, (heartbeatDue - System.nanoTime()) / 1_000_000);
                signal.await(pause > 0 ? pause : Math.min(properties.pollInterval().toMillis(),
                        Math.min(untilProgress, untilHeartbeat)));
                int sent;
                do {
                    sent = publishOnce();
                } while (sent > 0);
                if (System.nanoTime() - progressDue >= 0) {
                    progressOnce();
                    progressDue = System.nanoTime() + progressEvery;
                }
                if (System.nanoTime() - heartbeatDue >= 0) {
                    // Due again one heartbeat later whether or not it went out: a failure is retried by the next.
                    heartbeatDue = System.nanoTime() + heartbeatEvery;
                    heartbeatOnce();
                }
                pause = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                pause = Math.min(Math.max(1000, pause * 2), properties.retryMaxInterval().toMillis());
                log.warn("outbox round failed, retrying pauseMillis={} cause={}", pause, e.toString());
            }
        }
    }

    @Override
    public synchronized void start() {
        Thread t = new Thread(this::loop, "outbox-publisher");
        t.setDaemon(true);
        thread = t;
        signal.wake();
        t.start();
    }

    @Override
    public synchronized void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(10).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kafka.getProducerFactory().reset();
    }

    @Override
    public boolean wanted() {
        return properties.publish();
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
