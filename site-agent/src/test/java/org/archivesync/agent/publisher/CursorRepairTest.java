package org.archivesync.agent.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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

/** The decisions taken on the hub's cursor, against a real outbox. The Kafka round trip is in CursorRepairIT. */
class CursorRepairTest {

    static final Instant T0 = Instant.parse("2025-06-20T00:00:00Z");

    TestSite site = TestSite.create("CM.DAMDOI.UBND");
    Outbox outbox;
    MutableClock clock = new MutableClock(T0);
    CursorRepair repair;

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
        repair = new CursorRepair(outbox, clock, Duration.ofMinutes(2));
    }

    CursorWatcher.Observation cursor(long sequence) {
        return new CursorWatcher.Observation(0, 1, sequence, outbox.hashAt(sequence), false);
    }

    @Test
    void aCursorBehindForLongerThanTheGraceMarksExactlyTheMissingRangeForRepublishing() {
        assertThat(outbox.status().backlog()).isZero();
        assertThat(outbox.status().oldestUnpublishedAt()).as("no backlog, no age").isNull();
        clock.now = T0.plus(Duration.ofMinutes(3));

        CursorRepair.Result result = repair.apply(site.siteCode(), cursor(12));

        assertThat(result).isEqualTo(new CursorRepair.Result(CursorRepair.Outcome.REPUBLISHED, 8));
        assertThat(outbox.unpublished(100)).extracting(OutboxEntry::sequence).containsExactly(13L, 14L, 15L, 16L, 17L,
                18L, 19L, 20L);
        assertThat(outbox.status().lastPublishedSequence()).isEqualTo(12);
        assertThat(outbox.status().oldestUnpublishedAt()).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void aCursorBehindWithinTheGraceWaitsForTheHubToCatchUp() {
        clock.now = T0.plus(Duration.ofSeconds(30));

        assertThat(repair.apply(site.siteCode(), cursor(12)).outcome()).isEqualTo(CursorRepair.Outcome.WAITING);
        assertThat(outbox.unpublished(100)).isEmpty();
    }

    @Test
    void aCursorAheadWithTheSameHashMarksThoseEventsDelivered() {
        outbox.republishAfter(4); // only 1..4 went over Kafka; the hub imported 1..15 from a USB bundle

        CursorRepair.Result result = repair.apply(site.siteCode(), cursor(15));

        assertThat(result).isEqualTo(new CursorRepair.Result(CursorRepair.Outcome.MARKED_DELIVERED, 11));
        assertThat(outbox.unpublished(100)).extracting(OutboxEntry::sequence).containsExactly(16L, 17L, 18L, 19L, 20L);
    }

    @Test
    void aCursorNamingAnotherHashChangesNothing() {
        clock.now = T0.plus(Duration.ofHours(1));
        CursorWatcher.Observation forked = new CursorWatcher.Observation(0, 1, 12, ChainHash.genesis(), false);

        assertThat(repair.apply(site.siteCode(), forked).outcome()).isEqualTo(CursorRepair.Outcome.REFUSED);
        assertThat(outbox.unpublished(100)).isEmpty();
    }

    @Test
    void aQuarantinedSiteIsNotRepublished() {
        clock.now = T0.plus(Duration.ofHours(1));
        CursorWatcher.Observation quarantined = new CursorWatcher.Observation(0, 1, 12, outbox.hashAt(12), true);

        assertThat(repair.apply(site.siteCode(), quarantined).outcome()).isEqualTo(CursorRepair.Outcome.REFUSED);
        assertThat(outbox.unpublished(100)).isEmpty();
    }

    @Test
    void aCursorBeyondAnythingRecordedHereChangesNothing() {
        CursorWatcher.Observation beyond = new CursorWatcher.Observation(0, 1, 99, new byte[32], false);
        assertThat(repair.apply(site.siteCode(), beyond).outcome()).isEqualTo(CursorRepair.Outcome.REFUSED);
    }

    @Test
    void aCursorAtTheLastPublishedSequenceNeedsNothing() {
        assertThat(repair.apply(site.siteCode(), cursor(20)).outcome()).isEqualTo(CursorRepair.Outcome.NOTHING_TO_DO);
    }
}
