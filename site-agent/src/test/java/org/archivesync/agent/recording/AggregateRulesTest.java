package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.RulesFixture.FONDS;
import static org.archivesync.agent.recording.RulesFixture.SITE;
import static org.archivesync.agent.recording.RulesFixture.TODAY;
import static org.archivesync.agent.recording.RulesFixture.appraise;
import static org.archivesync.agent.recording.RulesFixture.box;
import static org.archivesync.agent.recording.RulesFixture.destruction;
import static org.archivesync.agent.recording.RulesFixture.file;
import static org.archivesync.agent.recording.RulesFixture.fonds;
import static org.archivesync.agent.recording.RulesFixture.m;
import static org.archivesync.agent.recording.RulesFixture.seal;
import static org.archivesync.agent.recording.RulesFixture.secretFile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.BoxState;
import org.archivesync.avro.DestructionRecorded;
import org.archivesync.avro.ExtentReported;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.FondsRegistered;
import org.archivesync.avro.HandoverRecorded;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.StorageLocationRegistered;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The rules of each aggregate on their own, against a real SQLite store (no outbox, no signing): what a command writes
 * into the state tables, the payload it returns, and its refusals leaving every table as it was.
 */
class AggregateRulesTest {

    RulesFixture s;

    @BeforeEach
    void freshStore(TestInfo info) {
        s = new RulesFixture("rules-" + info.getTestClass().orElseThrow().getSimpleName() + "-"
                + info.getTestMethod().orElseThrow().getName());
    }

    @Nested
    class Fonds {

        @Test
        void registersAFondsAndReturnsItsWholeDescription() {
            FondsRegistered event = s.apply(fonds(FONDS));

            assertThat(event.getFondsCode()).isEqualTo(FONDS);
            assertThat(event.getClosed()).isFalse();
            assertThat(s.value("SELECT name FROM fonds WHERE fonds_code = ?", FONDS))
                    .isEqualTo("Phông UBND huyện Cái Nước");
        }

        @Test
        void reportsExtentsOfAKnownFondsOnly() {
            ReportExtents extents = new ReportExtents(FONDS, null, m("10.00"), m("4.50"), null, 45, null, m("2"),
                    m("1"), TODAY);
            s.refused(extents, Refusal.FONDS_UNKNOWN, "fondsCode");
            s.apply(fonds(FONDS));

            ExtentReported event = s.apply(extents);

            assertThat(event.getPackedMetres()).isEqualByComparingTo("4.50");
            assertThat(s.value("SELECT packed_metres FROM extents WHERE fonds_code = ?", FONDS)).isEqualTo("4.50");
        }

        @Test
        void refusesSealedExtentsAbovePacked() {
            s.apply(fonds(FONDS));
            s.refused(new ReportExtents(FONDS, null, m("10"), m("4"), m("5"), null, null, m("0"), m("0"), TODAY),
                    Refusal.EXTENT_EXCEEDS, "sealedMetres");
        }
    }

    @Nested
    class Locations {

        @Test
        void registersAShelfInsideARegisteredStoreOnly() {
            RegisterStorageLocation shelf = new RegisterStorageLocation("GIA-1", "Giá 1", "KHO-1", null, null, 5, null);
            s.refused(shelf, Refusal.LOCATION_UNKNOWN, "parentLocationCode");
            s.apply(new RegisterStorageLocation("KHO-1", "Kho 44 m²", null, "Cái Nước", m("44"), 20, m("133.1")));

            StorageLocationRegistered event = s.apply(shelf);

            assertThat(event.getParentLocationCode()).isEqualTo("KHO-1");
            assertThat(s.value("SELECT shelf_count FROM storage_locations WHERE location_code = 'GIA-1'")).isEqualTo("5");
        }

        @Test
        void refusesALocationThatIsItsOwnParent() {
            s.refused(new RegisterStorageLocation("KHO-1", "Kho", "KHO-1", null, null, null, null),
                    Refusal.LOCATION_OWN_PARENT, "parentLocationCode");
        }
    }

    @Nested
    class Boxes {

        @BeforeEach
        void fondsRegistered() {
            s.apply(fonds(FONDS));
        }

        @Test
        void packsThenSealsABoxHeldAtTheSite() {
            s.apply(box("H001"));

            BoxRecorded sealed = s.apply(seal("H001"));

            assertThat(sealed.getState()).isEqualTo(BoxState.SEALED);
            assertThat(sealed.getMetres()).isEqualByComparingTo("0.10");
            assertThat(s.value("SELECT state || ' ' || custody FROM boxes WHERE box_code = 'H001'"))
                    .isEqualTo("SEALED AT_SITE");
        }

        @Test
        void refusesToSealAnUnpackedBoxOrRepackASealedOne() {
            s.refused(seal("H001"), Refusal.BOX_NOT_PACKED, "boxCode");
            s.apply(box("H001"));
            s.apply(seal("H001"));

            s.refused(seal("H001"), Refusal.BOX_ALREADY_SEALED, "boxCode");
            s.refused(box("H001"), Refusal.BOX_ALREADY_SEALED, "boxCode");
        }

        @Test
        void aBoxHandedOverIsNoLongerTheOfficesToChange() {
            s.apply(box("H001"));
            s.apply(seal("H001"));
            s.apply(new SendHandover(UUID.randomUUID(), ReceiverKind.HISTORICAL_ARCHIVE, null, null, "BB-1",
                    List.of(new BoxKey(FONDS, "H001")), List.of(), m("0.10"), TODAY));

            assertThat(s.value("SELECT custody FROM boxes WHERE box_code = 'H001'")).isEqualTo("HANDED_OVER");
            s.refused(box("H001"), Refusal.BOX_HANDED_OVER, "boxCode");
        }
    }

    @Nested
    class Files {

        @BeforeEach
        void fondsAndBox() {
            s.apply(fonds(FONDS));
            s.apply(box("H001"));
        }

        @Test
        void recordsAFileInABoxOfItsFonds() {
            FileRecorded event = s.apply(file("HS-1", "H001", RetentionKind.FIXED_TERM, 10));

            assertThat(event.getBoxCode()).isEqualTo("H001");
            assertThat(s.value("SELECT status FROM files WHERE file_code = 'HS-1'")).isEqualTo("ACTIVE");
            s.refused(file("HS-2", "H404", RetentionKind.PERMANENT, null), Refusal.BOX_UNKNOWN, "boxCode");
        }

        @Test
        void aWithdrawnFileIsNotActiveUntilRecordedAgain() {
            s.apply(file("HS-1", null, RetentionKind.PERMANENT, null));
            s.apply(new WithdrawFile(FONDS, "HS-1", "Ghi nhầm"));

            assertThat(s.value("SELECT status FROM files WHERE file_code = 'HS-1'")).isEqualTo("WITHDRAWN");
            s.refused(appraise("HS-1", AppraisalDecision.KEEP_AT_SUCCESSOR), Refusal.FILE_NOT_ACTIVE, "fileCode");

            s.apply(file("HS-1", null, RetentionKind.PERMANENT, null));
            assertThat(s.value("SELECT status FROM files WHERE file_code = 'HS-1'")).isEqualTo("ACTIVE");
        }

        @Test
        void aStateSecretIsAStubWithoutScans() {
            s.apply(secretFile("HS-M"));

            assertThat(s.value("SELECT title FROM files WHERE file_code = 'HS-M'")).isNull();
            s.refused(new DigitizeFile(FONDS, "HS-M", List.of(new DigitizeFile.ScanObject("k", "0".repeat(64), 1L,
                    "application/pdf", 1, null))), Refusal.SECRET_DIGITAL_OBJECTS, "objects");
        }

        @Test
        void anImportSkipsAFileWhoseDescriptionIsUnchanged() {
            RecordFile hs1 = file("HS-1", "H001", RetentionKind.PERMANENT, null);
            s.apply(hs1);

            FileRules.FileChange again = s.store.inTransaction(c -> {
                try (StateTables state = new StateTables(c)) {
                    return new FileRules(new RuleContext(state, SITE, TODAY.plusDays(1), RulesFixture.NOW), true)
                            .recordIfChanged(hs1, 99);
                }
            });

            assertThat(again.created()).isFalse();
            assertThat(again.payload()).isNull();
            assertThat(s.value("SELECT last_sequence FROM files WHERE file_code = 'HS-1'")).isEqualTo("3");
        }
    }

    @Nested
    class Handovers {

        @BeforeEach
        void sealedBoxWithAFile() {
            s.apply(fonds(FONDS));
            s.apply(box("H001"));
            s.apply(file("HS-1", "H001", RetentionKind.PERMANENT, null));
        }

        @Test
        void sendingAnUnsealedBoxIsRefused() {
            s.refused(send(), Refusal.HANDOVER_BOX_NOT_SEALED, "boxes[0]");
        }

        @Test
        void sendingASealedBoxHandsOverItsFiles() {
            s.apply(seal("H001"));

            HandoverRecorded event = s.apply(send());

            assertThat(event.getBoxes()).hasSize(1);
            assertThat(s.value("SELECT status FROM files WHERE file_code = 'HS-1'")).isEqualTo("HANDED_OVER");
            assertThat(s.value("SELECT direction FROM handovers")).isEqualTo("SENT");
        }

        @Test
        void onlyAnotherOfficeSendsWhatThisOneReceives() {
            s.refused(new ConfirmHandoverReceived(UUID.randomUUID(), SITE, "BB-2", List.of(new BoxKey("P", "H1")),
                    List.of(), m("0.1"), TODAY, null), Refusal.HANDOVER_OWN_SITE, "senderSiteCode");
        }

        private SendHandover send() {
            return new SendHandover(UUID.randomUUID(), ReceiverKind.HISTORICAL_ARCHIVE, null, null, "BB-1",
                    List.of(new BoxKey(FONDS, "H001")), List.of(), m("0.10"), TODAY);
        }
    }

    @Nested
    class Destructions {

        @BeforeEach
        void fileAppraisedForDestruction() {
            s.apply(fonds(FONDS));
            s.apply(file("HS-1", null, RetentionKind.FIXED_TERM, 5));
        }

        @Test
        void destroysAFileAppraisedDestroyAndKeepsItsRow() {
            s.apply(appraise("HS-1", AppraisalDecision.DESTROY));
            RecordDestruction command = destruction(List.of(new FileKey(FONDS, "HS-1")));

            DestructionRecorded event = s.apply(command);

            assertThat(event.getFiles()).hasSize(1);
            assertThat(s.value("SELECT status || ' ' || destruction_id FROM files WHERE file_code = 'HS-1'"))
                    .isEqualTo("DESTROYED " + command.destructionId());
        }

        @Test
        void refusesAFileNotAppraisedDestroyAndTheSameSignatoryTwice() {
            s.refused(destruction(List.of(new FileKey(FONDS, "HS-1"))), Refusal.DESTRUCTION_NOT_APPRAISED_DESTROY,
                    "files[0]");
            s.refused(new RecordDestruction(UUID.randomUUID(), "QĐ", "Nguyễn Văn A", " nguyễn  văn a ", "BB",
                    List.of(new FileKey(FONDS, "HS-1")), m("0.05"), TODAY), Refusal.DESTRUCTION_SAME_APPROVER,
                    "secondApprover");
        }
    }
}
