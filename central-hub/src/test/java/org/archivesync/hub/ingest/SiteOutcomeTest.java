package org.archivesync.hub.ingest;

import org.archivesync.hub.fixtures.Agent;
import static org.archivesync.hub.ingest.Decoding.cursor;
import static org.archivesync.hub.ingest.Decoding.records;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.archivesync.hub.catalogue.SiteStop;
import org.archivesync.hub.outbound.Outbox;
import org.archivesync.schemas.integrity.ChainHash;
import org.junit.jupiter.api.Test;

/** A site's plan with the catalogue's answer: the rows to write, the cursor, waiting and bounds; no I/O. */
class SiteOutcomeTest {

    private static final String SITE = "CM.TRANVANTHOI.UBND";
    private static final Instant NOW = Instant.parse("2025-07-01T03:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(5);

    private final Agent office = new Agent(SITE);
    private final SitePlanner planner = new SitePlanner(Decoding.DECODER);

    @Test
    void withoutAStopEveryStepIsWrittenAndItsFilesFormOneRange() {
        SitePlan plan = plan(office.events(fonds("F1"), file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ")),
                cursor(SITE, 0, null));

        SiteOutcome outcome = SiteOutcome.of(plan, null);

        assertThat(outcome.events()).extracting(IngestStore.EventRow::sequence).containsExactly(1L, 2L, 3L);
        assertThat(outcome.events()).allMatch(e -> e.withheld() == null && e.body() != null);
        assertThat(outcome.applied()).hasSize(3);
        assertThat(outcome.subjects()).isEqualTo(new Outbox.Range(SITE, 2, 3));
        assertThat(outcome.position().sequence()).isEqualTo(3);
        assertThat(outcome.quarantined()).isFalse();
        assertThat(outcome.cursorChanged()).isTrue();
        assertThat(outcome.stillParked()).isFalse();
        assertThat(outcome.waiting(NOW, GRACE)).isEqualTo(new SiteOutcome.Waiting(null, false, false));
    }

    @Test
    void aStopKeepsTheStoppingEventByItsHashParksWhatFollowsAndQuarantines() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ"),
                file("F1", "HS-3", "Sổ"));
        SitePlan plan = plan(tx, cursor(SITE, 0, null));

        SiteOutcome outcome = SiteOutcome.of(plan, new SiteStop(SITE, 2, "a secret file's title"));

        assertThat(outcome.events()).extracting(IngestStore.EventRow::sequence).containsExactly(1L, 2L);
        assertThat(outcome.events().get(1)).satisfies(row -> {
            assertThat(row.withheld()).isEqualTo(SitePlan.SECRET_CONTENT);
            assertThat(row.body()).isNull();
            assertThat(row.hash()).isEqualTo(tx.get(1).hash());
        });
        assertThat(outcome.applied()).extracting(SitePlan.Apply::sequence).containsExactly(1L);
        assertThat(outcome.toPark()).extracting(IngestStore.ParkRow::sequence).containsExactly(3L);
        assertThat(outcome.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(QuarantineReason.SECRET_CONTENT);
            assertThat(f.sequence()).isEqualTo(2);
            assertThat(f.detail()).isEqualTo("a secret file's title");
        });
        assertThat(outcome.position().sequence()).isEqualTo(2);
        assertThat(outcome.position().hash()).isEqualTo(tx.get(1).hash());
        assertThat(outcome.subjects()).isEqualTo(new Outbox.Range(SITE, 1, 1));
        assertThat(outcome.newlyQuarantined()).isTrue();
        assertThat(outcome.waiting(NOW, GRACE).since()).isNull();
        // The plan itself is what the planner decided.
        assertThat(plan.toPark()).isEmpty();
        assertThat(plan.failures()).isEmpty();
    }

    @Test
    void waitingEventsRaiseTheGapAlertOnceTheGraceHasPassed() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ"));
        List<Agent.Event> tail = tx.subList(0, 1);

        SiteOutcome fresh = SiteOutcome.of(plan(tail, cursor(SITE, 0, null)), null);
        SiteOutcome overdue = SiteOutcome.of(plan(tail, waitingSince(NOW.minus(GRACE), false)), null);
        SiteOutcome alerted = SiteOutcome.of(plan(tail, waitingSince(NOW.minus(GRACE), true)), null);

        assertThat(fresh.stillParked()).isTrue();
        assertThat(fresh.waiting(NOW, GRACE)).isEqualTo(new SiteOutcome.Waiting(NOW, false, false));
        assertThat(overdue.waiting(NOW, GRACE)).isEqualTo(new SiteOutcome.Waiting(NOW.minus(GRACE), true, true));
        assertThat(alerted.waiting(NOW, GRACE)).isEqualTo(new SiteOutcome.Waiting(NOW.minus(GRACE), true, false));
        assertThat(fresh.cursorChanged()).isFalse();
    }

    @Test
    void parkedRowsBeyondTheSitesBoundAreRefusedLowestSequencesFirst() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ"),
                file("F1", "HS-3", "Sổ"), file("F1", "HS-4", "Sổ"));
        IngestStore.Cursor nearlyFull = new IngestStore.Cursor(SITE, cursor(SITE, 0, null).position(), false, null,
                false, 8, 100);

        SiteOutcome.Admission admission = SiteOutcome.of(plan(tx.subList(0, 3), nearlyFull), null).admit(10, 1_000_000);

        assertThat(admission.admitted()).extracting(IngestStore.ParkRow::sequence).containsExactly(1L, 2L);
        assertThat(admission.refused()).isEqualTo(1);
        assertThat(admission.fromSequence()).isEqualTo(3);
        assertThat(admission.parkedCount()).isEqualTo(10);
    }

    @Test
    void aFullWindowThatMovedTheCursorIsDrainedFurther() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ"));
        Agent.Event tail = tx.get(0);
        IngestStore.Parked parked = new IngestStore.Parked(1, SITE, 1, tail.hash(), ChainHash.genesis(),
                Decoding.SCHEMA_ID, tail.body(), null, null, null, "test-0@1", false);
        SitePlan plan = planner.plan(records(SITE, tx.subList(1, 2)), cursor(SITE, 0, null),
                new SitePlanner.ParkedWindow(List.of(parked), true), false, Decoding.verifier(office),
                (from, to) -> Map.of());

        SiteOutcome outcome = SiteOutcome.of(plan, null);

        assertThat(outcome.passesParked()).isTrue();
        assertThat(outcome.drainsMore(1)).isTrue();
        assertThat(outcome.drainsMore(2)).isFalse();
        assertThat(outcome.stillParked()).isTrue();
    }

    private IngestStore.Cursor waitingSince(Instant since, boolean alerted) {
        return new IngestStore.Cursor(SITE, cursor(SITE, 0, null).position(), false, since, alerted, 1, 10);
    }

    private SitePlan plan(List<Agent.Event> events, IngestStore.Cursor cursor) {
        return planner.plan(records(SITE, events), cursor, SitePlanner.ParkedWindow.NONE, false,
                Decoding.verifier(office), (from, to) -> Map.of());
    }
}
