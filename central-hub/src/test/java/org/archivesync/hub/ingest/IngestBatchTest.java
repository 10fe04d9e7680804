package org.archivesync.hub.ingest;

import org.archivesync.hub.fixtures.Agent;
import static org.archivesync.hub.ingest.Decoding.cursor;
import static org.archivesync.hub.ingest.Decoding.records;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.archivesync.avro.RefusedEvent;
import org.archivesync.avro.SiteCursor;
import org.archivesync.hub.catalogue.Refusal;
import org.junit.jupiter.api.Test;

/** What a transaction notes for all its sites before writing them at once. */
class IngestBatchTest {

    private static final String SITE = "CM.NAMCAN.UBND";

    private final Agent office = new Agent(SITE);
    private final IngestBatch batch = new IngestBatch(Instant.parse("2025-07-01T03:00:00.123456789Z"),
            new LinkedHashSet<>(), id -> Optional.empty());

    @Test
    void theTransactionTimeIsWhatPostgresKeeps() {
        assertThat(batch.now).isEqualTo(Instant.parse("2025-07-01T03:00:00.123456Z"));
    }

    @Test
    void aMovedCursorGoesOutWithTheSitesNewestRefusalsAtMostTwenty() {
        List<Refusal> refusals = IntStream.rangeClosed(1, 25).mapToObj(i -> new Refusal(SITE, i,
                Refusal.Reason.NOT_HELD, "F1/HS-" + i, null, "not held")).toList();
        batch.refused(refusals);
        SiteOutcome moved = SiteOutcome.of(plan(office.events(file("F1", "HS-1", "Sổ"))), null);

        batch.siteDone(moved, moved.waiting(batch.now, Duration.ofMinutes(5)));

        SiteCursor out = batch.cursorsOut().get(0);
        assertThat(out.getLastSequence()).isEqualTo(1);
        assertThat(out.getQuarantined()).isFalse();
        assertThat(out.getRefusals()).hasSize(IngestBatch.REFUSALS_PUBLISHED);
        assertThat(out.getRefusals()).extracting(RefusedEvent::getSequence).startsWith(25L, 24L);
    }

    @Test
    void anUnchangedCursorDoesNotGoOut() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ"));
        SiteOutcome waiting = SiteOutcome.of(plan(tx.subList(0, 1)), null);

        batch.siteDone(waiting, waiting.waiting(batch.now, Duration.ofMinutes(5)));

        assertThat(batch.cursorsOut()).isEmpty();
    }

    private SitePlan plan(List<Agent.Event> events) {
        return new SitePlanner(Decoding.DECODER).plan(records(SITE, events), cursor(SITE, 0, null),
                SitePlanner.ParkedWindow.NONE, false, Decoding.verifier(office), (from, to) -> Map.of());
    }
}
