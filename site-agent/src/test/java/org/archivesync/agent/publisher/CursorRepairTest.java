package org.archivesync.agent.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRecording;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.schemas.integrity.ChainHash;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The decisions taken on the hub's cursor, against a real outbox, with the grace on a ticker the test moves. The
 * Kafka round trip is in CursorRepairIT.
 */
class CursorRepairTest {

    static final Instant T0 = Instant.parse("2025-06-20T00:00:00Z");

    TestSite site = TestSite.create("CM.DAMDOI.UBND");
    Outbox outbox;
    MutableClock clock = new MutableClock(T0);
    CursorRepair repair;
    /** The monotonic ticker, in nanoseconds; starts far from 0 to catch code that assumes it does not. */
    AtomicLong ticker = new AtomicLong(Long.MAX_VALUE - Duration.ofMinutes(30).toNanos());
    /** When the publisher (this process) started, on the ticker: the send time of rows an earlier process sent. */
    long started = ticker.get();

    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @BeforeEach
    void twentyEventsTwelvePublished() {
        AgentStore store = AgentStore.open(TestPaths.database("cursor-repair"));
        outbox = new Outbox(store);
        TestRecording.events(new Recorder(store, site.identity(), clock, "clerk"), 20, 5);
        outbox.markPublished(1, 20, T0.toEpochMilli());
        repair = new CursorRepair(outbox, clock, ticker::get, Duration.ofMinutes(2));
    }

    /** The cursor at {@code sequence}, its value first seen now. */
    CursorWatcher.Observation cursor(long sequence) {
        return new CursorWatcher.Observation(0, 1, sequence, outbox.hashAt(sequence), false, ticker.get());
    }

    void advance(Duration d) {
        ticker.addAndGet(d.toNanos());
    }

    @Test
    void aCursorStillForLongerThanTheGraceMarksExactlyTheMissingRangeForRepublishing() {
        assertThat(outbox.status().backlog()).isZero();
        assertThat(outbox.status().oldestUnpublishedAt()).as("no backlog, no age").isNull();
        CursorWatcher.Observation twelve = cursor(12);
        advance(Duration.ofMinutes(3));

        CursorRepair.Result result = repair.apply(site.siteCode(), twelve, started);

        assertThat(result).isEqualTo(new CursorRepair.Result(CursorRepair.Outcome.REPUBLISHED, 8));
        assertThat(outbox.unpublished(100)).extracting(OutboxEntry::sequence).containsExactly(13L, 14L, 15L, 16L, 17L,
                18L, 19L, 20L);
        assertThat(outbox.status().lastPublishedSequence()).isEqualTo(12);
        assertThat(outbox.status().oldestUnpublishedAt()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void aCursorStillWithinTheGraceWaitsForTheHubToCatchUp() {
        CursorWatcher.Observation twelve = cursor(12);
        advance(Duration.ofSeconds(90));

        assertThat(repair.apply(site.siteCode(), twelve, started).outcome()).isEqualTo(CursorRepair.Outcome.WAITING);
        assertThat(outbox.unpublished(100)).isEmpty();
    }

    @Test
    void theGraceCountsFromTheCursorsLastChangeNotFromWhenTheEventsWereSent() {
        // Everything went out long ago; the hub lags and its cursor keeps moving: it is catching up, never repaired.
        advance(Duration.ofHours(1));
        for (long seq = 2; seq <= 12; seq += 2) {
            CursorWatcher.Observation moving = cursor(seq);
            advance(Duration.ofSeconds(90));
            assertThat(repair.apply(site.siteCode(), moving, started).outcome()).as("cursor at %d", seq)
                    .isEqualTo(CursorRepair.Outcome.WAITING);
        }
        assertThat(outbox.unpublished(100)).isEmpty();
    }

    @Test
    void aStillCursorIsRepairedOncePerGraceHoweverOftenItIsHeard() {
        CursorWatcher.Observation twelve = cursor(12);
        advance(Duration.ofMinutes(3));
        int resent = 0;
        // The hub's heartbeat repeats the same value every 10 s for the next 110 s.
        for (int beat = 0; beat < 12; beat++) {
            CursorRepair.Result r = repair.apply(site.siteCode(), twelve, started);
            resent += r.rows();
            outbox.markPublished(13, 20, T0.toEpochMilli()); // the round sent them again
            advance(Duration.ofSeconds(10));
        }
        assertThat(resent).as("13..20 once").isEqualTo(8);
        // A grace after the repair, still no change: the copy was lost too; one more.
        advance(Duration.ofSeconds(10));
        assertThat(repair.apply(site.siteCode(), twelve, started)).isEqualTo(
                new CursorRepair.Result(CursorRepair.Outcome.REPUBLISHED, 8));
    }

    @Test
    void eventsSentAfterTheCursorLastMovedGetTheirOwnGrace() {
        // The hub had 12 for an hour (nothing more to apply); 13..20 were recorded and sent just now.
        CursorWatcher.Observation twelve = cursor(12);
        advance(Duration.ofHours(1));
        long justSent = ticker.get();
        advance(Duration.ofSeconds(5));

        assertThat(repair.apply(site.siteCode(), twelve, justSent).outcome()).isEqualTo(CursorRepair.Outcome.WAITING);
        advance(Duration.ofMinutes(2));
        assertThat(repair.apply(site.siteCode(), twelve, justSent).outcome())
                .isEqualTo(CursorRepair.Outcome.REPUBLISHED);
    }

    @Test
    void aLostFirstEventIsRepairedFromTheHubsCursorAtZero() {
        // The hub publishes 0 and zeros for an enrolled site it never got an event from.
        CursorWatcher.Observation nothing = new CursorWatcher.Observation(0, 1, 0, new byte[32], false, ticker.get());
        advance(Duration.ofMinutes(3));

        assertThat(repair.apply(site.siteCode(), nothing, started))
                .isEqualTo(new CursorRepair.Result(CursorRepair.Outcome.REPUBLISHED, 20));
        assertThat(outbox.unpublished(100)).hasSize(20);
    }

    @Test
    void aWallClockStepDoesNotShortenTheGrace() {
        CursorWatcher.Observation twelve = cursor(12);
        clock.now = T0.plus(Duration.ofDays(1)); // the office clock jumps; the ticker does not
        advance(Duration.ofSeconds(30));

        assertThat(repair.apply(site.siteCode(), twelve, started).outcome()).isEqualTo(CursorRepair.Outcome.WAITING);
    }

    @Test
    void aCursorAheadWithTheSameHashMarksThoseEventsDelivered() {
        outbox.republishAfter(4); // only 1..4 went over Kafka; the hub imported 1..15 from a USB bundle

        CursorRepair.Result result = repair.apply(site.siteCode(), cursor(15), started);

        assertThat(result).isEqualTo(new CursorRepair.Result(CursorRepair.Outcome.MARKED_DELIVERED, 11));
        assertThat(outbox.unpublished(100)).extracting(OutboxEntry::sequence).containsExactly(16L, 17L, 18L, 19L, 20L);
    }

    @Test
    void aCursorNamingAnotherHashChangesNothing() {
        CursorWatcher.Observation forked = new CursorWatcher.Observation(0, 1, 12, ChainHash.genesis(), false,
                ticker.get());
        advance(Duration.ofHours(1));

        assertThat(repair.apply(site.siteCode(), forked, started).outcome()).isEqualTo(CursorRepair.Outcome.REFUSED);
        assertThat(outbox.unpublished(100)).isEmpty();
    }

    @Test
    void aQuarantinedSiteIsNotRepublished() {
        CursorWatcher.Observation quarantined = new CursorWatcher.Observation(0, 1, 12, outbox.hashAt(12), true,
                ticker.get());
        advance(Duration.ofHours(1));

        assertThat(repair.apply(site.siteCode(), quarantined, started).outcome())
                .isEqualTo(CursorRepair.Outcome.REFUSED);
        assertThat(outbox.unpublished(100)).isEmpty();
    }

    @Test
    void aCursorBeyondAnythingRecordedHereChangesNothing() {
        CursorWatcher.Observation beyond = new CursorWatcher.Observation(0, 1, 99, new byte[32], false, ticker.get());
        assertThat(repair.apply(site.siteCode(), beyond, started).outcome()).isEqualTo(CursorRepair.Outcome.REFUSED);
    }

    @Test
    void aCursorAtTheLastPublishedSequenceNeedsNothing() {
        assertThat(repair.apply(site.siteCode(), cursor(20), started).outcome())
                .isEqualTo(CursorRepair.Outcome.NOTHING_TO_DO);
    }
}
