package org.archivesync.agent.publisher;

import java.time.Clock;
import java.time.Duration;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxStatus;
import org.archivesync.schemas.integrity.ChainHash;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what the hub's cursor for this site means for the outbox. Runs on the publisher's thread, between rounds,
 * so clearing a published mark can never race the acknowledgement that set it.
 *
 * <ul>
 *   <li>Cursor behind the last published sequence, and the event after it was sent longer than the grace ago: the hub
 *       lost that range (truncated topic, lost partition). The rows after the cursor are marked unpublished, so the
 *       next round sends exactly {@code cursor + 1 ..}. Within the grace the hub is probably still catching up: wait.</li>
 *   <li>Cursor ahead of what was published here, naming the same hash: the hub got those events another way (a USB
 *       bundle). They count as delivered and are not sent again.</li>
 *   <li>Same sequence, different hash (a fork), or a cursor beyond anything recorded here: nothing is changed and an
 *       error is logged; a person must look.</li>
 *   <li>Quarantined: nothing is republished; the hub will not apply it until an operator releases the site.</li>
 * </ul>
 * Each cursor record is acted on at most once; the hub's next cursor record (or a restart) brings a new decision.
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
    private final Duration grace;

    CursorRepair(Outbox outbox, Clock clock, Duration grace) {
        this.outbox = outbox;
        this.clock = clock;
        this.grace = grace;
    }

    Result apply(String siteCode, CursorWatcher.Observation cursor) {
        if (cursor.quarantined()) {
            log.warn("hub has quarantined this site; not republishing siteCode={} hubSequence={}", siteCode,
                    cursor.lastSequence());
            return new Result(Outcome.REFUSED, 0);
        }
        OutboxStatus status = outbox.status();
        long hub = cursor.lastSequence();
        byte[] ours = outbox.hashAt(hub);
        if (ours == null) {
            log.error("hub cursor is beyond the last sequence recorded here siteCode={} hubSequence={} lastRecorded={}",
                    siteCode, hub, status.lastRecordedSequence());
            return new Result(Outcome.REFUSED, 0);
        }
        if (!ChainHash.same(ours, cursor.lastHash())) {
            log.error("hub cursor names a different hash than recorded here (fork) siteCode={} sequence={}", siteCode, hub);
            return new Result(Outcome.REFUSED, 0);
        }
        if (hub < status.lastPublishedSequence()) {
            Long sentAt = outbox.publishedAt(hub + 1);
            if (sentAt != null && clock.millis() - sentAt < grace.toMillis()) {
                return new Result(Outcome.WAITING, 0);
            }
            int marked = outbox.republishAfter(hub);
            log.warn("hub cursor behind published events, republishing siteCode={} fromSequence={} lastPublished={} count={}",
                    siteCode, hub + 1, status.lastPublishedSequence(), marked);
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
}
