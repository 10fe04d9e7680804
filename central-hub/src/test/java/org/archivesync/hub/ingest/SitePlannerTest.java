package org.archivesync.hub.ingest;

import org.archivesync.hub.fixtures.Agent;
import static org.archivesync.hub.ingest.Decoding.cursor;
import static org.archivesync.hub.ingest.Decoding.records;
import static org.archivesync.hub.ingest.Decoding.verifier;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.secretStub;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.archivesync.avro.FileRecorded;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.SetAsideReason;
import org.junit.jupiter.api.Test;

/** The planner alone: records, a cursor and parked rows in, a plan out; no Kafka, no database. */
class SitePlannerTest {

    private static final String SITE = "CM.CAINUOC.UBND";
    private static final SitePlanner.StoredHashes NOT_ASKED = (from, to) -> {
        throw new AssertionError("stored hashes asked for " + from + "-" + to);
    };

    private final Agent office = new Agent(SITE);
    private final SitePlanner planner = new SitePlanner(Decoding.DECODER);

    @Test
    void signedTransactionIsAppliedInOrderWithoutAskingForStoredHashes() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ"),
                file("F1", "HS-3", "Sổ"));

        SitePlan plan = plan(records(SITE, tx), cursor(SITE, 0, null), SitePlanner.ParkedWindow.NONE, NOT_ASKED);

        assertThat(plan.steps()).extracting(SitePlan.Step::sequence).containsExactly(1L, 2L, 3L);
        assertThat(plan.steps()).allMatch(s -> s instanceof SitePlan.Apply);
        assertThat(plan.steps().get(0).row().subject()).isEqualTo("F1/HS-1");
        assertThat(plan.position().sequence()).isEqualTo(3);
        assertThat(plan.position().hash()).isEqualTo(office.hash(3));
        assertThat(plan.toPark()).isEmpty();
        assertThat(plan.failures()).isEmpty();
        assertThat(plan.waitingFor()).isNull();
        assertThat(plan.highestSeen()).isEqualTo(3);
    }

    @Test
    void unsignedTailIsParkedAndWaitsForItsSignedEvent() {
        List<Agent.Event> first = office.events(file("F1", "HS-1", "Sổ"));
        List<Agent.Event> second = office.events(file("F1", "HS-2", "Sổ"), file("F1", "HS-3", "Sổ"));

        SitePlan plan = plan(records(SITE, Decoding.all(first, second.subList(0, 1))), cursor(SITE, 0, null),
                SitePlanner.ParkedWindow.NONE, NOT_ASKED);

        assertThat(plan.steps()).extracting(SitePlan.Step::sequence).containsExactly(1L);
        assertThat(plan.toPark()).extracting(IngestStore.ParkRow::sequence).containsExactly(2L);
        assertThat(plan.toPark().get(0).body()).isNotNull();
        assertThat(plan.waitingFor()).contains("unsigned tail from sequence 2");
        assertThat(plan.failures()).isEmpty();
    }

    @Test
    void aParkedTailIsAppliedWhenItsSignedEventArrives() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ"));
        Agent.Event tail = tx.get(0);
        IngestStore.Parked parked = new IngestStore.Parked(41, SITE, 1, tail.hash(), ChainHash.genesis(),
                Decoding.SCHEMA_ID, tail.body(), null, null, null, "test-0@1", false);

        SitePlan plan = plan(records(SITE, tx.subList(1, 2)), cursor(SITE, 0, null),
                new SitePlanner.ParkedWindow(List.of(parked), false), NOT_ASKED);

        assertThat(plan.steps()).extracting(SitePlan.Step::sequence).containsExactly(1L, 2L);
        assertThat(plan.toPark()).isEmpty();
        assertThat(plan.unpark()).isEmpty();
        assertThat(plan.parked()).containsExactly(parked);
    }

    @Test
    void signedForkWithTheSitesOwnKeyQuarantinesItAsAFork() {
        office.events(file("F1", "HS-1", "Sổ"));
        office.events(file("F1", "HS-2", "Sổ"));
        Agent.Event fork = office.fork(1, file("F1", "HS-1", "Sổ khác"));
        List<long[]> asked = new ArrayList<>();

        SitePlan plan = plan(records(SITE, List.of(fork)), cursor(SITE, 2, office.hash(2)), SitePlanner.ParkedWindow.NONE,
                (from, to) -> {
                    asked.add(new long[] {from, to});
                    return Map.of(1L, office.hash(1));
                });

        assertThat(plan.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(QuarantineReason.FORK);
            assertThat(f.sequence()).isEqualTo(1);
            assertThat(f.eventHash()).isEqualTo(fork.hash());
            assertThat(f.origin()).isEqualTo("test-0@1");
        });
        assertThat(asked).singleElement().satisfies(r -> assertThat(r).containsExactly(1, 1));
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.position().sequence()).isEqualTo(2);
    }

    @Test
    void redeliveredEventsAreCountedAndSkipped() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ"));

        SitePlan plan = plan(records(SITE, tx), cursor(SITE, 2, office.hash(2)), SitePlanner.ParkedWindow.NONE,
                (from, to) -> Map.of(1L, office.hash(1)));

        assertThat(plan.redelivered()).isEqualTo(2);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.toPark()).isEmpty();
        assertThat(plan.failures()).isEmpty();
    }

    @Test
    void undecodableBytesAreSetAsideByTheirHashAndTheEventsAroundThemGoOn() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"));
        byte[] garbage = {1, 2, 3};
        List<InboundRecord> batch = List.of(new InboundRecord(SITE, garbage, null, null, "test-0@7"), tx.get(0).record(
                Decoding.SCHEMA_ID));

        SitePlan plan = plan(SiteRecords.group(Decoding.DECODER, batch).get(0), cursor(SITE, 0, null),
                SitePlanner.ParkedWindow.NONE, NOT_ASKED);

        assertThat(plan.setAside()).singleElement().satisfies(row -> {
            assertThat(row.reason()).isEqualTo(SetAsideReason.UNDECODABLE);
            assertThat(row.hash()).isEqualTo(SitePlanner.sha256(garbage));
            assertThat(row.sequence()).isNull();
            assertThat(row.origin()).isEqualTo("test-0@7");
        });
        assertThat(plan.steps()).extracting(SitePlan.Step::sequence).containsExactly(1L);
        assertThat(plan.failures()).isEmpty();
    }

    @Test
    void aQuarantinedSitesNewEventsAreParkedUnverified() {
        office.events(file("F1", "HS-1", "Sổ"));
        List<Agent.Event> later = office.events(file("F1", "HS-2", "Sổ"));
        IngestStore.Cursor c = cursor(SITE, 1, office.hash(1));
        IngestStore.Cursor quarantined = new IngestStore.Cursor(SITE, c.position(), true, null, false, 0, 0);

        SitePlan plan = planner.plan(records(SITE, later), quarantined, SitePlanner.ParkedWindow.NONE, false,
                Decoding.verifier(), NOT_ASKED);

        assertThat(plan.wasQuarantined()).isTrue();
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.toPark()).extracting(IngestStore.ParkRow::sequence).containsExactly(2L);
        assertThat(plan.failures()).isEmpty();
    }

    @Test
    void secretContentWaitingForItsSignatureIsParkedByHashOnlyAndQuarantines() {
        FileRecorded secret = secretStub("F1", "HS-MAT");
        secret.setTitle("Tên hồ sơ mật");
        List<Agent.Event> tx = office.events(secret, file("F1", "HS-2", "Sổ"));

        SitePlan plan = plan(records(SITE, tx.subList(0, 1)), cursor(SITE, 0, null), SitePlanner.ParkedWindow.NONE,
                NOT_ASKED);

        assertThat(plan.toPark()).singleElement().satisfies(row -> {
            assertThat(row.withheld()).isEqualTo(SitePlan.SECRET_CONTENT);
            assertThat(row.body()).isNull();
            assertThat(row.hash()).isEqualTo(tx.get(0).hash());
        });
        assertThat(plan.failures()).extracting(SitePlan.Failure::reason).containsExactly(QuarantineReason.SECRET_CONTENT);
    }

    @Test
    void aWithheldParkedEventIsPassedByItsHash() {
        FileRecorded secret = secretStub("F1", "HS-MAT");
        secret.setTitle("Tên hồ sơ mật");
        List<Agent.Event> first = office.events(secret);
        List<Agent.Event> second = office.events(file("F1", "HS-2", "Sổ"));
        Agent.Event withheld = first.get(0);
        IngestStore.Parked parked = new IngestStore.Parked(7, SITE, 1, withheld.hash(), ChainHash.genesis(), null, null,
                withheld.signature(), withheld.keyId(), SitePlan.SECRET_CONTENT, "test-0@1", false);

        SitePlan plan = plan(records(SITE, second), cursor(SITE, 0, null),
                new SitePlanner.ParkedWindow(List.of(parked), false), NOT_ASKED);

        assertThat(plan.steps()).hasSize(2);
        assertThat(plan.steps().get(0)).isInstanceOfSatisfying(SitePlan.PassWithheld.class, p -> {
            assertThat(p.row().withheld()).isEqualTo(SitePlan.SECRET_CONTENT);
            assertThat(p.row().body()).isNull();
        });
        assertThat(plan.steps().get(1)).isInstanceOf(SitePlan.Apply.class);
        assertThat(plan.position().sequence()).isEqualTo(2);
    }

    @Test
    void anUndecodableParkedRowLeavesTheParkedEvents() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"));
        IngestStore.Parked broken = new IngestStore.Parked(9, SITE, 1, tx.get(0).hash(), ChainHash.genesis(),
                Decoding.SCHEMA_ID, new byte[] {(byte) 0xff}, null, null, null, "test-0@1", false);

        SitePlan plan = plan(SiteRecords.none(SITE), cursor(SITE, 0, null),
                new SitePlanner.ParkedWindow(List.of(broken), false), NOT_ASKED);

        assertThat(plan.unpark()).containsExactly(9L);
        assertThat(plan.setAside()).extracting(SetAsideRecords.Row::reason).containsExactly(SetAsideReason.UNDECODABLE);
    }

    @Test
    void aSiteTheCatalogueRefusedParksItsNewEventsAndIsQuarantined() {
        office.events(file("F1", "HS-1", "Sổ"));
        List<Agent.Event> tx = office.events(file("F1", "HS-2", "Sổ"), file("F1", "HS-3", "Sổ"));

        SitePlan plan = SitePlanner.refused(records(SITE, tx), cursor(SITE, 1, office.hash(1)), "constraint x");

        assertThat(plan.steps()).isEmpty();
        assertThat(plan.toPark()).extracting(IngestStore.ParkRow::sequence).containsExactly(2L, 3L);
        assertThat(plan.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo(QuarantineReason.APPLY_FAILED);
            assertThat(f.sequence()).isEqualTo(2);
            assertThat(f.detail()).isEqualTo("the catalogue refused this site's events: constraint x");
        });
        assertThat(plan.parkedLeft()).isTrue();
    }

    @Test
    void aPlanCannotBeChangedAfterwards() {
        List<Agent.Event> tx = office.events(file("F1", "HS-1", "Sổ"));
        SitePlan plan = plan(records(SITE, tx), cursor(SITE, 0, null), SitePlanner.ParkedWindow.NONE, NOT_ASKED);

        assertThatThrownBy(() -> plan.steps().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> plan.toPark().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> plan.unpark().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    private SitePlan plan(SiteRecords records, IngestStore.Cursor cursor, SitePlanner.ParkedWindow window,
                          SitePlanner.StoredHashes stored) {
        return planner.plan(records, cursor, window, false, verifier(office), stored);
    }
}
