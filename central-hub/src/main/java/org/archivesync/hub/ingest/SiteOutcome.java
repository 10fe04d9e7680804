package org.archivesync.hub.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.archivesync.hub.catalogue.SiteStop;
import org.archivesync.hub.outbound.Outbox;
import org.archivesync.schemas.integrity.ChainPosition;

/**
 * A site's plan with the catalogue's answer: the rows the transaction writes for the site and where its cursor ends.
 * When the catalogue stopped the site (a state-secret event carrying more than its stub), the stopping event is
 * stored by its hash only, the cursor passes it, the site is quarantined, and the verified events after it are parked
 * for the release. Pure: the orchestrator writes what it says.
 *
 * @param plan what the planner decided
 * @param events the event log rows, in sequence order (never null)
 * @param applied the verified events applied, in sequence order (never null)
 * @param toPark events to park, before the site's parked bounds (never null)
 * @param failures why the site is quarantined now; empty when it is not (never null)
 * @param position the site's cursor after the transaction
 * @param subjects the sequences of the applied events that name one file, for the outbox; null when none do
 */
record SiteOutcome(SitePlan plan, List<IngestStore.EventRow> events, List<SitePlan.Apply> applied,
                   List<IngestStore.ParkRow> toPark, List<SitePlan.Failure> failures, ChainPosition position,
                   Outbox.Range subjects) {

    /**
     * The outcome of {@code plan} when the catalogue applied its events.
     *
     * @param stop where the catalogue stopped the site; null when it did not
     */
    static SiteOutcome of(SitePlan plan, SiteStop stop) {
        ChainPosition position = plan.position();
        List<SitePlan.Failure> failures = new ArrayList<>(plan.failures());
        List<IngestStore.ParkRow> toPark = new ArrayList<>(plan.toPark());
        List<IngestStore.EventRow> events = new ArrayList<>(plan.steps().size());
        List<SitePlan.Apply> applied = new ArrayList<>(plan.steps().size());
        long firstSubject = Long.MAX_VALUE;
        long lastSubject = 0;
        for (SitePlan.Step step : plan.steps()) {
            if (stop != null && step.sequence() > stop.sequence()) {
                // Verified, but after the event that stopped the site: it waits for the release with the rest. The
                // site is quarantined already, so what such an event would prove adds no second failure.
                if (step instanceof SitePlan.Apply a) {
                    toPark.add(SitePlan.Parking.of(plan.site(), a.decoded()).row());
                }
                continue;
            }
            if (stop != null && step.sequence() == stop.sequence()) {
                SitePlan.Apply a = (SitePlan.Apply) step;
                events.add(a.withheldRow());
                position = new ChainPosition(a.sequence(), a.hash());
                failures.add(new SitePlan.Failure(QuarantineReason.SECRET_CONTENT, a.sequence(), a.hash(),
                        a.decoded().chain().signature(), stop.detail(), a.decoded().origin()));
                continue;
            }
            IngestStore.EventRow row = step.row();
            events.add(row);
            if (step instanceof SitePlan.Apply a) {
                if (row.subject() != null) {
                    firstSubject = Math.min(firstSubject, step.sequence());
                    lastSubject = Math.max(lastSubject, step.sequence());
                }
                applied.add(a);
            }
        }
        return new SiteOutcome(plan, Collections.unmodifiableList(events), Collections.unmodifiableList(applied),
                Collections.unmodifiableList(toPark), List.copyOf(failures), position,
                lastSubject > 0 ? new Outbox.Range(plan.site(), firstSubject, lastSubject) : null);
    }

    String site() {
        return plan.site();
    }

    /** Whether the site's stream is stopped after the transaction. */
    boolean quarantined() {
        return plan.wasQuarantined() || !failures.isEmpty();
    }

    /** Whether the transaction quarantines a site that was not quarantined (or was being released). */
    boolean newlyQuarantined() {
        return quarantined() && !plan.wasQuarantined();
    }

    private long cursorBefore() {
        return plan.cursor().position().sequence();
    }

    /**
     * Whether the cursor moved past sequences the site has parked: those rows go, and the unsigned ones the event log
     * does not hold were lost to the event the site signed there.
     */
    boolean passesParked() {
        return position.sequence() > cursorBefore() && (plan.parkedLeft() || !plan.parked().isEmpty());
    }

    /** Whether events of the site remain parked after the transaction. */
    boolean stillParked() {
        long end = position.sequence();
        return plan.parkedLeft() || !toPark.isEmpty()
                || plan.parked().stream().anyMatch(p -> p.sequence() > end && !plan.unpark().contains(p.id()));
    }

    /**
     * Whether more may follow from the parked events beyond this transaction's full window: when it moved on, set some
     * aside, or parked a signed event (whose signature may cover parked events the window did not reach).
     *
     * @param window how many parked events a transaction loads per site
     */
    boolean drainsMore(int window) {
        boolean parkedSigned = toPark.stream().anyMatch(r -> r.signature() != null);
        return plan.parked().size() >= window && !quarantined()
                && (position.sequence() > cursorBefore() || !plan.unpark().isEmpty() || parkedSigned);
    }

    /**
     * How the site waits after the transaction.
     *
     * @param since since when its events have waited; null when none wait (or it is quarantined)
     * @param alerted whether the gap alert was raised, before or now
     * @param alertNow whether the transaction raises it: the events have waited the whole grace period
     */
    record Waiting(Instant since, boolean alerted, boolean alertNow) {
    }

    /**
     * How the site waits after the transaction.
     *
     * @param now the transaction's time
     * @param gapGrace how long events may wait before the gap alert
     */
    Waiting waiting(Instant now, Duration gapGrace) {
        if (quarantined() || !stillParked()) {
            return new Waiting(null, false, false);
        }
        IngestStore.Cursor cursor = plan.cursor();
        Instant since = cursor.waitingSince() != null ? cursor.waitingSince() : now;
        boolean alertNow = !cursor.waitingAlerted() && !since.plus(gapGrace).isAfter(now);
        return new Waiting(since, cursor.waitingAlerted() || alertNow, alertNow);
    }

    /** Whether the site's published cursor changes: it moved, or its quarantine began or ended. */
    boolean cursorChanged() {
        return position.sequence() != cursorBefore() || quarantined() != plan.cursor().quarantined();
    }

    /**
     * The rows to park that the site's parked bounds admit.
     *
     * @param admitted the rows stored, lowest sequences first (those the cursor needs next)
     * @param refused how many are not stored (they come back when the agent's repair republishes from the cursor)
     * @param fromSequence the lowest refused sequence; 0 when none is refused
     * @param parkedCount the site's parked events with the admitted ones
     * @param parkedBytes their body bytes
     */
    record Admission(List<IngestStore.ParkRow> admitted, int refused, long fromSequence, long parkedCount,
                     long parkedBytes) {
    }

    /** The rows of {@link #toPark} within the site's parked bounds, counted from what the site has parked already. */
    Admission admit(long maxEvents, long maxBytes) {
        long count = plan.cursor().parkedCount();
        long bytes = plan.cursor().parkedBytes();
        List<IngestStore.ParkRow> rows = new ArrayList<>(toPark);
        rows.sort(Comparator.comparingLong(IngestStore.ParkRow::sequence));
        List<IngestStore.ParkRow> admitted = new ArrayList<>(rows.size());
        for (IngestStore.ParkRow r : rows) {
            long size = r.body() == null ? 0 : r.body().length;
            if (count + 1 > maxEvents || bytes + size > maxBytes) {
                break;
            }
            count++;
            bytes += size;
            admitted.add(r);
        }
        int refused = rows.size() - admitted.size();
        return new Admission(admitted, refused, refused > 0 ? rows.get(admitted.size()).sequence() : 0, count, bytes);
    }
}
