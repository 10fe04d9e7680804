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
import org.archivesync.avro.SiteCursor;
import org.archivesync.avro.SiteProgress;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.progress.Progress;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.AvroWireSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Sends the outbox to Kafka, in id order, after each commit that wrote to it and on start (whatever a crash left
 * unsent). One round is one transaction: read a batch of rows, send them, wait for every acknowledgement, delete them.
 * A failed round deletes nothing and is tried again after a pause. Only one hub instance sends at a time (a
 * transaction-scoped advisory lock), so a key's values reach its partition in the order they were committed.
 */
final class OutboxPublisher implements SmartLifecycle {

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
    private static final String SUBJECTS = """
            SELECT DISTINCT subject FROM events
            WHERE site_code = :site AND sequence BETWEEN :from AND :to AND subject IS NOT NULL""";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final Catalogue catalogue;
    private final KafkaTemplate<String, byte[]> kafka;
    private final AvroWireSerializer serializer;
    private final OutboundProperties properties;
    private final OutboxSignal signal;
    private final Progress progress;
    /** Per site, the figures this publisher last sent (compared without their time). */
    private final Map<String, Object> lastSentProgress = new ConcurrentHashMap<>();
    private volatile Thread thread;

    OutboxPublisher(JdbcClient jdbc, TransactionOperations transactions, Catalogue catalogue,
                    KafkaTemplate<String, byte[]> kafka, AvroWireSerializer serializer, OutboundProperties properties,
                    OutboxSignal signal, Progress progress) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.catalogue = catalogue;
        this.kafka = kafka;
        this.serializer = serializer;
        this.properties = properties;
        this.signal = signal;
        this.progress = progress;
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
            for (Progress.SiteFigures site : progress.siteFigures()) {
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

    /** The figures as {@code archive.site-progress} carries them (metres with two decimals). */
    private static SiteProgress siteProgress(Progress.SiteFigures site) {
        Progress.Figures f = site.figures();
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
        for (Catalogue.PublishedFile file : catalogue.publishedFiles(fileKeys)) {
            acks.add(kafka.send(new ProducerRecord<>(filesTopic, file.key(),
                    file.value() == null ? null : serializer.serialize(filesTopic, file.value()))));
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
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long untilProgress = Math.max(1, (progressDue - System.nanoTime()) / 1_000_000);
                signal.await(pause > 0 ? pause : Math.min(properties.pollInterval().toMillis(), untilProgress));
                int sent;
                do {
                    sent = publishOnce();
                } while (sent > 0);
                if (System.nanoTime() - progressDue >= 0) {
                    progressOnce();
                    progressDue = System.nanoTime() + progressEvery;
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
    public boolean isAutoStartup() {
        return properties.publish();
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
