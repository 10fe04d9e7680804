package org.archivesync.hub.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.archivesync.hub.alerts.AlertKind;
import org.archivesync.hub.alerts.Alerts;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.outbound.Outbox;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.ChainPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Verified, exactly-once ingest of the sites' event streams into the catalogue.
 *
 * <p>{@link #ingest} takes one batch of records (any sites, any order) and, in <em>one</em> database transaction:
 * verifies each site's run with the chain verifier against the site's cursor (keys from the site directory, earlier
 * hashes from the event log), applies the accepted events to the catalogue, stores them in {@code events}, advances
 * the cursors, parks what cannot be applied yet and writes the outbound outbox. When it returns, everything is
 * committed, and the caller may commit its Kafka offsets; when it throws, nothing is, and the same batch may be
 * offered again. Events at or below a cursor are skipped, so a redelivered batch changes nothing.
 *
 * <p>Only evidence signed with a site's own key stops it: a fork or a broken chain signed with the site's key (or a
 * state-secret file carrying more than its stub, or events the catalogue refuses to store) quarantines the site:
 * recorded, alerted, its later events parked, while every other site of the batch goes on. Only an operator's
 * {@link #release} lets it continue. Records anyone could have put under the site's key (bytes that do not decode, an
 * envelope naming another site, a signature that does not verify with the site's own key, an unsigned event in
 * conflict with its signed chain) are set aside ({@link SetAsideRecords}) and the site goes on. A gap parks the events
 * after it; after {@code gap-grace} an alert is raised.
 *
 * <p>Work per site is bounded: a transaction loads at most {@code unpark-batch-events} of a site's parked events, and
 * a release or a closed gap drains the rest in further transactions of that size, after the first one committed. A
 * site's parked events are bounded in count and bytes; events beyond the bound are not stored (alerted as
 * {@code PARKED_LIMIT}): the agent's repair republishes them from the hub's cursor later.
 *
 * <p>In the same transaction, every enrolled site that sent anything over Kafka in the batch is noted as heard from,
 * with the backlog its agent reported on its newest record ({@code as-backlog}, {@code as-sent-at}; absent or
 * malformed headers are ignored): what {@link SiteLinks} reads.
 *
 * <p>This class decides the transactions (a batch, its site-by-site retry, drains, releases); {@link BatchTransaction}
 * does one transaction's I/O around the pure {@link SitePlanner} (what a site's events become) and {@link SiteOutcome}
 * (what that writes once the catalogue answered).
 *
 * <p>Thrown: {@link org.archivesync.schemas.registry.SchemaRegistryException} (registry unreachable) and
 * {@link DataAccessException} (database unavailable) mean "try the same batch again later"; verification failures
 * are never thrown. Arguments are never null; results are never null.
 */
public final class SiteEventIngest {

    private static final Logger log = LoggerFactory.getLogger(SiteEventIngest.class);
    private static final IngestReport NOTHING = new IngestReport(0, 0, 0, List.of());

    private final IngestStore store;
    private final Alerts alerts;
    private final SiteDirectory sites;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final Duration gapGrace;
    private final IngestMetrics metrics;
    private final ConsumedOffsets offsets;
    private final EventDecoder decoder;
    private final KnownSites known;
    private final LinkReports links;
    private final BatchTransaction work;
    private final CatalogueRebuild rebuild;

    /**
     * Bounds of a site's parked events.
     *
     * @param maxEvents the most events parked per site
     * @param maxBytes the most body bytes parked per site
     * @param batchEvents the most parked events a transaction loads per site
     */
    record ParkLimits(long maxEvents, long maxBytes, int batchEvents) {
    }

    SiteEventIngest(EventDecoder decoder, IngestStore store, Catalogue catalogue, Alerts alerts, Outbox outbox,
                    SiteDirectory sites, TransactionOperations transactions, Clock clock, Duration gapGrace,
                    IngestMetrics metrics, ParkLimits limits, SetAsideRecords setAside, SecretRedaction redaction,
                    Duration clockSkewAlert, ConsumedOffsets offsets) {
        this.decoder = decoder;
        this.store = store;
        this.alerts = alerts;
        this.sites = sites;
        this.transactions = transactions;
        this.clock = clock;
        this.gapGrace = gapGrace;
        this.metrics = metrics;
        this.offsets = offsets;
        this.known = new KnownSites(sites, store, alerts);
        this.links = new LinkReports(store, setAside, clockSkewAlert);
        this.work = new BatchTransaction(store, catalogue, alerts, outbox, sites, gapGrace, metrics, limits, setAside,
                redaction, new SitePlanner(decoder), known);
        this.rebuild = new CatalogueRebuild(decoder, store, catalogue, transactions);
    }

    /**
     * Verifies and applies one batch of records in one transaction (see the class comment).
     *
     * @return what was done, committed
     */
    public IngestReport ingest(List<InboundRecord> records) {
        return ingest(records, List.of());
    }

    /**
     * Verifies and applies one batch of records read from Kafka, and stores where each of their partitions now stands
     * ({@code consumed_offsets}) in the same transaction: committed together or not at all.
     *
     * @param positions the next offset to read in each partition of the batch (after a held-back tail: the tail's
     *                  first record); may be empty
     * @return what was done, committed
     */
    IngestReport ingest(List<InboundRecord> records, List<ConsumedOffsets.Position> positions) {
        if (records.isEmpty()) {
            if (!positions.isEmpty()) {
                transactions.executeWithoutResult(status -> offsets.save(positions, clock.instant()));
            }
            return NOTHING;
        }
        long started = System.nanoTime();
        List<SiteRecords> groups = SiteRecords.group(decoder, records);
        IngestReport report;
        Set<String> drain = new LinkedHashSet<>();
        try {
            report = transactions.execute(status -> runBatch(groups, false, status, drain, positions));
        } catch (RuntimeException e) {
            if (IngestErrors.transientFailure(e)) {
                throw e;
            }
            // A constraint the rules did not foresee, or a fault of the hub's own (a ClassCastException in an apply):
            // find the site that breaks it and quarantine only that one instead of failing, or dropping, every site.
            log.error("batch refused, retrying site by site records={} cause={}", records.size(),
                    IngestErrors.summary(e));
            drain.clear();
            report = transactions.execute(status -> runBatch(groups, true, status, drain, positions));
        }
        metrics.batchApplied(report, System.nanoTime() - started);
        return plus(report, drain(drain));
    }

    /**
     * Releases a quarantined site after repair: closes its quarantine and verifies its parked events again from its
     * cursor, in one transaction. If they still fail, the site is quarantined again (with a new alert).
     *
     * @param discardRejected also drop the parked events the quarantine named as offending (use when the agent has
     *                        republished them correctly); false to retry them as they are (after enrolling a key)
     * @param operator who released it, for the record
     * @throws ReleaseRefusedException when the site is unknown or not quarantined
     */
    public IngestReport release(String siteCode, boolean discardRejected, String operator) {
        return release(siteCode, discardRejected, false, operator);
    }

    /**
     * As {@link #release(String, boolean, String)}; with {@code discardForked}, after an office was re-based from the
     * hub (its divergent work re-issued after the hub's last sequence, deploy/README.md "Forks"), also drops every
     * parked event of the site that does not chain from the cursor: the abandoned branch, which would otherwise
     * quarantine the site again. The alert says who, how many and which sequences.
     */
    public IngestReport release(String siteCode, boolean discardRejected, boolean discardForked, String operator) {
        Set<String> drain = new LinkedHashSet<>();
        IngestReport report = transactions.execute(status -> {
            IngestBatch batch = batch(drain);
            if (!known.known(siteCode)) {
                throw new ReleaseRefusedException(siteCode, ReleaseRefusedException.Reason.UNKNOWN_SITE);
            }
            IngestStore.Cursor cursor = store.lockCursors(List.of(siteCode), batch.now).get(siteCode);
            if (cursor == null || !cursor.quarantined()) {
                throw new ReleaseRefusedException(siteCode, ReleaseRefusedException.Reason.NOT_QUARANTINED);
            }
            int discarded = store.release(siteCode, discardRejected, operator, batch.now);
            IngestStore.Discarded forked = discardForked ? store.discardForked(siteCode, chainTip(cursor.position()))
                    : new IngestStore.Discarded(0, null, null);
            alerts.raise(AlertKind.SITE_RELEASED, siteCode, cursor.position().sequence(),
                    "released by " + operator + (discardRejected ? ", " + discarded + " offending parked events dropped" : "")
                            + (discardForked ? ", " + forked.count() + " parked events of a forked chain dropped"
                            + (forked.count() == 0 ? "" : " (sequences " + forked.from() + "-" + forked.to() + ")") : ""),
                    batch.now);
            log.info("site released siteCode={} operator={} discarded={} forkedDropped={} forkedFrom={} forkedTo={}",
                    siteCode, operator, discarded, forked.count(), forked.from(), forked.to());
            return work.run(batch, List.of(SiteRecords.none(siteCode)), Set.of(siteCode), Set.of(siteCode));
        });
        metrics.batchApplied(report, 0);
        return plus(report, drain(drain));
    }

    /**
     * Rebuilds the catalogue's projections from the event log in one transaction: empties them and applies every
     * stored event again, in the order and at the instant it was first applied, producing the same rows. Ingest waits
     * while it runs (it holds every site's cursor); alerts are not raised again; the search projection is emptied and
     * the indexer fills it again after commit. When it throws, nothing changed.
     *
     * @param operator who asked, for the log
     */
    public RebuildReport rebuildCatalogue(String operator) {
        return rebuild.run(operator);
    }

    /**
     * Raises a gap alert for every site whose events have waited longer than the grace period and has not been
     * alerted yet.
     *
     * @return how many alerts were raised
     */
    public int alertOverdueWaits() {
        Integer raised = transactions.execute(status -> {
            Instant now = clock.instant();
            List<IngestStore.Overdue> overdue = store.overdue(now.minus(gapGrace));
            for (IngestStore.Overdue o : overdue) {
                alerts.raise(AlertKind.GAP, o.siteCode(), o.lastSequence() + 1, "events have waited since "
                        + o.waitingSince() + " for sequence " + (o.lastSequence() + 1) + " or a signature", now);
            }
            return overdue.size();
        });
        return raised == null ? 0 : raised;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private IngestBatch batch(Set<String> drain) {
        return new IngestBatch(clock.instant(), drain, sites::signingKey);
    }

    /** The cursor as events chain to it: the hub keeps zeros for "nothing applied", the chain starts at genesis. */
    private static ChainPosition chainTip(ChainPosition cursor) {
        return cursor.sequence() == 0 ? new ChainPosition(0, ChainHash.genesis()) : cursor;
    }

    /**
     * Drains the parked events of sites whose last transaction moved on through a full window of them: one
     * transaction per window and round, each loading at most {@code unpark-batch-events} per site, until a round moves
     * none of them on. A failure leaves what was committed so far; the rest waits for the next batch of the site.
     */
    private IngestReport drain(Set<String> sites) {
        IngestReport total = NOTHING;
        Set<String> next = sites;
        while (!next.isEmpty()) {
            Set<String> more = new LinkedHashSet<>();
            Set<String> round = next;
            long started = System.nanoTime();
            IngestReport report = transactions.execute(status -> work.run(batch(more),
                    round.stream().map(SiteRecords::none).toList(), Set.of(), round));
            metrics.batchApplied(report, System.nanoTime() - started);
            log.info("parked events drained sites={} applied={} millis={}", round.size(), report.applied(),
                    (System.nanoTime() - started) / 1_000_000);
            total = plus(total, report);
            next = more;
        }
        return total;
    }

    /**
     * The batch's transaction; {@code isolate}: each site behind a savepoint, so that a site the catalogue refuses is
     * quarantined alone.
     */
    private IngestReport runBatch(List<SiteRecords> groups, boolean isolate, TransactionStatus status, Set<String> drain,
                                  List<ConsumedOffsets.Position> positions) {
        IngestBatch batch = batch(drain);
        IngestReport total = NOTHING;
        if (!isolate) {
            total = work.run(batch, groups, Set.of(), Set.of());
        } else {
            for (SiteRecords group : groups) {
                Object savepoint = status.createSavepoint();
                try {
                    total = plus(total, work.run(batch, List.of(group), Set.of(), Set.of()));
                    status.releaseSavepoint(savepoint);
                } catch (RuntimeException e) {
                    if (IngestErrors.transientFailure(e)) {
                        throw e;
                    }
                    status.rollbackToSavepoint(savepoint);
                    log.error("site refused by the catalogue, quarantined siteCode={} cause={}", group.siteCode(),
                            IngestErrors.summary(e));
                    total = plus(total, work.quarantineRefused(batch, group, e));
                }
            }
        }
        links.heard(groups, known::known, batch.now);
        offsets.save(positions, batch.now);
        return total;
    }

    private static IngestReport plus(IngestReport a, IngestReport b) {
        List<String> quarantined = new ArrayList<>(a.quarantinedSites());
        quarantined.addAll(b.quarantinedSites());
        return new IngestReport(a.applied() + b.applied(), a.redelivered() + b.redelivered(), a.parked() + b.parked(),
                List.copyOf(quarantined));
    }
}
