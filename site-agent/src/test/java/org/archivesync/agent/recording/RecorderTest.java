package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.RecorderFixture.FONDS;
import static org.archivesync.agent.recording.RecorderFixture.NOW;
import static org.archivesync.agent.recording.RecorderFixture.TODAY;
import static org.archivesync.agent.recording.RecorderFixture.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.BoxState;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.DestructionRecorded;
import org.archivesync.avro.ExtentReported;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.avro.FondsRegistered;
import org.archivesync.avro.HandoverReceived;
import org.archivesync.avro.HandoverRecorded;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.archivesync.avro.SiteEvent;
import org.archivesync.avro.StorageLocationRegistered;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.SiteKeys;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecorderTest {

    RecorderFixture f;

    @BeforeEach
    void freshStore(org.junit.jupiter.api.TestInfo info) {
        f = new RecorderFixture(info.getTestMethod().orElseThrow().getName());
    }

    /** Asserts the refusal and that the call left the outbox and every state table as they were. */
    void refused(ThrowingCallable call, Refusal reason, String field) {
        long outboxBefore = f.count("outbox");
        String stateBefore = stateSnapshot();
        assertThatThrownBy(call).isInstanceOfSatisfying(RecordingRefusedException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.messageKey()).isEqualTo(reason.messageKey());
            if (field != null) {
                assertThat(AgentMessages.of(Locale.ENGLISH).render(e)).contains(field);
                assertThat(AgentMessages.of(AgentMessages.VIETNAMESE).render(e)).contains(field);
            }
        });
        assertThat(f.count("outbox")).isEqualTo(outboxBefore);
        assertThat(stateSnapshot()).isEqualTo(stateBefore);
    }

    String stateSnapshot() {
        StringBuilder b = new StringBuilder();
        for (String t : List.of("fonds", "storage_locations", "extents", "boxes", "files", "digital_objects",
                "appraisals", "handovers", "handover_items", "destructions")) {
            b.append(t).append(f.query("SELECT * FROM " + t)).append('\n');
        }
        return b.toString();
    }

    @Nested
    class Envelope {

        @Test
        void eachCallAppendsOneChainedSignedEventWithTheEnvelopeFilledIn() {
            Recorded first = f.fonds(FONDS);
            Recorded second = f.box("H-001");

            assertThat(first.firstSequence()).isEqualTo(1);
            assertThat(second.firstSequence()).isEqualTo(2);
            List<OutboxEntry> rows = f.rows();
            assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r.signed()).isTrue());
            SiteEvent e2 = OutboxChecks.decode(rows.get(1));
            assertThat(e2.getSiteCode()).isEqualTo("CM.CAINUOC.UBND");
            assertThat(e2.getSequence()).isEqualTo(2);
            assertThat(e2.getPreviousHash().bytes()).isEqualTo(rows.get(0).hash());
            assertThat(e2.getOccurredAt()).isEqualTo(NOW.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            assertThat(e2.getRecordedBy()).isEqualTo("can.bo.luu.tru");
            assertThat(e2.getAgentVersion()).startsWith("site-agent/");
            assertThat(rows.get(1).recordedAt()).isEqualTo(NOW.toEpochMilli());
            assertThat(rows.get(1).publishedAt()).isNull();
            assertThat(second.lastHash()).isEqualTo(rows.get(1).hash());
            assertThat(SiteKeys.verify(f.site.keys().getPublic(), rows.get(1).hash(), rows.get(1).signature())).isTrue();
            OutboxChecks.verifyWholeOutbox(f.outbox, f.site);
        }

        @Test
        void batchIsOneTransactionSignedOnceOnItsLastEvent() {
            List<Command> batch = List.of(
                    new RegisterFonds(FONDS, "Phông UBND", "UBND huyện Cái Nước", null, null, null, false),
                    new PackBox("H-001", FONDS, null, m("0.1")),
                    new SealBox("H-001", FONDS, "NP-1"),
                    RecorderFixture.openFile("HS-01", "H-001", RetentionKind.PERMANENT, null),
                    new AppraiseFile(FONDS, "HS-01", AppraisalDecision.TRANSFER_TO_HISTORICAL, null, null, TODAY));

            Recorded r = f.recorder.recordAll(batch);

            assertThat(r.firstSequence()).isEqualTo(1);
            assertThat(r.lastSequence()).isEqualTo(5);
            assertThat(r.count()).isEqualTo(5);
            List<OutboxEntry> rows = f.rows();
            assertThat(rows).extracting(OutboxEntry::signed).containsExactly(false, false, false, false, true);
            assertThat(rows).extracting(OutboxEntry::type).containsExactly("FondsRegistered", "BoxRecorded",
                    "BoxRecorded", "FileRecorded", "FileAppraised");
            assertThat(rows).extracting(OutboxEntry::recordedAt).containsOnly(NOW.toEpochMilli());
            OutboxChecks.verifyWholeOutbox(f.outbox, f.site);
        }

        @Test
        void refusedCommandInABatchRecordsNothingAndNamesItsIndex() {
            f.fonds(FONDS);
            List<Command> batch = List.of(new PackBox("H-001", FONDS, null, m("0.1")),
                    new PackBox("H-002", FONDS, null, m("0.1")), new SealBox("H-404", FONDS, "NP-9"));

            refused(() -> f.recorder.recordAll(batch), Refusal.BOX_NOT_PACKED, "boxCode");
            assertThatThrownBy(() -> f.recorder.recordAll(batch))
                    .isInstanceOfSatisfying(RecordingRefusedException.class, e -> assertThat(e.commandIndex()).isEqualTo(2));
            assertThat(f.count("boxes")).isZero();
            assertThat(f.rows()).hasSize(1);
        }

        @Test
        void refusesToRecordBeforeEnrollment() {
            Recorder unenrolled = new Recorder(f.store, (org.archivesync.agent.identity.SiteIdentity) null,
                    Clock.fixed(NOW, RecorderFixture.VIETNAM), "clerk");

            refused(() -> unenrolled.registerFonds(new RegisterFonds(FONDS, "n", "b", null, null, null, false)),
                    Refusal.NOT_ENROLLED, null);
            assertThatThrownBy(() -> unenrolled.registerFonds(new RegisterFonds(FONDS, "n", "b", null, null, null, false)))
                    .hasMessageContaining("not enrolled").hasMessageContaining("archive-sync-agent enroll");
        }

        @Test
        void refusesAnEmptyBatch() {
            refused(() -> f.recorder.recordAll(List.of()), Refusal.BATCH_EMPTY, null);
        }

        @Test
        void aSecondRecorderOnTheSameFileContinuesTheChain() {
            f.fonds(FONDS);
            Recorder other = new Recorder(f.db, f.site.identity(), Clock.fixed(NOW, RecorderFixture.VIETNAM), "another");
            other.packBox(new PackBox("H-001", FONDS, null, m("0.1")));
            assertThat(f.rows()).hasSize(2);
            OutboxChecks.verifyWholeOutbox(f.outbox, f.site);
        }
    }

    @Nested
    class FondsAndLocations {

        @Test
        void registersFondsWithItsDescription() {
            f.fonds(FONDS);

            Map<String, Object> row = f.one("SELECT * FROM fonds WHERE fonds_code = ?", FONDS);
            assertThat(row).containsEntry("name", "Phông UBND huyện Cái Nước").containsEntry("start_date", "1976-01-01")
                    .containsEntry("closed", 0).containsEntry("last_sequence", 1);
            FondsRegistered p = f.lastPayload();
            assertThat(p.getFondsCode()).isEqualTo(FONDS);
            assertThat(p.getCreatingBody()).isEqualTo("UBND huyện Cái Nước");
            assertThat(p.getCreatingUnitCode()).isEqualTo("CM.96");
            assertThat(p.getStartDate()).isEqualTo(LocalDate.of(1976, 1, 1));
        }

        @Test
        void reRegisteringAFondsReplacesItsDescription() {
            f.fonds(FONDS);
            f.recorder.registerFonds(new RegisterFonds(FONDS, "Tên mới", "UBND", null, null, null, true));
            assertThat(f.one("SELECT name, closed FROM fonds")).containsEntry("name", "Tên mới").containsEntry("closed", 1);
            assertThat(f.rows()).hasSize(2);
        }

        @Test
        void refusesFondsWithoutAName() {
            refused(() -> f.recorder.registerFonds(new RegisterFonds(FONDS, " ", "UBND", null, null, null, false)),
                    Refusal.REQUIRED, "name");
        }

        @Test
        void refusesFondsEndingBeforeItStarts() {
            refused(() -> f.recorder.registerFonds(new RegisterFonds(FONDS, "n", "b", null, LocalDate.of(2000, 1, 2),
                    LocalDate.of(2000, 1, 1), false)), Refusal.DATE_ORDER, "endDate");
        }

        @Test
        void registersAStoreAndAShelfInIt() {
            f.recorder.registerStorageLocation(new RegisterStorageLocation("KHO-1", "Kho UBND huyện Trần Văn Thời", null,
                    "Khóm 1, TT Trần Văn Thời", m("44"), 20, m("133.1")));
            f.recorder.registerStorageLocation(new RegisterStorageLocation("KHO-1.G01", "Giá 1", "KHO-1", null, null, null,
                    m("6.5")));

            assertThat(f.one("SELECT * FROM storage_locations WHERE location_code = 'KHO-1'"))
                    .containsEntry("area_square_metres", "44.00").containsEntry("shelf_count", 20);
            assertThat(f.one("SELECT parent_location_code FROM storage_locations WHERE location_code = 'KHO-1.G01'"))
                    .containsEntry("parent_location_code", "KHO-1");
            StorageLocationRegistered p = f.lastPayload();
            assertThat(p.getParentLocationCode()).isEqualTo("KHO-1");
            assertThat(p.getCapacityMetres()).isEqualByComparingTo("6.50");
            assertThat(p.getAreaSquareMetres()).isNull();
        }

        @Test
        void refusesAShelfInAnUnknownStore() {
            refused(() -> f.recorder.registerStorageLocation(new RegisterStorageLocation("G1", "Giá", "KHO-404", null,
                    null, null, null)), Refusal.LOCATION_UNKNOWN, "parentLocationCode");
        }

        @Test
        void refusesMetresWithMoreThanTwoDecimals() {
            refused(() -> f.recorder.registerStorageLocation(new RegisterStorageLocation("K", "Kho", null, null,
                    m("44.005"), null, null)), Refusal.TOO_PRECISE, "areaSquareMetres");
        }

        @Test
        void reportsExtentsAndTheLatestReplacesEarlierOnes() {
            f.fonds(FONDS);
            f.recorder.reportExtents(new ReportExtents(FONDS, m("1104"), m("2200.5"), m("133.1"), TODAY.minusDays(3)));
            f.recorder.reportExtents(new ReportExtents(FONDS, m("1110"), m("2190"), m("140"), TODAY));

            assertThat(f.one("SELECT * FROM extents")).containsEntry("sorted_metres", "1110.00")
                    .containsEntry("unsorted_metres", "2190.00").containsEntry("as_of", "2025-06-20");
            ExtentReported p = f.lastPayload();
            assertThat(p.getUnsortedMetres()).isEqualByComparingTo(new BigDecimal("2190.00"));
            assertThat(p.getAsOf()).isEqualTo(TODAY);
        }

        @Test
        void refusesExtentsOfAnUnknownFonds() {
            refused(() -> f.recorder.reportExtents(new ReportExtents("X", m("1"), m("1"), m("1"), TODAY)),
                    Refusal.FONDS_UNKNOWN, "fondsCode");
        }

        @Test
        void refusesExtentsMeasuredInTheFuture() {
            f.fonds(FONDS);
            refused(() -> f.recorder.reportExtents(new ReportExtents(FONDS, m("1"), m("1"), m("1"), TODAY.plusDays(5))),
                    Refusal.IN_FUTURE, "asOf");
        }

        @Test
        void refusesNegativeMetres() {
            f.fonds(FONDS);
            refused(() -> f.recorder.reportExtents(new ReportExtents(FONDS, m("-1"), m("1"), m("1"), TODAY)),
                    Refusal.NEGATIVE, "sortedMetres");
        }
    }

    @Nested
    class Boxes {

        @BeforeEach
        void fonds() {
            f.fonds(FONDS);
        }

        @Test
        void packsABox() {
            f.recorder.registerStorageLocation(new RegisterStorageLocation("KHO-1", "Kho", null, null, null, null, null));
            f.recorder.packBox(new PackBox("H-001", FONDS, "KHO-1", m("0.1")));

            assertThat(f.one("SELECT * FROM boxes")).containsEntry("state", "PACKED").containsEntry("metres", "0.10")
                    .containsEntry("location_code", "KHO-1").containsEntry("seal_number", null);
            BoxRecorded p = f.lastPayload();
            assertThat(p.getState()).isEqualTo(BoxState.PACKED);
            assertThat(p.getMetres()).isEqualByComparingTo("0.10");
            assertThat(p.getSealNumber()).isNull();
        }

        @Test
        void sealsAPackedBoxCarryingItsWholeState() {
            f.recorder.packBox(new PackBox("H-001", FONDS, null, m("0.12")));
            f.recorder.sealBox(new SealBox("H-001", FONDS, "NP-2025-0001"));

            assertThat(f.one("SELECT state, seal_number FROM boxes")).containsEntry("state", "SEALED")
                    .containsEntry("seal_number", "NP-2025-0001");
            BoxRecorded p = f.lastPayload();
            assertThat(p.getState()).isEqualTo(BoxState.SEALED);
            assertThat(p.getSealNumber()).isEqualTo("NP-2025-0001");
            assertThat(p.getFondsCode()).isEqualTo(FONDS);
            assertThat(p.getMetres()).isEqualByComparingTo("0.12");
        }

        @Test
        void refusesSealingABoxThatIsNotPacked() {
            refused(() -> f.recorder.sealBox(new SealBox("H-404", FONDS, "NP-1")), Refusal.BOX_NOT_PACKED, "boxCode");
        }

        @Test
        void refusesSealingABoxTwice() {
            f.sealedBox("H-001");
            refused(() -> f.recorder.sealBox(new SealBox("H-001", FONDS, "NP-2")), Refusal.BOX_ALREADY_SEALED, "boxCode");
        }

        @Test
        void refusesRepackingASealedBox() {
            f.sealedBox("H-001");
            refused(() -> f.recorder.packBox(new PackBox("H-001", FONDS, null, m("0.2"))), Refusal.BOX_ALREADY_SEALED,
                    "boxCode");
        }

        @Test
        void refusesASealWithoutItsNumber() {
            f.box("H-001");
            refused(() -> f.recorder.sealBox(new SealBox("H-001", FONDS, "")), Refusal.REQUIRED, "sealNumber");
        }

        @Test
        void refusesABoxOfAnUnknownFonds() {
            refused(() -> f.recorder.packBox(new PackBox("H-1", "PHONG-KHAC", null, m("0.1"))), Refusal.FONDS_UNKNOWN,
                    "fondsCode");
        }

        @Test
        void packingTheSameNumberForASecondFondsIsAnotherBoxAndLeavesTheFirstInItsFonds() {
            f.fonds("PHONG.HOI.NONG.DAN");
            f.recorder.packBox(new PackBox("H001", FONDS, null, m("0.10")));
            f.recorder.recordFile(RecorderFixture.openFile("HS-A1", "H001", RetentionKind.PERMANENT, null));
            f.recorder.packBox(new PackBox("H001", "PHONG.HOI.NONG.DAN", null, m("0.12")));

            assertThat(f.query("SELECT fonds_code, box_code, metres FROM boxes ORDER BY fonds_code"))
                    .extracting(r -> r.get("fonds_code") + "/" + r.get("box_code") + " " + r.get("metres"))
                    .containsExactly("PHONG.HOI.NONG.DAN/H001 0.12", FONDS + "/H001 0.10");
            // The first fonds' file stays valid in its own H001 and can be recorded again there.
            f.recorder.recordFile(RecorderFixture.openFile("HS-A1", "H001", RetentionKind.FIXED_TERM, 10));
            assertThat(f.one("SELECT box_code FROM files WHERE file_code = 'HS-A1'")).containsEntry("box_code", "H001");
        }

        @Test
        void sealingNamesTheFondsAndSealsOnlyThatFondsBox() {
            f.fonds("PHONG.HOI.NONG.DAN");
            f.recorder.packBox(new PackBox("H001", FONDS, null, m("0.10")));
            f.recorder.packBox(new PackBox("H001", "PHONG.HOI.NONG.DAN", null, m("0.10")));
            f.recorder.sealBox(new SealBox("H001", "PHONG.HOI.NONG.DAN", "NP-HND-1"));

            assertThat(f.query("SELECT fonds_code, state FROM boxes ORDER BY fonds_code"))
                    .extracting(r -> r.get("fonds_code") + " " + r.get("state"))
                    .containsExactly("PHONG.HOI.NONG.DAN SEALED", FONDS + " PACKED");
            BoxRecorded p = f.lastPayload();
            assertThat(p.getFondsCode()).isEqualTo("PHONG.HOI.NONG.DAN");
            assertThat(p.getBoxCode()).isEqualTo("H001");
        }

        @Test
        void repackingAnExistingBoxOfTheSameFondsCorrectsIt() {
            f.recorder.packBox(new PackBox("H001", FONDS, null, m("0.10")));
            f.recorder.packBox(new PackBox("H001", FONDS, null, m("0.12")));

            assertThat(f.one("SELECT fonds_code, metres FROM boxes")).containsEntry("fonds_code", FONDS)
                    .containsEntry("metres", "0.12");
        }

        @Test
        void refusesSealingABoxPackedOnlyInAnotherFonds() {
            f.fonds("PHONG.HOI.NONG.DAN");
            f.recorder.packBox(new PackBox("H001", "PHONG.HOI.NONG.DAN", null, m("0.10")));
            refused(() -> f.recorder.sealBox(new SealBox("H001", FONDS, "NP-1")), Refusal.BOX_NOT_PACKED, "boxCode");
        }

        @Test
        void refusesABoxTakingNoSpace() {
            refused(() -> f.recorder.packBox(new PackBox("H-1", FONDS, null, m("0"))), Refusal.NOT_POSITIVE, "metres");
        }
    }

    @Nested
    class Files {

        @BeforeEach
        void fonds() {
            f.fonds(FONDS);
        }

        @Test
        void recordsAFileWithItsFullDescriptionNormalisedToNfc() {
            f.box("H-001");
            String decomposed = java.text.Normalizer.normalize("Hồ sơ cầu Cái Nước", java.text.Normalizer.Form.NFD);
            RecordFile c = RecorderFixture.openFile("HS-01", "H-001", RetentionKind.FIXED_TERM, 20);
            f.recorder.recordFile(new RecordFile(c.fondsCode(), c.fileCode(), c.boxCode(), decomposed, c.startDate(),
                    c.endDate(), c.sheetCount(), c.pageCount(), c.retention(), c.retentionYears(), c.accessRegime(),
                    null, "vi", List.of("cầu", " ", "cầu"), c.physicalCondition(), c.notes()));

            assertThat(f.one("SELECT * FROM files")).containsEntry("title", "Hồ sơ cầu Cái Nước")
                    .containsEntry("box_code", "H-001").containsEntry("retention_years", 20)
                    .containsEntry("status", "ACTIVE").containsEntry("keywords", "cầu");
            FileRecorded p = f.lastPayload();
            assertThat(p.getTitle()).isEqualTo("Hồ sơ cầu Cái Nước");
            assertThat(p.getKeywords()).containsExactly("cầu");
            assertThat(p.getSheetCount()).isEqualTo(120);
            assertThat(p.getRetentionYears()).isEqualTo(20);
            assertThat(p.getLanguage()).isEqualTo("vi");
        }

        @Test
        void recordingAFileAgainCarriesItsWholeNewState() {
            f.file("HS-01", RetentionKind.PERMANENT, null);
            RecordFile c = RecorderFixture.openFile("HS-01", null, RetentionKind.FIXED_TERM, 10);
            f.recorder.recordFile(new RecordFile(c.fondsCode(), c.fileCode(), null, "Tiêu đề đã sửa", null, null, 7,
                    null, RetentionKind.FIXED_TERM, 10, c.accessRegime(), null, null, null, null, null));

            assertThat(f.one("SELECT title, sheet_count, notes, retention FROM files"))
                    .containsEntry("title", "Tiêu đề đã sửa").containsEntry("sheet_count", 7).containsEntry("notes", null)
                    .containsEntry("retention", "FIXED_TERM");
            FileRecorded p = f.lastPayload();
            assertThat(p.getNotes()).isNull();
            assertThat(p.getKeywords()).isEmpty();
            assertThat(f.rows()).extracting(OutboxEntry::type).containsExactly("FondsRegistered", "FileRecorded", "FileRecorded");
        }

        @Test
        void refusesAFixedTermFileWithoutYears() {
            refused(() -> f.file("HS-01", RetentionKind.FIXED_TERM, null), Refusal.RETENTION_YEARS, "retentionYears");
        }

        @Test
        void refusesAPermanentFileWithYears() {
            refused(() -> f.file("HS-01", RetentionKind.PERMANENT, 10), Refusal.RETENTION_YEARS, "retentionYears");
        }

        @Test
        void refusesAFileInABoxPackedOnlyInAnotherFonds() {
            f.fonds("PHONG-KHAC");
            f.recorder.packBox(new PackBox("H-K", "PHONG-KHAC", null, m("0.1")));
            refused(() -> f.recorder.recordFile(RecorderFixture.openFile("HS-01", "H-K", RetentionKind.PERMANENT, null)),
                    Refusal.BOX_UNKNOWN, "boxCode");
        }

        @Test
        void refusesAFileInAnUnknownBox() {
            refused(() -> f.recorder.recordFile(RecorderFixture.openFile("HS-01", "H-404", RetentionKind.PERMANENT, null)),
                    Refusal.BOX_UNKNOWN, "boxCode");
        }

        @Test
        void refusesASecretLevelOnAnOpenFile() {
            RecordFile c = RecorderFixture.openFile("HS-01", null, RetentionKind.PERMANENT, null);
            refused(() -> f.recorder.recordFile(new RecordFile(c.fondsCode(), c.fileCode(), null, c.title(), null, null,
                    null, null, c.retention(), null, c.accessRegime(), org.archivesync.avro.SecretLevel.SECRET, null,
                    null, null, null)), Refusal.SECRET_LEVEL, "secretLevel");
        }

        @Test
        void refusesAMalformedLanguage() {
            RecordFile c = RecorderFixture.openFile("HS-01", null, RetentionKind.PERMANENT, null);
            refused(() -> f.recorder.recordFile(new RecordFile(c.fondsCode(), c.fileCode(), null, c.title(), null, null,
                    null, null, c.retention(), null, c.accessRegime(), null, "VIE", null, null, null)),
                    Refusal.LANGUAGE, "language");
        }

        @Test
        void withdrawsAFileRecordedByMistake() {
            f.file("HS-01", RetentionKind.PERMANENT, null);
            f.recorder.withdrawFile(new WithdrawFile(FONDS, "HS-01", "Ghi trùng với HS-02"));

            assertThat(f.one("SELECT status FROM files")).containsEntry("status", "WITHDRAWN");
            FileWithdrawn p = f.lastPayload();
            assertThat(p.getFile().getFileCode()).isEqualTo("HS-01");
            assertThat(p.getReason()).isEqualTo("Ghi trùng với HS-02");
        }

        @Test
        void refusesWithdrawingAnUnknownFile() {
            refused(() -> f.recorder.withdrawFile(new WithdrawFile(FONDS, "HS-404", "x")), Refusal.FILE_UNKNOWN, "fileCode");
        }

        @Test
        void refusesWithdrawingWithoutAReason() {
            f.file("HS-01", RetentionKind.PERMANENT, null);
            refused(() -> f.recorder.withdrawFile(new WithdrawFile(FONDS, "HS-01", null)), Refusal.REQUIRED, "reason");
        }

        @Test
        void digitizesAFile() {
            f.file("HS-01", RetentionKind.PERMANENT, null);
            String sha = "ab".repeat(32);
            f.recorder.digitizeFile(new DigitizeFile(FONDS, "HS-01", List.of(
                    new DigitizeFile.ScanObject("scans/HS-01/001.pdf", sha.toUpperCase(), 123456L, "application/pdf", 12, 300))));

            Map<String, Object> row = f.one("SELECT * FROM digital_objects");
            assertThat(row).containsEntry("object_key", "scans/HS-01/001.pdf").containsEntry("size_bytes", 123456);
            assertThat((byte[]) row.get("sha256")).isEqualTo(java.util.HexFormat.of().parseHex(sha));
            FileDigitized p = f.lastPayload();
            assertThat(p.getObjects()).singleElement().satisfies(o -> {
                assertThat(o.getSha256().bytes()).isEqualTo(java.util.HexFormat.of().parseHex(sha));
                assertThat(o.getPageCount()).isEqualTo(12);
                assertThat(o.getResolutionDpi()).isEqualTo(300);
            });
        }

        @Test
        void refusesAMalformedDigest() {
            f.file("HS-01", RetentionKind.PERMANENT, null);
            refused(() -> f.recorder.digitizeFile(new DigitizeFile(FONDS, "HS-01", List.of(
                    new DigitizeFile.ScanObject("k", "xyz", 1L, "application/pdf", null, null)))),
                    Refusal.SHA256, "objects[0].sha256");
        }
    }

    @Nested
    class Appraisals {

        @BeforeEach
        void fondsAndFiles() {
            f.fonds(FONDS);
            f.file("HS-P", RetentionKind.PERMANENT, null);
            f.file("HS-10", RetentionKind.FIXED_TERM, 10);
        }

        @Test
        void appraisesAFileAndTheLatestDecisionReplacesEarlierOnes() {
            f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-10", AppraisalDecision.KEEP_AT_SUCCESSOR, null, null, TODAY));
            f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-10", AppraisalDecision.DESTROY,
                    "TT 10/2022/TT-BNV mục 05", "QĐ 12/QĐ-HĐXĐGTTL", TODAY));

            assertThat(f.one("SELECT decision, council_decision_ref FROM appraisals"))
                    .containsEntry("decision", "DESTROY").containsEntry("council_decision_ref", "QĐ 12/QĐ-HĐXĐGTTL");
            FileAppraised p = f.lastPayload();
            assertThat(p.getDecision()).isEqualTo(AppraisalDecision.DESTROY);
            assertThat(p.getBasis()).isEqualTo("TT 10/2022/TT-BNV mục 05");
            assertThat(p.getFile().getFileCode()).isEqualTo("HS-10");
        }

        @Test
        void refusesAppraisingAPermanentFileForDestruction() {
            refused(() -> f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-P", AppraisalDecision.DESTROY, null, null,
                    TODAY)), Refusal.APPRAISAL_DESTROY_PERMANENT, "decision");
        }

        @Test
        void refusesAppraisingAnUnknownFile() {
            refused(() -> f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-404", AppraisalDecision.DESTROY, null, null,
                    TODAY)), Refusal.FILE_UNKNOWN, "fileCode");
        }

        @Test
        void refusesAnAppraisalWithoutADecision() {
            refused(() -> f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-10", null, null, null, TODAY)),
                    Refusal.REQUIRED, "decision");
        }
    }

    @Nested
    class Handovers {

        @BeforeEach
        void state() {
            f.fonds(FONDS);
            f.sealedBox("H-001");
            f.recorder.recordFile(RecorderFixture.openFile("HS-IN-BOX", "H-001", RetentionKind.PERMANENT, null));
            f.file("HS-LOOSE", RetentionKind.PERMANENT, null);
        }

        SendHandover handover(List<BoxKey> boxes, List<FileKey> files) {
            return new SendHandover(UUID.fromString("5f0c7d4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f"), ReceiverKind.HISTORICAL_ARCHIVE,
                    null, "CM.LTLS", "BB-01/2025", boxes, files, m("0.2"), TODAY);
        }

        @Test
        void sendsAHandoverOfSealedBoxesAndFiles() {
            f.recorder.sendHandover(handover(List.of(new BoxKey(FONDS, "H-001")), List.of(new FileKey(FONDS, "HS-LOOSE"))));

            assertThat(f.one("SELECT * FROM handovers")).containsEntry("direction", "SENT")
                    .containsEntry("receiver_kind", "HISTORICAL_ARCHIVE").containsEntry("minutes_number", "BB-01/2025");
            assertThat(f.query("SELECT item_kind, box_code, file_code FROM handover_items")).hasSize(2);
            assertThat(f.one("SELECT custody FROM boxes")).containsEntry("custody", "HANDED_OVER");
            assertThat(f.query("SELECT file_code, status FROM files ORDER BY file_code")).extracting(r -> r.get("status"))
                    .containsOnly("HANDED_OVER");
            HandoverRecorded p = f.lastPayload();
            assertThat(p.getHandoverId()).isEqualTo(UUID.fromString("5f0c7d4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f"));
            assertThat(p.getBoxes()).singleElement().satisfies(b -> {
                assertThat(b.getFondsCode()).isEqualTo(FONDS);
                assertThat(b.getBoxCode()).isEqualTo("H-001");
            });
            assertThat(p.getFiles()).singleElement().satisfies(r -> assertThat(r.getFileCode()).isEqualTo("HS-LOOSE"));
            assertThat(p.getReceivingSiteCode()).isEqualTo("CM.LTLS");
        }

        @Test
        void refusesHandingOverABoxThatIsNotSealed() {
            f.box("H-002");
            refused(() -> f.recorder.sendHandover(handover(List.of(new BoxKey(FONDS, "H-002")), List.of())), Refusal.HANDOVER_BOX_NOT_SEALED,
                    "boxes[0]");
        }

        @Test
        void refusesAnEmptyHandover() {
            refused(() -> f.recorder.sendHandover(handover(List.of(), List.of())), Refusal.HANDOVER_EMPTY, "boxes");
        }

        @Test
        void refusesAHandoverToASuccessorWithoutItsUnitCode() {
            refused(() -> f.recorder.sendHandover(new SendHandover(UUID.randomUUID(), ReceiverKind.SUCCESSOR_UNIT, null,
                    null, "BB-1", List.of(new BoxKey(FONDS, "H-001")), List.of(), m("0.1"), TODAY)), Refusal.REQUIRED, "receivingUnitCode");
        }

        @Test
        void refusesTheSameHandoverTwiceAndChangesToWhatWasHandedOver() {
            f.recorder.sendHandover(handover(List.of(new BoxKey(FONDS, "H-001")), List.of()));
            refused(() -> f.recorder.sendHandover(handover(List.of(), List.of(new FileKey(FONDS, "HS-LOOSE")))),
                    Refusal.HANDOVER_DUPLICATE, "handoverId");
            refused(() -> f.recorder.recordFile(RecorderFixture.openFile("HS-IN-BOX", null, RetentionKind.PERMANENT, null)),
                    Refusal.FILE_NOT_ACTIVE, "fileCode");
            refused(() -> f.recorder.packBox(new PackBox("H-001", FONDS, null, m("0.1"))), Refusal.BOX_HANDED_OVER,
                    "boxCode");
        }

        @Test
        void confirmsAReceivedHandover() {
            UUID id = UUID.randomUUID();
            f.recorder.confirmHandoverReceived(new ConfirmHandoverReceived(id, "CM.TVT.UBND", "BB-07",
                    List.of(new BoxKey("PHONG.TVT", "TVT-H1")), List.of(new FileKey("PHONG.TVT", "HS-9")), m("0.1"), TODAY, "Thiếu 1 hộp"));

            assertThat(f.one("SELECT direction, sender_site_code, discrepancies FROM handovers"))
                    .containsEntry("direction", "RECEIVED").containsEntry("sender_site_code", "CM.TVT.UBND")
                    .containsEntry("discrepancies", "Thiếu 1 hộp");
            HandoverReceived p = f.lastPayload();
            assertThat(p.getHandoverId()).isEqualTo(id);
            assertThat(p.getReceivedBoxes()).singleElement().satisfies(b -> assertThat(b.getBoxCode()).isEqualTo("TVT-H1"));
            assertThat(p.getReceivedFiles()).singleElement().satisfies(r -> assertThat(r.getFondsCode()).isEqualTo("PHONG.TVT"));
        }

        @Test
        void refusesConfirmingTheSameHandoverTwice() {
            UUID id = UUID.randomUUID();
            ConfirmHandoverReceived c = new ConfirmHandoverReceived(id, "CM.TVT.UBND", "BB-07",
                    List.of(new BoxKey("PHONG.TVT", "TVT-H1")), List.of(), m("0.1"), TODAY, null);
            f.recorder.confirmHandoverReceived(c);
            refused(() -> f.recorder.confirmHandoverReceived(c), Refusal.HANDOVER_ALREADY_RECEIVED, "handoverId");
        }

        @Test
        void refusesConfirmingAHandoverFromItself() {
            refused(() -> f.recorder.confirmHandoverReceived(new ConfirmHandoverReceived(UUID.randomUUID(),
                    "CM.CAINUOC.UBND", "BB", List.of(new BoxKey("P", "X")), List.of(), m("0.1"), TODAY, null)), Refusal.HANDOVER_OWN_SITE,
                    "senderSiteCode");
        }
    }

    @Nested
    class Destructions {

        @BeforeEach
        void appraisedFiles() {
            f.fonds(FONDS);
            f.file("HS-A", RetentionKind.FIXED_TERM, 5);
            f.file("HS-B", RetentionKind.FIXED_TERM, 5);
            f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-A", AppraisalDecision.DESTROY, null, null, TODAY));
        }

        RecordDestruction destruction(String first, String second, List<FileKey> files) {
            return new RecordDestruction(UUID.randomUUID(), "QĐ 45/QĐ-UBND", first, second, "BB-HUY-01", files, m("0.05"),
                    TODAY);
        }

        @Test
        void recordsTheDestructionOfFilesAppraisedDestroy() {
            f.recorder.recordDestruction(destruction("Nguyễn Văn A", "Trần Thị B", List.of(new FileKey(FONDS, "HS-A"))));

            assertThat(f.one("SELECT first_approver, second_approver, minutes_number FROM destructions"))
                    .containsEntry("first_approver", "Nguyễn Văn A").containsEntry("minutes_number", "BB-HUY-01");
            assertThat(f.one("SELECT status, destruction_id FROM files WHERE file_code = 'HS-A'"))
                    .containsEntry("status", "DESTROYED").doesNotContainEntry("destruction_id", null);
            DestructionRecorded p = f.lastPayload();
            assertThat(p.getFirstApprover()).isEqualTo("Nguyễn Văn A");
            assertThat(p.getSecondApprover()).isEqualTo("Trần Thị B");
            assertThat(p.getFiles()).extracting(r -> r.getFileCode()).containsExactly("HS-A");
            assertThat(p.getDecisionRef()).isEqualTo("QĐ 45/QĐ-UBND");
        }

        @Test
        void refusesTheSameApproverTwiceWhateverTheSpellingOfSpacesAndCase() {
            refused(() -> f.recorder.recordDestruction(destruction("Nguyễn Văn A", "  nguyễn  văn a",
                    List.of(new FileKey(FONDS, "HS-A")))), Refusal.DESTRUCTION_SAME_APPROVER, "secondApprover");
        }

        @Test
        void refusesAFileNotAppraisedDestroy() {
            refused(() -> f.recorder.recordDestruction(destruction("A", "B",
                    List.of(new FileKey(FONDS, "HS-A"), new FileKey(FONDS, "HS-B")))),
                    Refusal.DESTRUCTION_NOT_APPRAISED_DESTROY, "files[1]");
            f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-B", AppraisalDecision.KEEP_AT_SUCCESSOR, null, null, TODAY));
            refused(() -> f.recorder.recordDestruction(destruction("A", "B", List.of(new FileKey(FONDS, "HS-B")))),
                    Refusal.DESTRUCTION_NOT_APPRAISED_DESTROY, "files[0]");
        }

        @Test
        void refusesAFileOfPermanentRetention() {
            // Appraised DESTROY while fixed-term, then corrected to permanent: the destruction must still be refused.
            RecordFile c = RecorderFixture.openFile("HS-A", null, RetentionKind.PERMANENT, null);
            f.recorder.recordFile(c);
            refused(() -> f.recorder.recordDestruction(destruction("A", "B", List.of(new FileKey(FONDS, "HS-A")))),
                    Refusal.DESTRUCTION_PERMANENT_RETENTION, "files[0]");
        }

        @Test
        void refusesDestroyingAFileTwice() {
            f.recorder.recordDestruction(destruction("A", "B", List.of(new FileKey(FONDS, "HS-A"))));
            refused(() -> f.recorder.recordDestruction(destruction("A", "B", List.of(new FileKey(FONDS, "HS-A")))),
                    Refusal.FILE_NOT_ACTIVE, "files[0]");
        }

        @Test
        void refusesADestructionWithoutFiles() {
            refused(() -> f.recorder.recordDestruction(destruction("A", "B", List.of())), Refusal.DESTRUCTION_EMPTY, "files");
        }

        @Test
        void refusesTheSameFileTwiceInOneDestruction() {
            refused(() -> f.recorder.recordDestruction(destruction("A", "B",
                    List.of(new FileKey(FONDS, "HS-A"), new FileKey(FONDS, "HS-A")))), Refusal.DUPLICATE_IN_LIST, "files[1]");
        }
    }

    @Nested
    class BoxesPerFondsInHandovers {

        static final String OTHER = "PHONG.HOI.NONG.DAN";

        @BeforeEach
        void twoFondsBothNumberedFromH001() {
            f.fonds(FONDS);
            f.fonds(OTHER);
            for (String fonds : List.of(FONDS, OTHER)) {
                f.recorder.packBox(new PackBox("H001", fonds, null, m("0.10")));
                f.recorder.sealBox(new SealBox("H001", fonds, "NP-" + fonds));
                RecordFile c = RecorderFixture.openFile("HS-1", "H001", RetentionKind.PERMANENT, null);
                f.recorder.recordFile(new RecordFile(fonds, c.fileCode(), c.boxCode(), c.title(), c.startDate(),
                        c.endDate(), c.sheetCount(), c.pageCount(), c.retention(), c.retentionYears(),
                        c.accessRegime(), null, c.language(), c.keywords(), c.physicalCondition(), c.notes()));
            }
        }

        @Test
        void handingOverOneFondsBoxHandsOverOnlyItAndItsFiles() {
            f.recorder.sendHandover(new SendHandover(UUID.randomUUID(), ReceiverKind.HISTORICAL_ARCHIVE, null, "CM.LTLS",
                    "BB-01", List.of(new BoxKey(OTHER, "H001")), List.of(), m("0.1"), TODAY));

            assertThat(f.query("SELECT fonds_code, custody FROM boxes ORDER BY fonds_code"))
                    .extracting(r -> r.get("fonds_code") + " " + r.get("custody"))
                    .containsExactly(OTHER + " HANDED_OVER", FONDS + " AT_SITE");
            assertThat(f.query("SELECT fonds_code, status FROM files ORDER BY fonds_code"))
                    .extracting(r -> r.get("fonds_code") + " " + r.get("status"))
                    .containsExactly(OTHER + " HANDED_OVER", FONDS + " ACTIVE");
            assertThat(f.one("SELECT fonds_code, box_code FROM handover_items")).containsEntry("fonds_code", OTHER)
                    .containsEntry("box_code", "H001");
            HandoverRecorded p = f.lastPayload();
            assertThat(p.getBoxes()).singleElement().satisfies(b -> assertThat(b.getFondsCode()).isEqualTo(OTHER));
        }

        @Test
        void refusesHandingOverABoxNotKnownInTheNamedFonds() {
            refused(() -> f.recorder.sendHandover(new SendHandover(UUID.randomUUID(), ReceiverKind.HISTORICAL_ARCHIVE,
                    null, "CM.LTLS", "BB-01", List.of(new BoxKey(FONDS, "H002")), List.of(), m("0.1"), TODAY)),
                    Refusal.BOX_UNKNOWN, "boxes[0]");
        }
    }

    @Nested
    class FileNumbersAndDates {

        @BeforeEach
        void fonds() {
            f.fonds(FONDS);
        }

        RecordFile file(String fileCode, LocalDate start, DatePrecision startPrecision, LocalDate end,
                        DatePrecision endPrecision) {
            return new RecordFile(FONDS, fileCode, "12", "01.TH", "ML2", "I. TỔNG HỢP", "31234", null,
                    "Hồ sơ tổng hợp năm 2003", start, startPrecision, end, endPrecision, 40, null,
                    RetentionKind.PERMANENT, null, AccessRegime.OPEN, null, "vi", List.of(), null, null);
        }

        @Test
        void recordsAndPublishesTheThreeNumbersTheSeriesAndThePlace() {
            f.recorder.recordFile(file("CM.CAINUOC.2003.01.TH.ML2", null, null, null, null));

            assertThat(f.one("SELECT file_number, reference, list_number, series, place_unit_code FROM files"))
                    .containsEntry("file_number", "12").containsEntry("reference", "01.TH")
                    .containsEntry("list_number", "ML2").containsEntry("series", "I. TỔNG HỢP")
                    .containsEntry("place_unit_code", "31234");
            FileRecorded p = f.lastPayload();
            assertThat(p.getFileNumber()).isEqualTo("12");
            assertThat(p.getReference()).isEqualTo("01.TH");
            assertThat(p.getListNumber()).isEqualTo("ML2");
            assertThat(p.getSeries()).isEqualTo("I. TỔNG HỢP");
            assertThat(p.getPlaceUnitCode()).isEqualTo("31234");
        }

        @Test
        void keepsAYearOnlyAndAMonthOnlyDateWithTheirPrecision() {
            f.recorder.recordFile(file("HS-1", LocalDate.of(2003, 1, 1), DatePrecision.YEAR, LocalDate.of(2004, 6, 1),
                    DatePrecision.MONTH));

            assertThat(f.one("SELECT start_date, start_precision, end_date, end_precision FROM files"))
                    .containsEntry("start_date", "2003-01-01").containsEntry("start_precision", "YEAR")
                    .containsEntry("end_date", "2004-06-01").containsEntry("end_precision", "MONTH");
            FileRecorded p = f.lastPayload();
            assertThat(p.getStartDate()).isEqualTo(LocalDate.of(2003, 1, 1));
            assertThat(p.getStartPrecision()).isEqualTo(DatePrecision.YEAR);
            assertThat(p.getEndPrecision()).isEqualTo(DatePrecision.MONTH);
        }

        @Test
        void datesWithoutAPrecisionAreDays() {
            f.recorder.recordFile(file("HS-1", LocalDate.of(2003, 6, 15), null, null, DatePrecision.YEAR));

            assertThat(f.one("SELECT start_precision, end_precision FROM files"))
                    .containsEntry("start_precision", "DAY").containsEntry("end_precision", "DAY");
            FileRecorded p = f.lastPayload();
            assertThat(p.getStartPrecision()).isEqualTo(DatePrecision.DAY);
        }

        @Test
        void refusesAMonthThatIsNotTheFirstDayOfItsMonth() {
            refused(() -> f.recorder.recordFile(file("HS-1", LocalDate.of(2003, 6, 15), DatePrecision.MONTH, null,
                    null)), Refusal.DATE_PRECISION, "startDate");
        }

        @Test
        void refusesAYearThatIsNotTheFirstDayOfItsYear() {
            refused(() -> f.recorder.recordFile(file("HS-1", null, null, LocalDate.of(2003, 6, 1), DatePrecision.YEAR)),
                    Refusal.DATE_PRECISION, "endDate");
        }

        @Test
        void comparesStartAndEndByTheirPeriods() {
            // A day within the end year is in order: the year 2003 lasts until 31/12/2003.
            f.recorder.recordFile(file("HS-1", LocalDate.of(2003, 6, 15), DatePrecision.DAY, LocalDate.of(2003, 1, 1),
                    DatePrecision.YEAR));
            f.recorder.recordFile(file("HS-2", LocalDate.of(2003, 6, 1), DatePrecision.MONTH, LocalDate.of(2003, 6, 1),
                    DatePrecision.MONTH));
            refused(() -> f.recorder.recordFile(file("HS-3", LocalDate.of(2004, 1, 1), DatePrecision.YEAR,
                    LocalDate.of(2003, 12, 1), DatePrecision.MONTH)), Refusal.DATE_ORDER, "endDate");
        }

        @Test
        void importingTheSameDescriptionAgainIsUnchanged() {
            RecordFile c = file("HS-1", LocalDate.of(2003, 1, 1), DatePrecision.YEAR, LocalDate.of(2004, 1, 1),
                    DatePrecision.YEAR);
            f.recorder.recordFiles(List.of(c), false, null);
            FilesRecorded again = f.recorder.recordFiles(List.of(c), false, null);
            FilesRecorded changed = f.recorder.recordFiles(List.of(file("HS-1", LocalDate.of(2003, 1, 1),
                    DatePrecision.DAY, LocalDate.of(2004, 1, 1), DatePrecision.YEAR)), false, null);

            assertThat(again.unchanged()).isEqualTo(1);
            assertThat(changed.updated()).isEqualTo(1);
        }

        @Test
        void aStateSecretStubMayCarryItsNumbersButNoDates() {
            f.recorder.recordFile(new RecordFile(FONDS, "HS-MAT", "7", "05.QS", "ML1", "II. QUÂN SỰ", "31234", null,
                    null, null, DatePrecision.YEAR, null, null, 12, null, RetentionKind.PERMANENT, null,
                    AccessRegime.STATE_SECRET, SecretLevel.SECRET, null, List.of(), null, null));

            assertThat(f.one("SELECT file_number, reference, series, start_date, start_precision FROM files"))
                    .containsEntry("file_number", "7").containsEntry("reference", "05.QS")
                    .containsEntry("start_date", null).containsEntry("start_precision", "DAY");
            FileRecorded p = f.lastPayload();
            assertThat(p.getReference()).isEqualTo("05.QS");
            assertThat(p.getTitle()).isNull();
            assertThat(p.getStartDate()).isNull();
            refused(() -> f.recorder.recordFile(new RecordFile(FONDS, "HS-MAT", "7", "05.QS", "ML1", null, null,
                    null, null, LocalDate.of(2003, 1, 1), DatePrecision.YEAR, null, null, 12, null,
                    RetentionKind.PERMANENT, null, AccessRegime.STATE_SECRET, SecretLevel.SECRET, null, List.of(),
                    null, null)), Refusal.SECRET_DESCRIPTIVE_FIELD, "startDate");
        }
    }

    @Nested
    class LegacyRetention {

        @BeforeEach
        void fonds() {
            f.fonds(FONDS);
        }

        RecordDestruction destruction(String fileCode) {
            return new RecordDestruction(UUID.randomUUID(), "QĐ 45/QĐ-UBND", "Nguyễn Văn A", "Trần Thị B", "BB-HUY-01",
                    List.of(new FileKey(FONDS, fileCode)), m("0.05"), TODAY);
        }

        @Test
        void recordsLegacyLongTermAndTemporaryAsWrittenWithoutYears() {
            f.file("HS-LD", RetentionKind.LEGACY_LONG_TERM, null);
            FileRecorded longTerm = f.lastPayload();
            f.file("HS-TT", RetentionKind.LEGACY_TEMPORARY, null);
            FileRecorded temporary = f.lastPayload();

            assertThat(f.query("SELECT retention, retention_years FROM files ORDER BY file_code"))
                    .extracting(r -> r.get("retention") + " " + r.get("retention_years"))
                    .containsExactly("LEGACY_LONG_TERM null", "LEGACY_TEMPORARY null");
            assertThat(longTerm.getRetention()).isEqualTo(RetentionKind.LEGACY_LONG_TERM);
            assertThat(temporary.getRetention()).isEqualTo(RetentionKind.LEGACY_TEMPORARY);
            assertThat(temporary.getRetentionYears()).isNull();
        }

        @Test
        void refusesYearsOnALegacyRetention() {
            refused(() -> f.file("HS-TT", RetentionKind.LEGACY_TEMPORARY, 10), Refusal.RETENTION_YEARS, "retentionYears");
        }

        @Test
        void refusesDestroyingALegacyLongTermFileUntilItIsReappraisedWithANewRetention() {
            f.file("HS-LD", RetentionKind.LEGACY_LONG_TERM, null);
            f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-LD", AppraisalDecision.DESTROY, null, null, TODAY));

            refused(() -> f.recorder.recordDestruction(destruction("HS-LD")), Refusal.DESTRUCTION_LEGACY_LONG_TERM,
                    "files[0]");
            assertThat(AgentMessages.of(AgentMessages.VIETNAMESE).get(Refusal.DESTRUCTION_LEGACY_LONG_TERM.messageKey(),
                    "files[0]", FONDS + "/HS-LD")).contains("Lâu dài", "xác định lại giá trị");
            f.file("HS-LD", RetentionKind.FIXED_TERM, 10);
            f.recorder.recordDestruction(destruction("HS-LD"));
            assertThat(f.one("SELECT status FROM files")).containsEntry("status", "DESTROYED");
        }

        @Test
        void destroysALegacyTemporaryFileOnlyWhenAppraisedDestroy() {
            f.file("HS-TT", RetentionKind.LEGACY_TEMPORARY, null);
            refused(() -> f.recorder.recordDestruction(destruction("HS-TT")),
                    Refusal.DESTRUCTION_NOT_APPRAISED_DESTROY, "files[0]");

            f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-TT", AppraisalDecision.DESTROY, null, null, TODAY));
            f.recorder.recordDestruction(destruction("HS-TT"));
            assertThat(f.one("SELECT status FROM files")).containsEntry("status", "DESTROYED");
        }
    }

    @Nested
    class BulkExtents {

        static final String TRAN_VAN_THOI = "PHONG.UBND.TVT";

        @BeforeEach
        void fondsAndStores() {
            f.fonds(FONDS);
            f.fonds(TRAN_VAN_THOI);
            f.recorder.registerStorageLocation(new RegisterStorageLocation("TVT.PHONG-BAN", "Các phòng ban huyện",
                    null, null, null, null, null));
            f.recorder.registerStorageLocation(new RegisterStorageLocation("TVT.XA", "Các xã, thị trấn", null, null,
                    null, null, null));
        }

        ReportExtents unsortedAt(String location, String unsorted) {
            return new ReportExtents(TRAN_VAN_THOI, location, m("0"), null, null, null, null, m(unsorted), m("0"),
                    TODAY);
        }

        @Test
        void reportsTheUnsortedBacklogOfOneFondsAtTwoLocations() {
            f.recorder.reportExtents(unsortedAt("TVT.PHONG-BAN", "741.5"));
            f.recorder.reportExtents(unsortedAt("TVT.XA", "362.5"));

            assertThat(f.query("SELECT location_code, unsorted_metres FROM extents ORDER BY location_code"))
                    .extracting(r -> r.get("location_code") + " " + r.get("unsorted_metres"))
                    .containsExactly("TVT.PHONG-BAN 741.50", "TVT.XA 362.50");
            ExtentReported p = f.lastPayload();
            assertThat(p.getLocationCode()).isEqualTo("TVT.XA");
            assertThat(p.getUnsortedMetres()).isEqualByComparingTo("362.5");
        }

        @Test
        void reportsPackedMetresForTheWholeFondsWithoutItemisingBoxes() {
            f.recorder.reportExtents(new ReportExtents(FONDS, null, m("2200"), m("1500"), null, null, null, m("0"),
                    m("0"), TODAY));

            assertThat(f.one("SELECT * FROM extents")).containsEntry("location_code", null)
                    .containsEntry("sorted_metres", "2200.00").containsEntry("packed_metres", "1500.00")
                    .containsEntry("sealed_metres", null).containsEntry("packed_boxes", null);
            assertThat(f.count("boxes")).isZero();
            ExtentReported p = f.lastPayload();
            assertThat(p.getPackedMetres()).isEqualByComparingTo("1500");
            assertThat(p.getSealedMetres()).isNull();
            assertThat(p.getLocationCode()).isNull();
        }

        @Test
        void theLatestReportReplacesOnlyTheOneForTheSameFondsAndLocation() {
            f.recorder.reportExtents(unsortedAt("TVT.XA", "362.5"));
            f.recorder.reportExtents(new ReportExtents(TRAN_VAN_THOI, null, m("10"), m("8"), m("5"), 80, 50, m("1104"),
                    m("133.1"), TODAY));
            f.recorder.reportExtents(unsortedAt("TVT.XA", "300"));
            f.recorder.reportExtents(new ReportExtents(TRAN_VAN_THOI, null, m("12"), m("8"), m("8"), 80, 80, m("1100"),
                    m("133.1"), TODAY));

            assertThat(f.query("SELECT location_code, unsorted_metres, sealed_boxes FROM extents ORDER BY location_code"))
                    .extracting(r -> r.get("location_code") + " " + r.get("unsorted_metres") + " " + r.get("sealed_boxes"))
                    .containsExactly("null 1100.00 80", "TVT.XA 300.00 null");
        }

        @Test
        void refusesMorePackedThanSorted() {
            refused(() -> f.recorder.reportExtents(new ReportExtents(FONDS, null, m("1500"), m("2200"), null, null, null,
                    m("0"), m("0"), TODAY)), Refusal.EXTENT_EXCEEDS, "packedMetres");
        }

        @Test
        void refusesMoreSealedThanPacked() {
            refused(() -> f.recorder.reportExtents(new ReportExtents(FONDS, null, m("2200"), m("1500"), m("1600"), null,
                    null, m("0"), m("0"), TODAY)), Refusal.EXTENT_EXCEEDS, "sealedMetres");
            refused(() -> f.recorder.reportExtents(new ReportExtents(FONDS, null, m("2200"), null, null, 10, 11, m("0"),
                    m("0"), TODAY)), Refusal.EXTENT_EXCEEDS, "sealedBoxes");
        }

        @Test
        void refusesANegativeBoxCount() {
            refused(() -> f.recorder.reportExtents(new ReportExtents(FONDS, null, m("2200"), null, null, -1, null, m("0"),
                    m("0"), TODAY)), Refusal.NEGATIVE, "packedBoxes");
        }

        @Test
        void refusesAnUnregisteredLocation() {
            refused(() -> f.recorder.reportExtents(unsortedAt("KHO-404", "1")), Refusal.LOCATION_UNKNOWN,
                    "locationCode");
        }
    }

    @Test
    void theWholeOutboxOfAWorkingDayVerifies() {
        f.fonds(FONDS);
        f.sealedBox("H-1");
        f.file("HS-1", RetentionKind.FIXED_TERM, 5);
        f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-1", AppraisalDecision.DESTROY, null, null, TODAY));
        List<Command> batch = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            batch.add(RecorderFixture.openFile("HS-B" + i, "H-1", RetentionKind.PERMANENT, null));
        }
        f.recorder.recordAll(batch);
        f.recorder.recordDestruction(new RecordDestruction(UUID.randomUUID(), "QĐ", "A", "B", "BB",
                List.of(new FileKey(FONDS, "HS-1")), m("0.01"), TODAY));

        var verdict = OutboxChecks.verifyWholeOutbox(f.outbox, f.site);
        assertThat(verdict.accepted()).hasSize(56);
        assertThat(f.rows().stream().filter(OutboxEntry::signed).count()).isEqualTo(7);
        assertThat(ChainHash.hex(f.last().hash())).isEqualTo(ChainHash.hex(verdict.position().hash()));
    }
}
