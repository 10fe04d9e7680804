package org.archivesync.hub.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.archivesync.hub.catalogue.AcceptedEvent;
import org.archivesync.hub.catalogue.Catalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Rebuilds the catalogue's projections from the event log, in one transaction: holds every site's cursor (ingest
 * waits), empties the projections, and replays the stored events in the order they were first applied
 * ({@code applied_order}), each at the instant it was first applied ({@code received_at}, the time its batch wrote),
 * so the rows come out as they were, {@code updated_at} included. A failure rolls everything back: the catalogue stays
 * as it was.
 */
final class CatalogueRebuild {

    private static final Logger log = LoggerFactory.getLogger(CatalogueRebuild.class);
    private static final int FETCH = 5_000;
    /** At most this many events per apply call; bounds memory, changes nothing (apply is sequential). */
    private static final int CHUNK = 20_000;

    private final EventDecoder decoder;
    private final IngestStore store;
    private final Catalogue catalogue;
    private final TransactionOperations transactions;

    CatalogueRebuild(EventDecoder decoder, IngestStore store, Catalogue catalogue, TransactionOperations transactions) {
        this.decoder = decoder;
        this.store = store;
        this.catalogue = catalogue;
        this.transactions = transactions;
    }

    RebuildReport run(String operator) {
        long started = System.nanoTime();
        log.info("catalogue rebuild started operator={}", operator);
        RebuildReport report = transactions.execute(status -> {
            int sites = store.lockAllCursors();
            catalogue.clearProjections();
            store.openReplay();
            long replayed = 0;
            List<AcceptedEvent> chunk = new ArrayList<>();
            Instant chunkAt = null;
            long chunkFirst = 0;
            // Operators' reassignments fall between events of the log: a chunk never spans one.
            Iterator<Long> boundaries = catalogue.reassignmentBoundaries().iterator();
            long boundary = boundaries.hasNext() ? boundaries.next() : Long.MAX_VALUE;
            List<IngestStore.StoredEvent> rows;
            while (!(rows = store.fetchReplay(FETCH)).isEmpty()) {
                for (IngestStore.StoredEvent e : rows) {
                    boolean crosses = e.appliedOrder() > boundary;
                    while (e.appliedOrder() > boundary) {
                        boundary = boundaries.hasNext() ? boundaries.next() : Long.MAX_VALUE;
                    }
                    // One apply call per instant: the events one batch applied share its received_at.
                    if (chunkAt != null && (crosses || !chunkAt.equals(e.receivedAt()) || chunk.size() >= CHUNK)) {
                        replayed += catalogue.replay(chunk, chunkAt, chunkFirst);
                        chunk.clear();
                    }
                    if (chunk.isEmpty()) {
                        chunkFirst = e.appliedOrder();
                    }
                    chunkAt = e.receivedAt();
                    EventDecoder.Decoded d = decoder.decode("events/" + e.siteCode() + "/" + e.sequence(), e.schemaId(),
                            e.body(), e.signature(), e.keyId());
                    chunk.add(new AcceptedEvent(e.siteCode(), e.sequence(), d.event()));
                }
            }
            if (!chunk.isEmpty()) {
                replayed += catalogue.replay(chunk, chunkAt, chunkFirst);
            }
            catalogue.finishReplay();
            store.closeReplay();
            return new RebuildReport(sites, replayed, Duration.ofNanos(System.nanoTime() - started));
        });
        log.info("catalogue rebuild done operator={} sites={} events={} millis={}", operator, report.sites(),
                report.events(), report.duration().toMillis());
        return report;
    }
}
