package org.archivesync.hub.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.FileRef;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.avro.RefusedEvent;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteCursor;
import org.archivesync.avro.SiteEvent;
import org.archivesync.avro.SiteKeyRotated;
import org.archivesync.hub.alerts.AlertKind;
import org.archivesync.hub.alerts.Alerts;
import org.archivesync.hub.catalogue.AcceptedEvent;
import org.archivesync.hub.catalogue.AppliedChanges;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.catalogue.Refusal;
import org.archivesync.hub.catalogue.SiteStop;
import org.archivesync.hub.outbound.Outbox;
import org.archivesync.hub.sites.SigningKey;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.schemas.integrity.ChainEvent;
import org.archivesync.schemas.integrity.ChainFailure;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerdict;
import org.archivesync.schemas.integrity.ChainVerifier;
import org.archivesync.schemas.integrity.SetAsideReason;
import org.archivesync.schemas.integrity.SiteKey;
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
 * <p>Thrown: {@link org.archivesync.schemas.registry.SchemaRegistryException} (registry unreachable) and
 * {@link DataAccessException} (database unavailable) mean "try the same batch again later"; verification failures
 * are never thrown. Arguments are never null; results are never null.
 */
public final class SiteEventIngest {

    private static final Logger log = LoggerFactory.getLogger(SiteEventIngest.class);
    private static final String SECRET_CONTENT = "SECRET_CONTENT";
    private static final Instant EARLIEST_SENT_AT = Instant.parse("2000-01-01T00:00:00Z");
    private static final Instant LATEST_SENT_AT = Instant.parse("9000-01-01T00:00:00Z");

    private final EventDecoder decoder;
    private final IngestStore store;
    private final Catalogue catalogue;
    private final Alerts alerts;
    private final Outbox outbox;
    private final SiteDirectory sites;
    private final TransactionOperations transactions;
    private final Clock clock;
    private final Duration gapGrace;
    private final IngestMetrics metrics;
    private final Set<String> knownSites = ConcurrentHashMap.newKeySet();
    private final CatalogueRebuild rebuild;
    private final ParkLimits limits;
    private final SetAsideRecords setAside;
    private final SecretRedaction redaction;
    private final ParkedVouching vouching;
    private final Duration clockSkewAlert;
    private final ConsumedOffsets offsets;

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
        this.offsets = offsets;
        this.redaction = redaction;
        this.clockSkewAlert = clockSkewAlert;
        this.limits = limits;
        this.setAside = setAside;
        this.vouching = new ParkedVouching(store);
        this.decoder = decoder;
        this.store = store;
        this.catalogue = catalogue;
        this.alerts = alerts;
        this.outbox = outbox;
        this.sites = sites;
        this.transactions = transactions;
        this.clock = clock;
        this.gapGrace = gapGrace;
        this.metrics = metrics;
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
            return new IngestReport(0, 0, 0, List.of());
        }
        long started = System.nanoTime();
        List<SiteRecords> groups = decodeAndGroup(records);
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
            Batch batch = new Batch(clock.instant(), drain);
            if (!isKnownSite(siteCode)) {
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
            return process(batch, List.of(new SiteRecords(siteCode, List.of())), Set.of(siteCode), Set.of(siteCode));
        });
        metrics.batchApplied(report, 0);
        return plus(report, drain(drain));
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
        IngestReport total = new IngestReport(0, 0, 0, List.of());
        Set<String> next = sites;
        while (!next.isEmpty()) {
            Set<String> more = new LinkedHashSet<>();
            Set<String> round = next;
            long started = System.nanoTime();
            IngestReport report = transactions.execute(status -> process(new Batch(clock.instant(), more),
                    round.stream().map(s -> new SiteRecords(s, List.of())).toList(), Set.of(), round));
            metrics.batchApplied(report, System.nanoTime() - started);
            log.info("parked events drained sites={} applied={} millis={}", round.size(), report.applied(),
                    (System.nanoTime() - started) / 1_000_000);
            total = plus(total, report);
            next = more;
        }
        return total;
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

    /** A record of the batch: decoded, or why it is not. */
    private record Item(InboundRecord record, EventDecoder.Decoded decoded, String undecodable) {
    }

    /** A site's records of the batch, in arrival order. */
    private record SiteRecords(String siteCode, List<Item> items) {
    }

    /** What a site's events become, in sequence order. */
    private sealed interface Step permits Apply, PassWithheld {
        long sequence();

        byte[] hash();
    }

    /** A verified event to apply, with the event log row it becomes (built once, written before it is applied). */
    private record Apply(EventDecoder.Decoded decoded, byte[] hash, IngestStore.EventRow row) implements Step {

        static Apply of(String site, EventDecoder.Decoded decoded, byte[] hash) {
            Object payload = decoded.event().getPayload();
            // The record's schema name is the class's simple name, without Class.getSimpleName()'s reflection.
            return new Apply(decoded, hash, new IngestStore.EventRow(site, decoded.event().getSequence(), hash,
                    ((SpecificRecord) payload).getSchema().getName(), subject(payload), decoded.schemaId(), decoded.body(),
                    decoded.chain().signature(), decoded.chain().keyId(), null));
        }

        @Override
        public long sequence() {
            return row.sequence();
        }
    }

    /** A parked withheld event (state-secret content) the chain now passes over by its hash. */
    private record PassWithheld(IngestStore.Parked parked) implements Step {
        @Override
        public long sequence() {
            return parked.sequence();
        }

        @Override
        public byte[] hash() {
            return parked.hash();
        }
    }

    /** A verification failure to record: evidence signed with the site's own key, or the catalogue's refusal. */
    private record Failure(String kind, Long sequence, byte[] eventHash, byte[] eventSignature, String detail,
                           String origin) {
    }

    /** The plan for one site. */
    private static final class SitePlan {
        final String site;
        final IngestStore.Cursor cursor;
        final boolean releasing;
        final List<IngestStore.Parked> parked;
        /** Parked events exist that were not loaded: they stay parked whatever this batch does. */
        final boolean parkedLeft;
        final List<Step> steps = new ArrayList<>();
        final List<IngestStore.ParkRow> toPark = new ArrayList<>();
        final List<Failure> failures = new ArrayList<>();
        final List<SetAsideRecords.Row> setAside = new ArrayList<>();
        /** Parked rows that leave without being applied (set aside). */
        final Set<Long> unpark = new LinkedHashSet<>();
        ChainPosition position;
        String waitingFor;
        long highestSeen;
        int redelivered;

        SitePlan(String site, IngestStore.Cursor cursor, boolean releasing, List<IngestStore.Parked> parked,
                 boolean parkedLeft) {
            this.site = site;
            this.cursor = cursor;
            this.releasing = releasing;
            this.parked = parked;
            this.parkedLeft = parkedLeft;
            this.position = cursor.position();
            this.highestSeen = cursor.position().sequence();
        }

        boolean wasQuarantined() {
            return cursor.quarantined() && !releasing;
        }
    }

    /** One transaction's work. */
    private final class Batch {
        final Instant now;
        /** Sites with more parked events to drain after this transaction. */
        final Set<String> drain;
        final Map<String, Optional<SigningKey>> keys = new HashMap<>();
        final ChainVerifier verifier = new ChainVerifier(
                id -> keys.computeIfAbsent(id, sites::signingKey).map(SigningKey::key).orElse(null));
        final List<IngestStore.CursorUpdate> cursorUpdates = new ArrayList<>();
        final List<SiteCursor> cursorsOut = new ArrayList<>();
        final List<Outbox.Range> rangesOut = new ArrayList<>();
        /** Per site, the events the catalogue refused in this batch, newest first: they go out with the cursor. */
        final Map<String, List<RefusedEvent>> refusals = new HashMap<>();

        /** Writes the sites' new cursors and their outbox rows, collected by finish, and forgets them. */
        void writeSites() {
            store.updateCursors(cursorUpdates, now);
            outbox.siteCursorsChanged(cursorsOut);
            outbox.catalogueRangesChanged(rangesOut, now);
            cursorUpdates.clear();
            cursorsOut.clear();
            rangesOut.clear();
        }

        Batch(Instant now, Set<String> drain) {
            this.drain = drain;
            // PostgreSQL keeps microseconds. The event log (binary COPY) and the projections (JDBC, which rounds) must
            // store the same instant, so that a rebuild replaying the log at received_at writes the same updated_at.
            this.now = now.truncatedTo(ChronoUnit.MICROS);
        }
    }

    private List<SiteRecords> decodeAndGroup(List<InboundRecord> records) {
        Map<String, List<Item>> bySite = new LinkedHashMap<>();
        for (InboundRecord r : records) {
            Item item;
            try {
                item = new Item(r, decoder.decode(r), null);
            } catch (UndecodableRecordException e) {
                item = new Item(r, null, e.getMessage());
            }
            String site = r.siteCode() != null ? r.siteCode()
                    : item.decoded() != null ? item.decoded().event().getSiteCode() : null;
            if (site == null) {
                log.warn("record without a key is undecodable, dropped origin={}", r.origin());
                continue;
            }
            bySite.computeIfAbsent(site, s -> new ArrayList<>()).add(item);
        }
        List<SiteRecords> groups = new ArrayList<>();
        bySite.forEach((site, items) -> groups.add(new SiteRecords(site, items)));
        return groups;
    }

    private IngestReport runBatch(List<SiteRecords> groups, boolean isolate, TransactionStatus status, Set<String> drain,
                                  List<ConsumedOffsets.Position> positions) {
        Batch batch = new Batch(clock.instant(), drain);
        if (!isolate) {
            IngestReport report = process(batch, groups, Set.of(), Set.of());
            updateLinks(batch, groups);
            offsets.save(positions, batch.now);
            return report;
        }
        IngestReport total = new IngestReport(0, 0, 0, List.of());
        for (SiteRecords group : groups) {
            Object savepoint = status.createSavepoint();
            try {
                total = plus(total, process(batch, List.of(group), Set.of(), Set.of()));
                status.releaseSavepoint(savepoint);
            } catch (RuntimeException e) {
                if (IngestErrors.transientFailure(e)) {
                    throw e;
                }
                status.rollbackToSavepoint(savepoint);
                log.error("site refused by the catalogue, quarantined siteCode={} cause={}", group.siteCode(),
                        IngestErrors.summary(e));
                total = plus(total, applyFailed(batch, group, e));
            }
        }
        updateLinks(batch, groups);
        offsets.save(positions, batch.now);
        return total;
    }

    /**
     * Records, for every known site that sent anything over the link in this batch (applied, parked or redelivered
     * alike: receipt is news that the link works), that it was heard from, and the backlog its newest record reported.
     * One statement for the batch.
     */
    private void updateLinks(Batch batch, List<SiteRecords> groups) {
        List<IngestStore.LinkUpdate> updates = new ArrayList<>();
        for (SiteRecords g : groups) {
            // Arrival order is offset order: a site's records share a partition.
            InboundRecord newest = null;
            for (Item item : g.items()) {
                newest = item.record().link() != null ? item.record() : newest;
            }
            if (newest == null || !isKnownSite(g.siteCode())) {
                continue;
            }
            Long backlog = backlog(newest);
            Instant reportedAt = backlog == null ? null : sentAt(newest, batch.now);
            Long skew = clockSkew(newest);
            updates.add(new IngestStore.LinkUpdate(g.siteCode(), backlog, reportedAt, skew));
            if (skew != null && Math.abs(skew) > clockSkewAlert.toMillis()) {
                String how = (skew > 0 ? "ahead by " : "behind by ") + Duration.ofMillis(Math.abs(skew)).toMinutes()
                        + " min";
                setAside.alertLimited(AlertKind.CLOCK_SKEW, g.siteCode(), 1, n -> "the office's clock is " + how
                        + " (its as-sent-at against the broker's time): the dates it records (occurredAt) are off by as"
                        + " much; set the PC's time", batch.now);
            }
        }
        store.updateLinks(updates, batch.now);
    }

    /**
     * How far the office's clock is off, in ms: its {@code as-sent-at} against the broker's append time (the office
     * topics use {@code LogAppendTime}; transit adds seconds at most). Null without both.
     */
    private static Long clockSkew(InboundRecord r) {
        if (r.link().brokerTime() == null || r.link().sentAt() == null) {
            return null;
        }
        Instant received = Instant.ofEpochMilli(r.link().brokerTime());
        Instant sentAt = sentAt(r, null);
        return sentAt == null ? null : sentAt.toEpochMilli() - received.toEpochMilli();
    }

    /** The {@code as-backlog} header; null when absent or malformed (an agent's report never fails ingest). */
    private static Long backlog(InboundRecord r) {
        byte[] raw = r.link().backlog();
        if (raw == null) {
            return null;
        }
        try {
            long backlog = raw.length <= 19 ? Long.parseLong(new String(raw, StandardCharsets.UTF_8)) : -1;
            if (backlog >= 0) {
                return backlog;
            }
        } catch (NumberFormatException e) {
            // Malformed, as below.
        }
        log.debug("malformed link header ignored siteCode={} origin={} header=as-backlog", r.siteCode(), r.origin());
        return null;
    }

    /** The {@code as-sent-at} header, truncated to what PostgreSQL keeps; {@code received} when absent or malformed. */
    private static Instant sentAt(InboundRecord r, Instant received) {
        byte[] raw = r.link().sentAt();
        if (raw == null) {
            return received;
        }
        try {
            Instant sentAt = raw.length <= 40 ? Instant.parse(new String(raw, StandardCharsets.UTF_8)) : null;
            // Years PostgreSQL's timestamptz holds and a clock could show.
            if (sentAt != null && sentAt.isAfter(EARLIEST_SENT_AT) && sentAt.isBefore(LATEST_SENT_AT)) {
                return sentAt.truncatedTo(ChronoUnit.MICROS);
            }
        } catch (DateTimeParseException e) {
            // Malformed, as below.
        }
        log.debug("malformed link header ignored siteCode={} origin={} header=as-sent-at", r.siteCode(), r.origin());
        return received;
    }

    /**
     * Verifies and applies the groups' events, all of them together; {@code releasing}: sites being released;
     * {@code draining}: sites whose parked events are loaded whatever the batch brings.
     */
    private IngestReport process(Batch batch, List<SiteRecords> groups, Set<String> releasing, Set<String> draining) {
        List<SiteRecords> known = new ArrayList<>();
        for (SiteRecords g : groups) {
            if (isKnownSite(g.siteCode())) {
                known.add(g);
            } else {
                unknownSite(batch, g);
            }
        }
        if (known.isEmpty()) {
            return new IngestReport(0, 0, 0, List.of());
        }
        List<String> codes = known.stream().map(SiteRecords::siteCode).toList();
        Map<String, IngestStore.Cursor> cursors = store.lockCursors(codes, batch.now);
        Map<String, Long> lowestParked = store.lowestParked(codes);
        List<String> loading = sitesNeedingParked(known, cursors, lowestParked, releasing, draining);
        for (String site : loading) {
            if (cursors.get(site).parkedCount() > limits.batchEvents()) {
                // More than one window: what the signatures beyond the window cover must be known before it is read.
                ParkedVouching.Result vouched = vouching.vouch(site, cursors.get(site).position().sequence(), batch.verifier,
                        limits.batchEvents());
                store.unpark(vouched.setAsideIds());
                setAside.record(site, vouched.setAside(), batch.now);
            }
        }
        Map<String, Long> after = new LinkedHashMap<>();
        loading.forEach(site -> after.put(site, cursors.get(site).position().sequence()));
        Map<String, List<IngestStore.Parked>> parked = store.parked(after, limits.batchEvents());

        List<SitePlan> plans = new ArrayList<>();
        List<AcceptedEvent> accepted = new ArrayList<>();
        for (SiteRecords g : known) {
            List<IngestStore.Parked> loaded = parked.getOrDefault(g.siteCode(), List.of());
            // A full window may have more behind it.
            boolean parkedLeft = loaded.isEmpty() ? lowestParked.containsKey(g.siteCode())
                    : loaded.size() >= limits.batchEvents();
            SitePlan plan = plan(batch, g, cursors.get(g.siteCode()), loaded, parkedLeft,
                    releasing.contains(g.siteCode()));
            plans.add(plan);
            for (Step step : plan.steps) {
                if (step instanceof Apply a) {
                    accepted.add(new AcceptedEvent(plan.site, a.sequence(), a.decoded().event()));
                }
            }
        }
        // The event log is written while the catalogue builds its rows: the server inserts while the JVM encodes.
        IngestStore.EventsCopy log = store.insertEventsAsync(tentativeEvents(plans), batch.now);
        AppliedChanges changes;
        try {
            changes = catalogue.apply(accepted, batch.now, log::await);
            log.await();
        } catch (RuntimeException e) {
            log.awaitQuietly();
            throw e;
        }

        for (Refusal r : changes.refusals()) {
            batch.refusals.computeIfAbsent(r.siteCode(), s -> new ArrayList<>()).add(0, RefusedEvent.newBuilder()
                    .setSequence(r.sequence()).setReason(r.reason().name()).setRecord(r.record())
                    .setHolderSiteCode(r.holderSiteCode()).setDetail(r.detail()).build());
        }
        List<IngestStore.EventRow> events = new ArrayList<>();
        List<IngestStore.ParkRow> parks = new ArrayList<>();
        int applied = 0;
        int redelivered = 0;
        List<String> quarantined = new ArrayList<>();
        for (SitePlan plan : plans) {
            applied += finish(batch, plan, changes.stops().get(plan.site), events, parks, quarantined);
            redelivered += plan.redelivered;
        }
        for (SitePlan plan : plans) {
            SiteStop stop = changes.stops().get(plan.site);
            if (stop != null) {
                // The log was written before the catalogue refused this event: from it on, the site's rows go, and
                // the event comes back withheld (what follows it is parked).
                store.deleteEventsFrom(plan.site, stop.sequence());
                store.insertEvents(events.stream().filter(e -> e.siteCode().equals(plan.site)
                        && e.sequence() >= stop.sequence()).toList(), batch.now);
            }
        }
        // A state secret's text the catalogue let go of leaves the event log in the same transaction.
        redaction.redact(changes.secretText(), batch.now);
        batch.writeSites();
        store.park(parks, batch.now);
        // Files named as an applied event's subject go out through the site's range; only the others one by one.
        Set<String> oneByOne = new LinkedHashSet<>(changes.changedFiles());
        events.forEach(e -> oneByOne.remove(e.subject()));
        outbox.catalogueFilesChanged(oneByOne, batch.now);
        outbox.siteProgressChanged(changes.progressSites(), batch.now);
        return new IngestReport(applied, redelivered, parks.size(), List.copyOf(quarantined));
    }

    /**
     * The sites whose parked events this batch may let through, so a site with a long backlog behind a gap does not
     * reload it with every batch: a site being released; or one whose next sequence is parked (a tail waiting for its
     * signed event, or a withheld event to pass); or one whose batch brings a sequence of the gap. A quarantined
     * site's parked events wait for the release.
     */
    private List<String> sitesNeedingParked(List<SiteRecords> groups, Map<String, IngestStore.Cursor> cursors,
                                            Map<String, Long> lowest, Set<String> releasing, Set<String> draining) {
        List<String> sites = new ArrayList<>();
        for (SiteRecords g : groups) {
            IngestStore.Cursor cursor = cursors.get(g.siteCode());
            Long first = lowest.get(g.siteCode());
            if (releasing.contains(g.siteCode()) || draining.contains(g.siteCode()) && !cursor.quarantined()) {
                sites.add(g.siteCode());
            } else if (first == null || cursor.quarantined()) {
                continue;
            } else if (first == cursor.position().sequence() + 1 || g.items().stream().anyMatch(i -> i.decoded() != null
                    && i.decoded().event().getSequence() > cursor.position().sequence()
                    && i.decoded().event().getSequence() < first)) {
                sites.add(g.siteCode());
            }
        }
        return sites;
    }

    private SitePlan plan(Batch batch, SiteRecords group, IngestStore.Cursor cursor, List<IngestStore.Parked> parkedRows,
                          boolean parkedLeft, boolean releasing) {
        SitePlan plan = new SitePlan(group.siteCode(), cursor, releasing, parkedRows, parkedLeft);
        // Undecodable bytes under the site's key say nothing about the site: set aside, the records around them go on.
        List<EventDecoder.Decoded> before = new ArrayList<>();
        for (Item item : group.items()) {
            if (item.decoded() != null) {
                plan.highestSeen = Math.max(plan.highestSeen, item.decoded().event().getSequence());
                before.add(item.decoded());
            } else {
                plan.setAside.add(new SetAsideRecords.Row(plan.site, sha256(item.record().value()), null,
                        SetAsideReason.UNDECODABLE, item.undecodable(), item.record().origin()));
            }
        }
        if (plan.wasQuarantined()) {
            for (EventDecoder.Decoded d : before) {
                if (d.event().getSequence() > cursor.position().sequence()) {
                    park(plan, d);
                }
            }
            return plan;
        }

        Map<ChainEvent, EventDecoder.Decoded> sources = new IdentityHashMap<>();
        Map<ChainEvent, Long> alreadyParked = new IdentityHashMap<>();
        Set<ChainEvent> vouched = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ChainEvent> run = new ArrayList<>();
        List<IngestStore.Parked> withheld = new ArrayList<>();
        for (IngestStore.Parked p : parkedRows) {
            if (p.withheld() != null) {
                withheld.add(p);
                continue;
            }
            try {
                EventDecoder.Decoded d = decoder.decode(p.origin(), p.schemaId(), p.body(), p.signature(), p.keyId());
                sources.put(d.chain(), d);
                alreadyParked.put(d.chain(), p.id());
                if (p.vouched()) {
                    vouched.add(d.chain());
                }
                run.add(d.chain());
            } catch (UndecodableRecordException e) {
                plan.setAside.add(new SetAsideRecords.Row(plan.site, p.hash(), p.sequence(), SetAsideReason.UNDECODABLE,
                        e.getMessage(), p.origin()));
                plan.unpark.add(p.id());
            }
        }
        for (EventDecoder.Decoded d : before) {
            sources.put(d.chain(), d);
            run.add(d.chain());
        }

        Map<Long, byte[]> stored = storedHashesBelowCursor(plan.site, cursor.position(), run);
        ChainPosition position = cursor.position();
        List<ChainEvent> remaining = run;
        ChainFailure failure;
        while (true) {
            ChainVerdict verdict = batch.verifier.verify(plan.site, position, stored::get, remaining, vouched::contains);
            plan.redelivered += verdict.redelivered();
            for (ChainVerdict.SetAside a : verdict.setAside()) {
                plan.setAside.add(new SetAsideRecords.Row(plan.site, a.hash(), a.event().sequence(), a.reason(),
                        a.detail(), sources.get(a.event()).origin()));
                Long parkedId = alreadyParked.get(a.event());
                if (parkedId != null) {
                    plan.unpark.add(parkedId);
                }
            }
            for (ChainVerdict.VerifiedEvent v : verdict.accepted()) {
                plan.steps.add(Apply.of(plan.site, sources.get(v.event()), v.hash()));
                stored.put(v.event().sequence(), v.hash());
            }
            position = verdict.position();
            remaining = verdict.pending();
            failure = verdict.failure();
            if (failure != null && failure.kind() == ChainFailure.Kind.GAP) {
                IngestStore.Parked pass = passable(withheld, position);
                if (pass != null) {
                    plan.steps.add(new PassWithheld(pass));
                    withheld.remove(pass);
                    position = new ChainPosition(pass.sequence(), pass.hash());
                    continue;
                }
            }
            break;
        }
        plan.position = position;
        for (ChainEvent e : remaining) {
            if (!alreadyParked.containsKey(e)) {
                park(plan, sources.get(e));
            }
        }
        if (failure != null && failure.kind().quarantines()) {
            // The signed event that proves it: a release that discards it drops that parked row.
            ChainEvent evidence = failure.evidence();
            plan.failures.add(new Failure(failure.kind().name(), failure.sequence(), evidence.hash(),
                    evidence.signature(), failure.detail(), sources.get(evidence).origin()));
        } else if (failure != null) {
            plan.waitingFor = failure.detail();
        } else if (!remaining.isEmpty()) {
            plan.waitingFor = "an unsigned tail from sequence " + (position.sequence() + 1) + " waits for its signed event";
        }
        return plan;
    }

    /**
     * The event log rows of the verified steps, in the order the catalogue applies them: what {@link #finish} stores
     * unless the catalogue stops a site.
     */
    private static List<IngestStore.EventRow> tentativeEvents(List<SitePlan> plans) {
        List<IngestStore.EventRow> rows = new ArrayList<>();
        for (SitePlan plan : plans) {
            for (Step step : plan.steps) {
                rows.add(eventRow(plan.site, step));
            }
        }
        return rows;
    }

    private static IngestStore.EventRow eventRow(String site, Step step) {
        if (step instanceof Apply a) {
            return a.row();
        }
        IngestStore.Parked p = ((PassWithheld) step).parked();
        return new IngestStore.EventRow(site, p.sequence(), p.hash(), "FileRecorded", null, null, null, p.signature(),
                p.keyId(), p.withheld());
    }

    /** Writes a site's outcome; returns how many events were applied. */
    private int finish(Batch batch, SitePlan plan, SiteStop stop, List<IngestStore.EventRow> events,
                       List<IngestStore.ParkRow> parks, List<String> quarantinedSites) {
        ChainPosition position = plan.position;
        List<Failure> failures = new ArrayList<>(plan.failures);
        int applied = 0;
        long firstSubject = Long.MAX_VALUE;
        long lastSubject = 0;
        for (Step step : plan.steps) {
            if (stop != null && step.sequence() > stop.sequence()) {
                // Verified, but after the event that stopped the site: it waits for the release with the rest.
                if (step instanceof Apply a) {
                    park(plan, a.decoded());
                }
                continue;
            }
            if (stop != null && step.sequence() == stop.sequence()) {
                Apply a = (Apply) step;
                events.add(withheldRow(plan.site, a.decoded().event(), a.hash(), a.decoded().chain()));
                position = new ChainPosition(a.sequence(), a.hash());
                failures.add(new Failure(SECRET_CONTENT, a.sequence(), a.hash(), a.decoded().chain().signature(),
                        stop.detail(), a.decoded().origin()));
                continue;
            }
            IngestStore.EventRow row = eventRow(plan.site, step);
            events.add(row);
            if (step instanceof Apply a) {
                if (row.subject() != null) {
                    firstSubject = Math.min(firstSubject, step.sequence());
                    lastSubject = Math.max(lastSubject, step.sequence());
                }
                keyLifecycle(batch, plan.site, a);
                applied++;
            }
        }
        if (stop == null) {
            position = plan.position;
        }
        boolean quarantined = plan.wasQuarantined() || !failures.isEmpty();
        long cursorBefore = plan.cursor.position().sequence();
        store.unpark(plan.unpark);
        if (position.sequence() > cursorBefore && (plan.parkedLeft || !plan.parked.isEmpty())) {
            for (IngestStore.Lost lost : store.unparkThrough(plan.site, cursorBefore, position.sequence())) {
                plan.setAside.add(new SetAsideRecords.Row(plan.site, lost.hash(), lost.sequence(),
                        SetAsideReason.LOST_TO_SIGNED, "unsigned sequence " + lost.sequence()
                        + " lost to the event the site signed there", lost.origin()));
            }
        }
        long finalSequence = position.sequence();
        boolean stillParked = plan.parkedLeft || !plan.toPark.isEmpty()
                || plan.parked.stream().anyMatch(p -> p.sequence() > finalSequence && !plan.unpark.contains(p.id()));
        setAside.record(plan.site, plan.setAside, batch.now);
        // More may follow from the parked events beyond this transaction's window: when it moved on, set some aside,
        // or parked a signed event (whose signature may cover parked events the window did not reach).
        boolean parkedSigned = plan.toPark.stream().anyMatch(r -> r.signature() != null);
        if (plan.parked.size() >= limits.batchEvents() && !quarantined
                && (position.sequence() > cursorBefore || !plan.unpark.isEmpty() || parkedSigned)) {
            batch.drain.add(plan.site);
        }
        boolean waiting = !quarantined && stillParked;
        Instant waitingSince = waiting ? (plan.cursor.waitingSince() != null ? plan.cursor.waitingSince() : batch.now) : null;
        boolean alerted = waiting && plan.cursor.waitingAlerted();
        if (waiting && !alerted && !waitingSince.plus(gapGrace).isAfter(batch.now)) {
            alerts.raise(AlertKind.GAP, plan.site, finalSequence + 1, plan.waitingFor != null ? plan.waitingFor
                    : "events wait for sequence " + (finalSequence + 1) + " or a signature", batch.now);
            alerted = true;
        }
        for (Failure f : failures) {
            store.quarantine(plan.site, f.kind(), f.sequence(), f.eventHash(), f.eventSignature(), f.detail(), f.origin(),
                    batch.now);
            alerts.raise(AlertKind.valueOf(f.kind()), plan.site, f.sequence(), f.detail(), batch.now);
        }
        if (quarantined && !plan.wasQuarantined()) {
            quarantinedSites.add(plan.site);
            log.warn("site quarantined siteCode={} sequence={} reason={}", plan.site, failures.get(0).sequence(),
                    failures.get(0).kind());
        }
        // Written for all the batch's sites at once (writeSites): one statement each, not one per site.
        batch.cursorUpdates.add(new IngestStore.CursorUpdate(plan.site, position, quarantined, waitingSince, alerted));
        if (position.sequence() != cursorBefore || quarantined != plan.cursor.quarantined()) {
            batch.cursorsOut.add(SiteCursor.newBuilder().setSiteCode(plan.site).setLastSequence(position.sequence())
                    .setLastHash(new Sha256(position.hash())).setQuarantined(quarantined).setUpdatedAt(batch.now)
                    .setRefusals(latest(batch.refusals.getOrDefault(plan.site, List.of()))).build());
        }
        if (lastSubject > 0) {
            batch.rangesOut.add(new Outbox.Range(plan.site, firstSubject, lastSubject));
        }
        parks.addAll(withinBounds(batch, plan));
        metrics.cursor(plan.site, position.sequence(), Math.max(plan.highestSeen, position.sequence()));
        return applied;
    }

    /**
     * Keys change with the events that are applied: a {@code SiteKeyRotated} enrolls the announced key for the
     * sequences after it, and the first event signed with such a key retires the site's other keys (docs/contracts.md,
     * Keys). In the batch's transaction, so the cursor and the keys move together.
     */
    private void keyLifecycle(Batch batch, String site, Apply a) {
        ChainEvent chain = a.decoded().chain();
        if (chain.signed()) {
            Optional<SigningKey> key = batch.keys.getOrDefault(chain.keyId(), Optional.empty());
            if (key.isPresent() && key.get().retiresOthers()) {
                sites.keyFirstUsed(site, chain.keyId(), a.sequence());
                batch.keys.clear();
            }
        }
        if (a.decoded().event().getPayload() instanceof SiteKeyRotated r) {
            Optional<String> problem = sites.keyRotated(site, a.sequence(), chain.signed() ? chain.keyId() : null,
                    r.getNewKeyId(), r.getNewPublicKey());
            problem.ifPresent(p -> alerts.raise(AlertKind.EVENT_REJECTED, site, a.sequence(),
                    "key rotation not applied: " + p, batch.now));
            batch.keys.clear();
        }
    }

    /** At most the 20 newest refusals go out with a cursor (the console keeps them all). */
    private static List<RefusedEvent> latest(List<RefusedEvent> newestFirst) {
        return newestFirst.size() <= 20 ? newestFirst : List.copyOf(newestFirst.subList(0, 20));
    }

    /**
     * The rows of {@link SitePlan#toPark} the site's parked bounds admit, lowest sequences first (those the cursor
     * needs next). The others are not stored: alerted (rate-limited), they come back when the agent's repair
     * republishes from the hub's cursor.
     */
    private List<IngestStore.ParkRow> withinBounds(Batch batch, SitePlan plan) {
        long count = plan.cursor.parkedCount();
        long bytes = plan.cursor.parkedBytes();
        List<IngestStore.ParkRow> rows = new ArrayList<>(plan.toPark);
        rows.sort(Comparator.comparingLong(IngestStore.ParkRow::sequence));
        List<IngestStore.ParkRow> admitted = new ArrayList<>(rows.size());
        for (IngestStore.ParkRow r : rows) {
            long size = r.body() == null ? 0 : r.body().length;
            if (count + 1 > limits.maxEvents() || bytes + size > limits.maxBytes()) {
                break;
            }
            count++;
            bytes += size;
            admitted.add(r);
        }
        int refused = rows.size() - admitted.size();
        if (refused > 0) {
            log.warn("parked events over their bound, not stored siteCode={} refused={} fromSequence={} parked={} bytes={}",
                    plan.site, refused, rows.get(admitted.size()).sequence(), count, bytes);
            setAside.alertLimited(AlertKind.PARKED_LIMIT, plan.site, refused, n -> n + " events of office " + plan.site
                    + " were not parked: its waiting events reached their bound (" + limits.maxEvents() + " events or "
                    + limits.maxBytes() + " bytes). They are not stored; the office's agent republishes them from the"
                    + " hub's cursor once the waiting events drain", batch.now);
        }
        return admitted;
    }

    /** The one file an event is about, {@code fondsCode/fileCode}; null for events about none or several. */
    private static String subject(Object payload) {
        if (payload instanceof FileRecorded f) {
            return f.getFondsCode() + "/" + f.getFileCode();
        }
        FileRef file = payload instanceof FileAppraised a ? a.getFile()
                : payload instanceof FileDigitized d ? d.getFile()
                : payload instanceof FileWithdrawn w ? w.getFile() : null;
        return file == null ? null : file.getFondsCode() + "/" + file.getFileCode();
    }

    /** Parks an event; one of a state-secret file carrying more than its stub is parked by its hash only. */
    private void park(SitePlan plan, EventDecoder.Decoded d) {
        ChainEvent e = d.chain();
        Optional<String> secret = Catalogue.secretContent(d.event());
        if (secret.isPresent()) {
            plan.toPark.add(new IngestStore.ParkRow(plan.site, e.sequence(), e.hash(), e.previousHash(), null, null,
                    e.signature(), e.keyId(), SECRET_CONTENT, d.origin()));
            plan.failures.add(new Failure(SECRET_CONTENT, e.sequence(), e.hash(), e.signature(), secret.get(), d.origin()));
        } else {
            plan.toPark.add(new IngestStore.ParkRow(plan.site, e.sequence(), e.hash(), e.previousHash(), d.schemaId(),
                    d.body(), e.signature(), e.keyId(), null, d.origin()));
        }
    }

    private static IngestStore.EventRow withheldRow(String site, SiteEvent event, byte[] hash,
                                                    ChainEvent chain) {
        return new IngestStore.EventRow(site, event.getSequence(), hash, event.getPayload().getClass().getSimpleName(),
                null, null, null, chain.signature(), chain.keyId(), SECRET_CONTENT);
    }

    /** The withheld parked event that continues the chain at {@code position}, if any. */
    private static IngestStore.Parked passable(List<IngestStore.Parked> withheld, ChainPosition position) {
        for (IngestStore.Parked p : withheld) {
            if (p.sequence() == position.sequence() + 1 && ChainHash.same(p.previousHash(), position.hash())) {
                return p;
            }
        }
        return null;
    }

    private Map<Long, byte[]> storedHashesBelowCursor(String site, ChainPosition cursor, List<ChainEvent> run) {
        long lowest = run.stream().mapToLong(ChainEvent::sequence).min().orElse(Long.MAX_VALUE);
        if (lowest >= cursor.sequence()) {
            return new HashMap<>();
        }
        return store.storedHashes(site, Math.max(1, lowest), cursor.sequence() - 1);
    }

    private IngestReport applyFailed(Batch batch, SiteRecords group, RuntimeException cause) {
        String site = group.siteCode();
        IngestStore.Cursor cursor = store.lockCursors(List.of(site), batch.now).get(site);
        SitePlan plan = new SitePlan(site, cursor, false, List.of(), true);
        for (Item item : group.items()) {
            if (item.decoded() != null && item.decoded().event().getSequence() > cursor.position().sequence()) {
                park(plan, item.decoded());
            }
        }
        plan.failures.add(new Failure("APPLY_FAILED", cursor.position().sequence() + 1, null, null,
                "the catalogue refused this site's events: " + IngestErrors.summary(cause), "batch"));
        List<IngestStore.ParkRow> parks = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        finish(batch, plan, null, new ArrayList<>(), parks, quarantined);
        batch.writeSites();
        store.park(parks, batch.now);
        return new IngestReport(0, 0, parks.size(), quarantined);
    }

    private void unknownSite(Batch batch, SiteRecords group) {
        InboundRecord first = group.items().get(0).record();
        if (store.hasOpenQuarantine(group.siteCode(), "UNKNOWN_SITE")) {
            // Alerted already; until the site is enrolled its records are dropped quietly (the agent republishes
            // from the cursor the hub publishes once it knows the site).
            log.debug("records of an unknown site dropped siteCode={} records={}", group.siteCode(), group.items().size());
            return;
        }
        log.warn("records of an unknown site dropped siteCode={} records={} origin={}", group.siteCode(),
                group.items().size(), first.origin());
        store.quarantine(group.siteCode(), "UNKNOWN_SITE", null, null, null,
                group.items().size() + " records keyed by a site that is not enrolled", first.origin(), batch.now);
        alerts.raise(AlertKind.UNKNOWN_SITE, group.siteCode(), null,
                group.items().size() + " records keyed by a site that is not enrolled were dropped", batch.now);
    }

    private boolean isKnownSite(String siteCode) {
        if (knownSites.contains(siteCode)) {
            return true;
        }
        if (sites.site(siteCode).isPresent()) {
            knownSites.add(siteCode);
            return true;
        }
        return false;
    }

    private static IngestReport plus(IngestReport a, IngestReport b) {
        List<String> quarantined = new ArrayList<>(a.quarantinedSites());
        quarantined.addAll(b.quarantinedSites());
        return new IngestReport(a.applied() + b.applied(), a.redelivered() + b.redelivered(), a.parked() + b.parked(),
                List.copyOf(quarantined));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes == null ? new byte[0] : bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
