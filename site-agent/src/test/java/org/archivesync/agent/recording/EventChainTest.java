package org.archivesync.agent.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.avro.FondsRegistered;
import org.junit.jupiter.api.Test;

/** The chain of one transaction on a real outbox: sequences, previous hashes, one signature on the last event. */
class EventChainTest {

    static final Instant NOW = Instant.parse("2025-06-20T03:15:30Z");

    final AgentStore store = AgentStore.open(TestPaths.database("event-chain"));
    final TestSite site = TestSite.create("CM.CAINUOC.UBND");

    Recorded chain(String... fonds) {
        return store.inTransaction(c -> {
            try (Outbox.Appender outbox = Outbox.appender(c)) {
                EventChain events = new EventChain(Outbox.head(c), site.identity(), "can.bo", "test", NOW, NOW,
                        outbox);
                for (String code : fonds) {
                    events.add(FondsRegistered.newBuilder().setFondsCode(code).setName("Phông")
                            .setCreatingBody("UBND").setClosed(false).build());
                }
                return events.finish();
            }
        });
    }

    @Test
    void eventsFollowTheHeadAndOnlyTheLastIsSigned() {
        chain("F1");
        Recorded second = chain("F2", "F3", "F4");

        List<OutboxEntry> rows = OutboxChecks.all(new Outbox(store));
        assertThat(second.firstSequence()).isEqualTo(2);
        assertThat(second.lastSequence()).isEqualTo(4);
        assertThat(second.count()).isEqualTo(3);
        assertThat(rows).extracting(OutboxEntry::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(rows).extracting(r -> r.signature() != null).containsExactly(true, false, false, true);
        assertThat(OutboxChecks.decode(rows.get(3)).getRecordedBy()).isEqualTo("can.bo");
        assertThat(second.lastHash()).isEqualTo(rows.get(3).hash());
        // Hashes, previous hashes, signatures, and the hub's verifier over the whole outbox.
        assertThat(OutboxChecks.verifyWholeOutbox(new Outbox(store), site).verifiedThrough()).isEqualTo(4);
    }

    @Test
    void aChainWithNoEventAppendsNothing() {
        assertThat(chain()).isNull();
        assertThat(OutboxChecks.all(new Outbox(store))).isEmpty();
    }
}
