package org.archivesync.hub.ingest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.archivesync.schemas.integrity.ChainEvent;
import org.archivesync.schemas.integrity.ChainFailure;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerdict;
import org.archivesync.schemas.integrity.ChainVerifier;
import org.archivesync.schemas.integrity.SetAsideReason;

/**
 * Decides what one site's part of a transaction becomes: which events to apply, park or set aside, and whether the
 * site is quarantined. Reads nothing but its arguments (the decoder turns parked bodies back into events with the
 * registry's cached schemas; the verifier finds keys; stored hashes are asked for only when the run reaches below the
 * cursor) and writes nothing: the orchestrator does the I/O around it.
 *
 * <p>Undecodable bytes under the site's key say nothing about the site: they are set aside and the records around
 * them go on. A quarantined site's new events are parked for its release. Otherwise the parked events and the batch's
 * events are verified together from the cursor; a gap the chain can cross by a withheld (state-secret) parked event's
 * hash is crossed; what is verified is applied, what is not yet is parked, and only a failure signed with the site's
 * own key quarantines it.
 */
final class SitePlanner {

    /** The event log's chain hashes of a site's applied sequences. */
    @FunctionalInterface
    interface StoredHashes {
        /** The hashes of sequences {@code from} to {@code to} (both at or below the cursor), by sequence; never null. */
        Map<Long, byte[]> between(long from, long to);
    }

    /**
     * The parked events a transaction loaded for a site.
     *
     * @param rows in sequence order, at most one window (never null)
     * @param more whether parked events exist that were not loaded (a full window may have more behind it)
     */
    record ParkedWindow(List<IngestStore.Parked> rows, boolean more) {
        static final ParkedWindow NONE = new ParkedWindow(List.of(), false);
    }

    private final EventDecoder decoder;

    SitePlanner(EventDecoder decoder) {
        this.decoder = decoder;
    }

    /**
     * Plans a site's records of the batch with its loaded parked events.
     *
     * @param cursor the site's cursor, locked by the transaction
     * @param releasing whether the site is being released
     * @param verifier the transaction's verifier, with its key lookup
     * @param stored the event log's hashes below the cursor, to tell a redelivery from a fork
     * @throws org.archivesync.schemas.registry.SchemaRegistryException when the registry cannot answer now (retriable)
     */
    SitePlan plan(SiteRecords group, IngestStore.Cursor cursor, ParkedWindow parkedWindow, boolean releasing,
                  ChainVerifier verifier, StoredHashes stored) {
        Draft plan = new Draft(group.siteCode(), cursor);
        List<EventDecoder.Decoded> decoded = new ArrayList<>();
        for (SiteRecords.Item item : group.items()) {
            if (item.decoded() != null) {
                plan.highestSeen = Math.max(plan.highestSeen, item.decoded().event().getSequence());
                decoded.add(item.decoded());
            } else {
                plan.setAside.add(new SetAsideRecords.Row(plan.site, sha256(item.record().value()), null,
                        SetAsideReason.UNDECODABLE, item.undecodable(), item.record().origin()));
            }
        }
        if (cursor.quarantined() && !releasing) {
            plan.parkAbove(decoded);
            return plan.done(releasing, parkedWindow, cursor.position(), null);
        }

        Map<ChainEvent, EventDecoder.Decoded> sources = new IdentityHashMap<>();
        Map<ChainEvent, Long> alreadyParked = new IdentityHashMap<>();
        Set<ChainEvent> vouched = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ChainEvent> run = new ArrayList<>();
        List<IngestStore.Parked> withheld = new ArrayList<>();
        for (IngestStore.Parked p : parkedWindow.rows()) {
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
        for (EventDecoder.Decoded d : decoded) {
            sources.put(d.chain(), d);
            run.add(d.chain());
        }

        Map<Long, byte[]> hashes = storedBelowCursor(cursor.position(), run, stored);
        ChainPosition position = cursor.position();
        List<ChainEvent> remaining = run;
        ChainFailure failure;
        while (true) {
            ChainVerdict verdict = verifier.verify(plan.site, position, hashes::get, remaining, vouched::contains);
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
                plan.steps.add(SitePlan.Apply.of(plan.site, sources.get(v.event()), v.hash()));
                hashes.put(v.event().sequence(), v.hash());
            }
            position = verdict.position();
            remaining = verdict.pending();
            failure = verdict.failure();
            if (failure != null && failure.kind() == ChainFailure.Kind.GAP) {
                IngestStore.Parked pass = passable(withheld, position);
                if (pass != null) {
                    plan.steps.add(new SitePlan.PassWithheld(plan.site, pass));
                    withheld.remove(pass);
                    position = new ChainPosition(pass.sequence(), pass.hash());
                    continue;
                }
            }
            break;
        }
        for (ChainEvent e : remaining) {
            if (!alreadyParked.containsKey(e)) {
                plan.park(sources.get(e));
            }
        }
        String waitingFor = null;
        if (failure != null && failure.kind().quarantines()) {
            // The signed event that proves it: a release that discards it drops that parked row.
            ChainEvent evidence = failure.evidence();
            plan.failures.add(new SitePlan.Failure(QuarantineReason.of(failure.kind()), failure.sequence(),
                    evidence.hash(), evidence.signature(), failure.detail(), sources.get(evidence).origin()));
        } else if (failure != null) {
            waitingFor = failure.detail();
        } else if (!remaining.isEmpty()) {
            waitingFor = "an unsigned tail from sequence " + (position.sequence() + 1) + " waits for its signed event";
        }
        return plan.done(releasing, parkedWindow, position, waitingFor);
    }

    /**
     * The plan of a site whose events the catalogue refused with an error the rules did not foresee: nothing applied,
     * its new events parked, the site quarantined ({@link QuarantineReason#APPLY_FAILED}).
     *
     * @param cause a summary of the error, without event content
     */
    static SitePlan refused(SiteRecords group, IngestStore.Cursor cursor, String cause) {
        Draft plan = new Draft(group.siteCode(), cursor);
        plan.parkAbove(group.items().stream().map(SiteRecords.Item::decoded).filter(d -> d != null).toList());
        plan.failures.add(new SitePlan.Failure(QuarantineReason.APPLY_FAILED, cursor.position().sequence() + 1, null,
                null, "the catalogue refused this site's events: " + cause, "batch"));
        // Nothing loaded: whatever is parked stays parked.
        return plan.done(false, new ParkedWindow(List.of(), true), cursor.position(), null);
    }

    /** The event log's hashes the run needs: those of the sequences below the cursor it repeats (often none). */
    private static Map<Long, byte[]> storedBelowCursor(ChainPosition cursor, List<ChainEvent> run, StoredHashes stored) {
        long lowest = run.stream().mapToLong(ChainEvent::sequence).min().orElse(Long.MAX_VALUE);
        if (lowest >= cursor.sequence()) {
            return new HashMap<>();
        }
        return new HashMap<>(stored.between(Math.max(1, lowest), cursor.sequence() - 1));
    }

    /** The withheld parked event that continues the chain at {@code position}, if any. */
    private static IngestStore.Parked passable(List<IngestStore.Parked> withheld, ChainPosition position) {
        for (IngestStore.Parked p : withheld) {
            if (p.sequence() == position.sequence() + 1
                    && ChainHash.same(p.previousHash(), position.hash())) {
                return p;
            }
        }
        return null;
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes == null ? new byte[0] : bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A plan being decided; never leaves the planner. */
    private static final class Draft {
        final String site;
        final IngestStore.Cursor cursor;
        final List<SitePlan.Step> steps = new ArrayList<>();
        final List<IngestStore.ParkRow> toPark = new ArrayList<>();
        final List<SitePlan.Failure> failures = new ArrayList<>();
        final List<SetAsideRecords.Row> setAside = new ArrayList<>();
        final Set<Long> unpark = new LinkedHashSet<>();
        long highestSeen;
        int redelivered;

        Draft(String site, IngestStore.Cursor cursor) {
            this.site = site;
            this.cursor = cursor;
            this.highestSeen = cursor.position().sequence();
        }

        void park(EventDecoder.Decoded d) {
            SitePlan.Parking parking = SitePlan.Parking.of(site, d);
            toPark.add(parking.row());
            if (parking.failure() != null) {
                failures.add(parking.failure());
            }
        }

        /** Parks the events above the cursor, the others being redeliveries. */
        void parkAbove(List<EventDecoder.Decoded> events) {
            for (EventDecoder.Decoded d : events) {
                if (d.event().getSequence() > cursor.position().sequence()) {
                    park(d);
                }
            }
        }

        SitePlan done(boolean releasing, ParkedWindow parked, ChainPosition position, String waitingFor) {
            return new SitePlan(site, cursor, releasing, parked.rows(), parked.more(),
                    Collections.unmodifiableList(steps), Collections.unmodifiableList(toPark), List.copyOf(failures),
                    List.copyOf(setAside), Collections.unmodifiableSet(unpark), position, waitingFor, highestSeen,
                    redelivered);
        }
    }
}
