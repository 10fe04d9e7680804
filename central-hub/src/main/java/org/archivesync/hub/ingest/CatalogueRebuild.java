package org.archivesync.hub.ingest;

import java.time.Duration;
import java.util.List;
import org.archivesync.hub.catalogue.AcceptedEvent;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.catalogue.ReplayBatches;
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
            ReplayBatches batches = new ReplayBatches(catalogue);
            List<IngestStore.StoredEvent> rows;
            while (!(rows = store.fetchReplay(FETCH)).isEmpty()) {
                for (IngestStore.StoredEvent e : rows) {
                    EventDecoder.Decoded d = decoder.decode("events/" + e.siteCode() + "/" + e.sequence(), e.schemaId(),
                            e.body(), e.signature(), e.keyId());
                    batches.add(new AcceptedEvent(e.siteCode(), e.sequence(), d.event()), e.appliedOrder(),
                            e.receivedAt());
                }
            }
            long replayed = batches.finish();
            store.closeReplay();
            return new RebuildReport(sites, replayed, Duration.ofNanos(System.nanoTime() - started));
        });
        log.info("catalogue rebuild done operator={} sites={} events={} millis={}", operator, report.sites(),
                report.events(), report.duration().toMillis());
        return report;
    }
}
