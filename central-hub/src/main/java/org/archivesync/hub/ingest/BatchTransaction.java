package org.archivesync.hub.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.archivesync.avro.SiteKeyRotated;
import org.archivesync.hub.alerts.AlertKind;
import org.archivesync.hub.alerts.Alerts;
import org.archivesync.hub.catalogue.AcceptedEvent;
import org.archivesync.hub.catalogue.AppliedChanges;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.catalogue.SiteStop;
import org.archivesync.hub.outbound.Outbox;
import org.archivesync.hub.sites.SigningKey;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.schemas.integrity.ChainEvent;
import org.archivesync.schemas.integrity.SetAsideReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work of one ingest transaction over a set of sites, in the caller's transaction: locks their cursors, loads
 * their parked windows ({@link ParkedWindows}), plans each site ({@link SitePlanner}), applies the accepted events to
 * the catalogue while the event log streams on the lent connection, and writes each site's {@link SiteOutcome}: set
 * aside records, quarantines, alerts, key changes, parked rows, cursors and outbox rows. Which transactions run, and
 * what happens when one fails, is {@link SiteEventIngest}'s.
 */
final class BatchTransaction {

    private static final Logger log = LoggerFactory.getLogger(BatchTransaction.class);

    private final IngestStore store;
    private final Catalogue catalogue;
    private final Alerts alerts;
    private final Outbox outbox;
    private final SiteDirectory sites;
    private final Duration gapGrace;
    private final IngestMetrics metrics;
    private final SiteEventIngest.ParkLimits limits;
    private final SetAsideRecords setAside;
    private final SecretRedaction redaction;
    private final SitePlanner planner;
    private final ParkedWindows windows;
    private final KnownSites known;

    BatchTransaction(IngestStore store, Catalogue catalogue, Alerts alerts, Outbox outbox, SiteDirectory sites,
                     Duration gapGrace, IngestMetrics metrics, SiteEventIngest.ParkLimits limits,
                     SetAsideRecords setAside, SecretRedaction redaction, SitePlanner planner, KnownSites known) {
        this.store = store;
        this.catalogue = catalogue;
        this.alerts = alerts;
        this.outbox = outbox;
        this.sites = sites;
        this.gapGrace = gapGrace;
        this.metrics = metrics;
        this.limits = limits;
        this.setAside = setAside;
        this.redaction = redaction;
        this.planner = planner;
        this.windows = new ParkedWindows(store, setAside, limits.batchEvents());
        this.known = known;
    }

    /**
     * Verifies and applies the groups' events, all of them together; {@code releasing}: sites being released;
     * {@code draining}: sites whose parked events are loaded whatever the batch brings.
     */
    IngestReport run(IngestBatch batch, List<SiteRecords> groups, Set<String> releasing, Set<String> draining) {
        List<SiteRecords> enrolled = new ArrayList<>(groups.size());
        for (SiteRecords g : groups) {
            if (known.known(g.siteCode())) {
                enrolled.add(g);
            } else {
                known.drop(g, batch.now);
            }
        }
        if (enrolled.isEmpty()) {
            return new IngestReport(0, 0, 0, List.of());
        }
        Map<String, IngestStore.Cursor> cursors = store.lockCursors(
                enrolled.stream().map(SiteRecords::siteCode).toList(), batch.now);
        Map<String, SitePlanner.ParkedWindow> parked = windows.load(enrolled, cursors, releasing, draining,
                batch.verifier, batch.now);
        List<SitePlan> plans = new ArrayList<>(enrolled.size());
        List<AcceptedEvent> accepted = new ArrayList<>();
        List<IngestStore.EventRow> tentative = new ArrayList<>();
        for (SiteRecords g : enrolled) {
            String site = g.siteCode();
            SitePlan plan = planner.plan(g, cursors.get(site), parked.get(site), releasing.contains(site),
                    batch.verifier, (from, to) -> store.storedHashes(site, from, to));
            plans.add(plan);
            for (SitePlan.Step step : plan.steps()) {
                tentative.add(step.row());
                if (step instanceof SitePlan.Apply a) {
                    accepted.add(new AcceptedEvent(site, a.sequence(), a.decoded().event()));
                }
            }
        }
        // The event log is written while the catalogue builds its rows (LentConnection): the server inserts while the
        // JVM encodes. Rows of a site the catalogue stops are replaced below.
        IngestStore.EventsCopy eventLog = store.insertEventsAsync(tentative, batch.now);
        AppliedChanges changes;
        try {
            changes = catalogue.apply(accepted, batch.now, eventLog);
            eventLog.awaitReturn();
        } catch (RuntimeException e) {
            eventLog.awaitQuietly();
            throw e;
        }
        batch.refused(changes.refusals());
        List<SiteOutcome> outcomes = new ArrayList<>(plans.size());
        List<IngestStore.ParkRow> parks = new ArrayList<>();
        List<String> quarantined = new ArrayList<>();
        int applied = 0;
        int redelivered = 0;
        for (SitePlan plan : plans) {
            SiteOutcome outcome = SiteOutcome.of(plan, changes.stops().get(plan.site()));
            outcomes.add(outcome);
            parks.addAll(write(batch, outcome));
            applied += outcome.applied().size();
            redelivered += plan.redelivered();
            if (outcome.newlyQuarantined()) {
                quarantined.add(plan.site());
            }
        }
        for (SiteOutcome outcome : outcomes) {
            SiteStop stop = changes.stops().get(outcome.site());
            if (stop != null) {
                // The log was written before the catalogue refused this event: from it on, the site's rows go, and
                // the event comes back withheld (what follows it is parked).
                store.deleteEventsFrom(outcome.site(), stop.sequence());
                store.insertEvents(outcome.events().stream().filter(e -> e.sequence() >= stop.sequence()).toList(),
                        batch.now);
            }
        }
        // A state secret's text the catalogue let go of leaves the event log in the same transaction.
        redaction.redact(changes.secretText(), batch.now);
        batch.writeSites(store, outbox);
        store.park(parks, batch.now);
        // Files named as an applied event's subject go out through the site's range; only the others one by one.
        Set<String> oneByOne = new LinkedHashSet<>(changes.changedFiles());
        outcomes.forEach(o -> o.events().forEach(e -> oneByOne.remove(e.subject())));
        outbox.catalogueFilesChanged(oneByOne, batch.now);
        outbox.siteProgressChanged(changes.progressSites(), batch.now);
        return new IngestReport(applied, redelivered, parks.size(), List.copyOf(quarantined));
    }

    /**
     * Writes a site's outcome but its cursor (noted in the batch, written for all sites at once) and its parked rows:
     * returns those its parked bounds admit.
     */
    private List<IngestStore.ParkRow> write(IngestBatch batch, SiteOutcome outcome) {
        SitePlan plan = outcome.plan();
        String site = outcome.site();
        long end = outcome.position().sequence();
        outcome.applied().forEach(a -> keyLifecycle(batch, site, a));
        store.unpark(plan.unpark());
        List<SetAsideRecords.Row> setAsideRows = new ArrayList<>(plan.setAside());
        if (outcome.passesParked()) {
            for (IngestStore.Lost lost : store.unparkThrough(site, plan.cursor().position().sequence(), end)) {
                setAsideRows.add(new SetAsideRecords.Row(site, lost.hash(), lost.sequence(), SetAsideReason.LOST_TO_SIGNED,
                        "unsigned sequence " + lost.sequence() + " lost to the event the site signed there",
                        lost.origin()));
            }
        }
        setAside.record(site, setAsideRows, batch.now);
        if (outcome.drainsMore(limits.batchEvents())) {
            batch.drain.add(site);
        }
        SiteOutcome.Waiting waiting = outcome.waiting(batch.now, gapGrace);
        if (waiting.alertNow()) {
            alerts.raise(AlertKind.GAP, site, end + 1, plan.waitingFor() != null ? plan.waitingFor()
                    : "events wait for sequence " + (end + 1) + " or a signature", batch.now);
        }
        for (SitePlan.Failure f : outcome.failures()) {
            store.quarantine(site, f.reason(), f.sequence(), f.eventHash(), f.eventSignature(), f.detail(), f.origin(),
                    batch.now);
            alerts.raise(f.reason().alertKind(), site, f.sequence(), f.detail(), batch.now);
        }
        if (outcome.newlyQuarantined()) {
            log.warn("site quarantined siteCode={} sequence={} reason={}", site, outcome.failures().get(0).sequence(),
                    outcome.failures().get(0).reason());
        }
        batch.siteDone(outcome, waiting);
        SiteOutcome.Admission admission = outcome.admit(limits.maxEvents(), limits.maxBytes());
        if (admission.refused() > 0) {
            log.warn("parked events over their bound, not stored siteCode={} refused={} fromSequence={} parked={} bytes={}",
                    site, admission.refused(), admission.fromSequence(), admission.parkedCount(), admission.parkedBytes());
            setAside.alertLimited(AlertKind.PARKED_LIMIT, site, admission.refused(), n -> n + " events of office " + site
                    + " were not parked: its waiting events reached their bound (" + limits.maxEvents() + " events or "
                    + limits.maxBytes() + " bytes). They are not stored; the office's agent republishes them from the"
                    + " hub's cursor once the waiting events drain", batch.now);
        }
        metrics.cursor(site, end, Math.max(plan.highestSeen(), end));
        return admission.admitted();
    }

    /**
     * Keys change with the events that are applied: a {@code SiteKeyRotated} enrolls the announced key for the
     * sequences after it, and the first event signed with such a key retires the site's other keys (docs/contracts.md,
     * Keys). In the batch's transaction, so the cursor and the keys move together.
     */
    private void keyLifecycle(IngestBatch batch, String site, SitePlan.Apply a) {
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

    /**
     * Quarantines a site whose events the catalogue refused with an error the rules did not foresee
     * ({@link QuarantineReason#APPLY_FAILED}), after the site's savepoint rolled back: its new events are parked.
     *
     * @param cause the catalogue's error (its summary is recorded, never event content)
     */
    IngestReport quarantineRefused(IngestBatch batch, SiteRecords group, RuntimeException cause) {
        String site = group.siteCode();
        IngestStore.Cursor cursor = store.lockCursors(List.of(site), batch.now).get(site);
        SiteOutcome outcome = SiteOutcome.of(SitePlanner.refused(group, cursor, IngestErrors.summary(cause)), null);
        List<IngestStore.ParkRow> parks = write(batch, outcome);
        batch.writeSites(store, outbox);
        store.park(parks, batch.now);
        return new IngestReport(0, 0, parks.size(), outcome.newlyQuarantined() ? List.of(site) : List.of());
    }
}
