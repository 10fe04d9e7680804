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
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.BoxState;
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
                    new SealBox("H-001", "NP-1"),
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
                    new PackBox("H-002", FONDS, null, m("0.1")), new SealBox("H-404", "NP-9"));

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
            f.recorder.sealBox(new SealBox("H-001", "NP-2025-0001"));

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
            refused(() -> f.recorder.sealBox(new SealBox("H-404", "NP-1")), Refusal.BOX_NOT_PACKED, "boxCode");
        }

        @Test
        void refusesSealingABoxTwice() {
            f.sealedBox("H-001");
            refused(() -> f.recorder.sealBox(new SealBox("H-001", "NP-2")), Refusal.BOX_ALREADY_SEALED, "boxCode");
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
            refused(() -> f.recorder.sealBox(new SealBox("H-001", "")), Refusal.REQUIRED, "sealNumber");
        }

        @Test
        void refusesABoxOfAnUnknownFonds() {
            refused(() -> f.recorder.packBox(new PackBox("H-1", "PHONG-KHAC", null, m("0.1"))), Refusal.FONDS_UNKNOWN,
                    "fondsCode");
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
        void refusesAFileInABoxOfAnotherFonds() {
            f.fonds("PHONG-KHAC");
            f.recorder.packBox(new PackBox("H-K", "PHONG-KHAC", null, m("0.1")));
            refused(() -> f.recorder.recordFile(RecorderFixture.openFile("HS-01", "H-K", RetentionKind.PERMANENT, null)),
                    Refusal.BOX_OTHER_FONDS, "boxCode");
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
