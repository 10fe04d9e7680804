package org.archivesync.agent.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.outbox.ChainFork;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRecording;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.avro.FileRecorded;
import org.archivesync.schemas.integrity.ChainPosition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Forks (issue 15, finding 6) on real SQLite stores: a store restored from a copy taken before more events reached
 * the hub (BEHIND), and a cloned store that recorded other events under the same sequences (BESIDE). Recording is
 * refused until an operator re-bases; the re-base keeps the hub's chain and re-issues the local work after it.
 */
class ChainForkTest {

    final TestSite site = TestSite.create("CM.FORK.UBND");
    final List<AgentStore> stores = new ArrayList<>();

    @AfterEach
    void close() {
        stores.forEach(AgentStore::close);
    }

    AgentStore open(Path file) {
        AgentStore store = AgentStore.open(file);
        stores.add(store);
        return store;
    }

    Recorder recorder(AgentStore store) {
        return new Recorder(store, site.identity(), Clock.systemUTC(), "cb.luutru");
    }

    /** A consistent copy of the store, as a backup or a cloned disk would hold it. */
    static Path copy(AgentStore store, Path to) throws Exception {
        Files.deleteIfExists(to);
        // VACUUM INTO cannot run inside a transaction: a plain auto-commit connection.
        try (var c = store.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("VACUUM INTO '" + to + "'");
        }
        return to;
    }

    /** The original office: 3 events, all acknowledged by the broker, then copied; then 2 more reach the hub. */
    record Office(AgentStore original, Path backup, ChainPosition hub) {
    }

    Office officeWithBackupAtThree(String name) throws Exception {
        AgentStore original = open(TestPaths.database("fork-" + name + "-original"));
        TestRecording.events(recorder(original), 3, 1);
        Outbox outbox = new Outbox(original);
        outbox.markPublished(1, 3, 1L);
        Path backup = copy(original, TestPaths.database("fork-" + name + "-backup"));
        recorder(original).recordFile(TestRecording.file("HS-GOC-4"));
        recorder(original).recordFile(TestRecording.file("HS-GOC-5"));
        outbox.markPublished(4, 5, 2L);
        return new Office(original, backup, new ChainPosition(5, outbox.hashAt(5)));
    }

    @Test
    void aStoreRestoredFromAnOlderBackupRefusesToRecordUntilReBasedAndThenContinuesAfterTheHub(TestInfo info)
            throws Exception {
        Office office = officeWithBackupAtThree("behind");
        AgentStore restored = open(office.backup());
        Outbox outbox = new Outbox(restored);
        // Recorded after the restore, before the agent heard the hub: the office's own work, not at the hub.
        recorder(restored).recordFile(TestRecording.file("HS-SAU-KHOI-PHUC"));
        // The publisher's cursor watcher saves the hub's newest cursor.
        outbox.saveHubCursor(office.hub().sequence(), office.hub().hash(), false, 3L);

        assertThat(outbox.fork()).isEqualTo(new ChainFork(ChainFork.Kind.BEHIND, 5, 4));
        assertThatThrownBy(() -> recorder(restored).recordFile(TestRecording.file("HS-MOI")))
                .isInstanceOfSatisfying(RecordingRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Refusal.FORK_BEHIND);
                    assertThat(e.commandIndex()).isEqualTo(-1);
                    assertThat(AgentMessages.of(Locale.forLanguageTag("vi")).render(e))
                            .startsWith("KHÔNG GHI NHẬN: chuỗi sự kiện của máy trạm ĐI SAU trung tâm (BEHIND)")
                            .contains("số 5", "số 4", "archive-sync-agent rebase --from-hub", "NOT RECORDED");
                    assertThat(e.getMessage()).contains("BEHIND", "sequence 5", "only up to 4", "rebase --from-hub");
                });
        assertThatThrownBy(() -> recorder(restored).recordImport(List.of(), List.of(TestRecording.file("HS-NHAP")),
                false, null)).isInstanceOfSatisfying(RecordingRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(Refusal.FORK_BEHIND));
        assertThat(recorder(restored).recordImport(List.of(), List.of(TestRecording.file("HS-NHAP")), true, null)
                .files().created()).as("a dry run checks and writes nothing, so it may run").isEqualTo(1);
        assertThat(outbox.status().lastRecordedSequence()).as("nothing was recorded into the fork").isEqualTo(4);

        ChainRebase rebase = new ChainRebase(restored, () -> Optional.of(site.identity()), Clock.systemUTC());
        ChainRebase.Result dry = rebase.rebase("qtv.hung", null, true);
        assertThat(dry.setAside()).extracting(ChainRebase.SetAside::sequence).containsExactly(4L);
        assertThat(outbox.fork()).as("a dry run changes nothing").isNotNull();

        ChainRebase.Result done = rebase.rebase("qtv.hung", null, false);
        assertThat(done.fork().kind()).isEqualTo(ChainFork.Kind.BEHIND);
        assertThat(done.reissuedFrom()).isEqualTo(6);
        assertThat(done.reissuedTo()).isEqualTo(6);
        assertThat(outbox.fork()).isNull();
        assertThat(OutboxChecks.all(outbox)).extracting(OutboxEntry::sequence).containsExactly(1L, 2L, 3L, 6L);

        Recorded next = recorder(restored).recordFile(TestRecording.file("HS-MOI"));
        assertThat(next.firstSequence()).isEqualTo(7);
        List<OutboxEntry> after = outbox.range(6, 7);
        assertThat(site.verifier().verify(site.siteCode(), office.hub(), s -> null,
                after.stream().map(OutboxChecks::chainEvent).toList()).verifiedThrough())
                .as("the re-issued work and what follows chain after the hub's sequence 5 and verify with the site key")
                .isEqualTo(7);
        assertThat(((FileRecorded) OutboxChecks.decode(after.get(0)).getPayload()).getFileCode())
                .isEqualTo("HS-SAU-KHOI-PHUC");
        assertThat(OutboxChecks.decode(after.get(0)).getRecordedBy()).isEqualTo("cb.luutru");
        assertThat(outbox.status().lastPublishedSequence()).as("the hub's position counts as delivered").isEqualTo(5);

        List<String> audit = restored.read(c -> {
            try (PreparedStatement p = c.prepareStatement("""
                    SELECT r.rebased_by, r.fork_kind, r.hub_sequence, r.local_sequence, r.set_aside_from,
                           r.set_aside_to, r.reissued_from, r.reissued_to, f.sequence, f.reissued_as
                    FROM rebases r JOIN forked_events f ON f.rebase_id = r.id""");
                 ResultSet rs = p.executeQuery()) {
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= 10; i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(String.join(",", row));
                }
                return rows;
            }
        });
        assertThat(audit).as("audited: who, which case, both positions, both ranges, each event kept")
                .containsExactly("qtv.hung,BEHIND,5,4,4,4,6,6,4,6");
        Long fileSequence = restored.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT last_sequence FROM files WHERE file_code = 'HS-SAU-KHOI-PHUC'"); ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(fileSequence).as("the office's state names the new sequence").isEqualTo(6);
    }

    @Test
    void aRestoredStoreWithNothingOfItsOwnContinuesRightAfterTheHub(TestInfo info) throws Exception {
        Office office = officeWithBackupAtThree("behind-empty");
        AgentStore restored = open(office.backup());
        Outbox outbox = new Outbox(restored);
        outbox.saveHubCursor(5, office.hub().hash(), false, 3L);

        ChainRebase.Result done = new ChainRebase(restored, () -> Optional.of(site.identity()), Clock.systemUTC())
                .rebase("qtv.hung", null, false);
        assertThat(done.setAside()).isEmpty();
        assertThat(done.reissuedFrom()).isNull();
        Recorded next = recorder(restored).recordFile(TestRecording.file("HS-MOI"));
        assertThat(next.firstSequence()).isEqualTo(6);
        assertThat(site.verifier().verify(site.siteCode(), office.hub(), s -> null,
                outbox.range(6, 6).stream().map(OutboxChecks::chainEvent).toList()).verifiedThrough()).isEqualTo(6);
        assertThat(outbox.hashAt(5)).as("the cursor repair compares the hub's hash with the re-base's")
                .isEqualTo(office.hub().hash());
    }

    @Test
    void aClonedStoreThatRecordedOtherEventsUnderTheSameSequencesIsBesideAndReBasesAfterTheHub() throws Exception {
        Office office = officeWithBackupAtThree("beside");
        AgentStore clone = open(office.backup());
        Outbox outbox = new Outbox(clone);
        recorder(clone).recordFile(TestRecording.file("HS-BAN-SAO-4"));
        recorder(clone).recordFile(TestRecording.file("HS-BAN-SAO-5"));
        recorder(clone).recordFile(TestRecording.file("HS-BAN-SAO-6"));
        // Its own publisher got the broker's acknowledgement for 4; the hub applied the other PC's 4 and 5.
        outbox.markPublished(4, 4, 4L);
        outbox.saveHubCursor(5, office.hub().hash(), false, 5L);

        assertThat(outbox.fork()).isEqualTo(new ChainFork(ChainFork.Kind.BESIDE, 5, 6));
        assertThatThrownBy(() -> recorder(clone).recordFile(TestRecording.file("HS-MOI")))
                .isInstanceOfSatisfying(RecordingRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Refusal.FORK_BESIDE);
                    assertThat(e.getMessage()).contains("BESIDE", "sequence 5", "at 6", "cloned PC");
                });

        ChainRebase rebase = new ChainRebase(clone, () -> Optional.of(site.identity()), Clock.systemUTC());
        assertThat(rebase.rebase("qtv.hung", null, true).setAside()).as("by default: from the hub's last sequence on")
                .extracting(ChainRebase.SetAside::sequence).containsExactly(5L, 6L);
        assertThatThrownBy(() -> rebase.rebase("qtv.hung", 9L, false)).isInstanceOf(RebaseRefusedException.class)
                .hasMessageContaining("from 1 to 7");
        // The operator knows the clone parted after 3 (the disk copy): 4 was this PC's own, though acknowledged.
        ChainRebase.Result done = rebase.rebase("qtv.hung", 4L, false);
        assertThat(done.setAside()).extracting(ChainRebase.SetAside::sequence).containsExactly(4L, 5L, 6L);
        assertThat(done.reissuedFrom()).isEqualTo(6);
        assertThat(done.reissuedTo()).isEqualTo(8);
        assertThat(outbox.fork()).isNull();
        List<OutboxEntry> reissued = outbox.range(6, 8);
        assertThat(reissued).extracting(e -> ((FileRecorded) OutboxChecks.decode(e).getPayload()).getFileCode())
                .containsExactly("HS-BAN-SAO-4", "HS-BAN-SAO-5", "HS-BAN-SAO-6");
        assertThat(reissued).extracting(OutboxEntry::publishedAt).containsOnlyNulls();
        assertThat(site.verifier().verify(site.siteCode(), office.hub(), s -> null,
                reissued.stream().map(OutboxChecks::chainEvent).toList()).verifiedThrough()).isEqualTo(8);
        assertThatThrownBy(() -> rebase.rebase("qtv.hung", null, false)).as("nothing left to re-base")
                .isInstanceOf(RebaseRefusedException.class);
    }

    @Test
    void aHubCursorOnThisChainIsNoFork() {
        AgentStore store = open(TestPaths.database("fork-none"));
        Outbox outbox = new Outbox(store);
        TestRecording.events(recorder(store), 3, 1);
        outbox.saveHubCursor(0, new byte[32], false, 1L);
        assertThat(outbox.fork()).as("the hub has applied nothing yet").isNull();
        outbox.saveHubCursor(2, outbox.hashAt(2), false, 1L);
        assertThat(outbox.fork()).as("the hub lags on this chain: a repair, not a fork").isNull();
        assertThat(recorder(store).recordFile(TestRecording.file("HS-4")).firstSequence()).isEqualTo(4);
        outbox.saveHubCursor(2, outbox.hashAt(1), false, 1L);
        assertThat(outbox.fork()).isEqualTo(new ChainFork(ChainFork.Kind.BESIDE, 2, 4));
    }
}
