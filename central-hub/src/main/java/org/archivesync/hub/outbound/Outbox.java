package org.archivesync.hub.outbound;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import org.archivesync.avro.SiteCursor;
import org.archivesync.schemas.wire.AvroCodec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox of the hub's outbound topics. Callers write to it inside their own database transaction;
 * the rows become visible, and are sent to Kafka, only if that transaction commits, so a crash between the commit and
 * the send loses nothing: whatever is unsent is sent when the hub starts again. A row is deleted once Kafka
 * acknowledged it; a crash between the acknowledgement and the delete sends it once more (compacted topics keep the
 * latest value per key, and every alert carries its own id).
 *
 * <p>Must be called with a transaction active; arguments are never null.
 */
public final class Outbox {

    private static final String INSERT_FILES = """
            INSERT INTO outbox (kind, message_key, created_at)
            SELECT 'CATALOGUE_FILE', k, :at FROM unnest(:keys::text[]) AS k""";

    private static final String INSERT_REDACTED = """
            INSERT INTO outbox (kind, message_key, created_at)
            SELECT 'CATALOGUE_REDACTED', k, :at FROM unnest(:keys::text[]) AS k""";

    private static final String INSERT_PROGRESS = """
            INSERT INTO outbox (kind, message_key, created_at)
            SELECT 'SITE_PROGRESS', s, :at FROM unnest(:sites::text[]) AS s""";

    // In the order given (ordinality): the publisher sends a key's rows in id order.
    private static final String INSERT_MANY = """
            INSERT INTO outbox (kind, message_key, payload, created_at)
            SELECT :kind, u.key, u.payload, :at FROM unnest(:keys::text[], :payloads::bytea[]) WITH ORDINALITY
                AS u(key, payload, n) ORDER BY u.n""";

    private static final String INSERT_ONE = """
            INSERT INTO outbox (kind, message_key, payload, created_at) VALUES (:kind, :key, :payload, :at)""";

    private final JdbcClient jdbc;
    private final OutboxSignal signal;

    Outbox(JdbcClient jdbc, OutboxSignal signal) {
        this.jdbc = jdbc;
        this.signal = signal;
    }

    /**
     * The files with these keys ({@code fondsCode/fileCode}) changed: their current state (or a tombstone when
     * destroyed or withdrawn) goes to {@code archive.catalogue.files}.
     */
    public void catalogueFilesChanged(Collection<String> fileKeys, Instant at) {
        if (fileKeys.isEmpty()) {
            return;
        }
        jdbc.sql(INSERT_FILES).param("keys", fileKeys.toArray(String[]::new)).param("at", at.atOffset(ZoneOffset.UTC))
                .update();
        wakeAfterCommit();
    }

    /**
     * These files ({@code fondsCode/fileCode}) became state secrets: their earlier values on
     * {@code archive.catalogue.files} carried text. Each key gets a tombstone, then its current value (the stub), so
     * a downstream copy drops what it held and compaction leaves only the stub.
     */
    public void catalogueFilesRedacted(Collection<String> fileKeys, Instant at) {
        if (fileKeys.isEmpty()) {
            return;
        }
        jdbc.sql(INSERT_REDACTED).param("keys", fileKeys.toArray(String[]::new))
                .param("at", at.atOffset(ZoneOffset.UTC)).update();
        wakeAfterCommit();
    }

    /**
     * These sites' progress figures may have changed: the figures of every site whose figures changed go to
     * {@code archive.site-progress}, as they are when sent, at most every {@code progress-interval}.
     */
    public void siteProgressChanged(Collection<String> siteCodes, Instant at) {
        if (siteCodes.isEmpty()) {
            return;
        }
        jdbc.sql(INSERT_PROGRESS).param("sites", siteCodes.toArray(String[]::new)).param("at", at.atOffset(ZoneOffset.UTC))
                .update();
        wakeAfterCommit();
    }

    /** A range {@code from}..{@code to} of a site's event log whose subjects (files) changed. */
    public record Range(String siteCode, long from, long to) {
    }

    /**
     * The files named as subject by each range of a site's event log changed: each one's current state goes to
     * {@code archive.catalogue.files}. One row per site and batch however many files, so a large import adds a few
     * rows to the transaction, not one per file; one statement for all the sites.
     */
    public void catalogueRangesChanged(List<Range> ranges, Instant at) {
        if (ranges.isEmpty()) {
            return;
        }
        insertMany("CATALOGUE_RANGE", ranges.stream().map(Range::siteCode).toArray(String[]::new),
                ranges.stream().map(r -> ByteBuffer.allocate(16).putLong(r.from()).putLong(r.to()).array())
                        .toArray(byte[][]::new), at);
    }

    /** Sites' cursors as committed in this transaction go to {@code archive.site-cursors}; one statement. */
    public void siteCursorsChanged(List<SiteCursor> cursors) {
        if (cursors.isEmpty()) {
            return;
        }
        insertMany("SITE_CURSOR", cursors.stream().map(SiteCursor::getSiteCode).toArray(String[]::new),
                cursors.stream().map(AvroCodec::encode).toArray(byte[][]::new), cursors.get(0).getUpdatedAt());
    }

    private void insertMany(String kind, String[] keys, byte[][] payloads, Instant at) {
        jdbc.sql(INSERT_MANY).param("kind", kind).param("keys", keys).param("payloads", payloads)
                .param("at", at.atOffset(ZoneOffset.UTC)).update();
        wakeAfterCommit();
    }

    /**
     * An alert goes to {@code archive.alerts}.
     *
     * @param key the site code, or {@code hub}
     * @param json the alert as UTF-8 JSON
     */
    public void alert(String key, byte[] json, Instant at) {
        jdbc.sql(INSERT_ONE).param("kind", "ALERT").param("key", key).param("payload", json)
                .param("at", at.atOffset(ZoneOffset.UTC)).update();
        wakeAfterCommit();
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.wake();
                }
            });
        }
    }
}
