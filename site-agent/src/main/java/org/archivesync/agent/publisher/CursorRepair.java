package org.archivesync.agent.publisher;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxStatus;
import org.archivesync.schemas.integrity.ChainHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what the hub's cursor for this site means for the outbox. Runs on the publisher's thread, between rounds,
 * so clearing a published mark can never race the acknowledgement that set it. It is asked again and again about the
 * newest cursor (the hub re-publishes it every heartbeat, changed or not), so what it decides depends on time, not on
 * which record arrived:
 *
 * <ul>
 *   <li>Cursor behind the last published sequence: the hub lacks {@code cursor + 1 ..}. While the hub is catching up
 *       its cursor moves, so nothing is sent again until the cursor has stood still for the grace, counted from the
 *       latest of: the cursor's last change, the sending of the first event it lacks, and the last repair, all on the
 *       monotonic ticker. Then the rows after the cursor are marked unpublished, so the next round sends exactly
 *       {@code cursor + 1 ..}, once; another repair comes at the earliest one grace later. A cursor at 0 (the hub
 *       publishes one for an enrolled site that sent it nothing) repairs a lost first event the same way.</li>
 *   <li>Cursor ahead of what was published here, naming the same hash: the hub got those events another way (a USB
 *       bundle). They count as delivered and are not sent again.</li>
 *   <li>Same sequence, different hash (a fork, BESIDE), or a cursor beyond anything recorded here (BEHIND): nothing is
 *       changed and an error is logged once per cursor value; recording and publishing stop until an operator re-bases
 *       the office ({@link org.archivesync.agent.recording.ChainRebase}).</li>
 *   <li>Quarantined: nothing is republished; the hub will not apply it until an operator releases the site.</li>
 * </ul>
 */
final class CursorRepair {

    private static final Logger log = LoggerFactory.getLogger(CursorRepair.class);

    /** What happened to one observation. */
    enum Outcome { WAITING, REPUBLISHED, MARKED_DELIVERED, NOTHING_TO_DO, REFUSED }

    /** The outcome and how many outbox rows it changed. */
    record Result(Outcome outcome, int rows) {
    }

    private final Outbox outbox;
    private final Clock clock;
    private final LongSupplier ticker;
    private final long graceNanos;
    /** Ticker reading of the last repair; null before the first. */
    private Long lastRepairNanos;
    /** The cursor value last refused, so each is logged once. */
    private CursorWatcher.Observation lastRefused;

    /**
     * @param clock wall clock, for the published marks of events the hub got another way (never null)
     * @param ticker monotonic nanoseconds ({@link System#nanoTime()} in production), for the grace (never null)
     * @param grace how long the cursor must stand still before a repair (never null)
     */
    CursorRepair(Outbox outbox, Clock clock, LongSupplier ticker, Duration grace) {
        this.outbox = outbox;
        this.clock = clock;
        this.ticker = ticker;
        this.graceNanos = grace.toNanos();
    }

    /**
     * @param cursor the newest cursor seen (never null)
     * @param firstMissingSentAtNanos ticker reading when the event after the cursor was last handed to the broker (by
     *                                this process; its start for events an earlier process sent)
     */
    Result apply(String siteCode, CursorWatcher.Observation cursor, long firstMissingSentAtNanos) {
        if (cursor.quarantined()) {
            if (!cursor.sameValue(lastRefused)) {
                lastRefused = cursor;
                log.warn("hub has quarantined this site; not republishing siteCode={} hubSequence={}", siteCode,
                        cursor.lastSequence());
            }
            return new Result(Outcome.REFUSED, 0);
        }
        OutboxStatus status = outbox.status();
        long hub = cursor.lastSequence();
        byte[] ours = outbox.hashAt(hub);
        if (ours == null) {
            if (!cursor.sameValue(lastRefused)) {
                lastRefused = cursor;
                log.error("hub cursor is beyond the last sequence recorded here (fork BEHIND: re-base the office, deploy/README.md"
                        + " Forks) siteCode={} hubSequence={} lastRecorded={}",
                        siteCode, hub, status.lastRecordedSequence());
            }
            return new Result(Outcome.REFUSED, 0);
        }
        // The hub says zeros for "nothing yet"; here sequence 0 is the genesis hash.
        if (!ChainHash.same(ours, cursor.lastHash()) && !(hub == 0 && isZeros(cursor.lastHash()))) {
            if (!cursor.sameValue(lastRefused)) {
                lastRefused = cursor;
                log.error("hub cursor names a different hash than recorded here (fork BESIDE: re-base the office, deploy/README.md"
                        + " Forks) siteCode={} sequence={}",
                        siteCode, hub);
            }
            return new Result(Outcome.REFUSED, 0);
        }
        if (hub < status.lastPublishedSequence()) {
            long now = ticker.getAsLong();
            long since = latest(cursor.changedAtNanos(), firstMissingSentAtNanos);
            if (lastRepairNanos != null) {
                since = latest(since, lastRepairNanos);
            }
            if (now - since < graceNanos) {
                return new Result(Outcome.WAITING, 0);
            }
            int marked = outbox.republishAfter(hub);
            lastRepairNanos = now;
            log.warn("hub cursor still behind published events, republishing siteCode={} fromSequence={} lastPublished={}"
                    + " count={} stillForMs={}", siteCode, hub + 1, status.lastPublishedSequence(), marked,
                    (now - since) / 1_000_000);
            return new Result(Outcome.REPUBLISHED, marked);
        }
        if (hub > status.lastPublishedSequence()) {
            int marked = outbox.markPublished(1, hub, clock.millis());
            log.info("hub already holds these events (bundle import), marking delivered siteCode={} throughSequence={} count={}",
                    siteCode, hub, marked);
            return new Result(Outcome.MARKED_DELIVERED, marked);
        }
        return new Result(Outcome.NOTHING_TO_DO, 0);
    }

    /** The later of two ticker readings (compared by difference, as {@link System#nanoTime()} requires). */
    static long latest(long a, long b) {
        return a - b >= 0 ? a : b;
    }

    private static boolean isZeros(byte[] hash) {
        for (byte b : hash) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }
}
