package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.RecorderFixture.FONDS;
import static org.archivesync.agent.recording.RecorderFixture.TODAY;
import static org.archivesync.agent.recording.RecorderFixture.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.testing.RawBytes;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.avro.HandoverReceived;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Every free-text field of every event passes the secret gate of the file it concerns, not only a file's description:
 * an appraisal's basis, a withdrawal's reason and a receipt's discrepancies of a state-secret file are refused with the
 * same refusal as a title (SECRET_DESCRIPTIVE_FIELD), and the same commands without the text are recorded. The other
 * events carry no free text about a file: codes, references, numbers, dates and the approvers' names.
 */
class SecretFreeTextGateTest {

    static final String BASIS = "Danh mục vị trí trận địa phòng không ven biển";
    static final String REASON = "Ghi nhầm kế hoạch di dời kho vũ khí";
    static final String DISCREPANCY = "Thiếu bản đồ bố trí lực lượng biên phòng";

    RecorderFixture f;

    @BeforeEach
    void secretFile(TestInfo info) {
        f = new RecorderFixture(info.getTestMethod().orElseThrow().getName());
        f.fonds(FONDS);
        f.recorder.recordFile(RecordFile.secretStub(FONDS, "HS-MAT", null, 12, RetentionKind.FIXED_TERM, 10,
                SecretLevel.SECRET));
        f.file("HS-MO", RetentionKind.FIXED_TERM, 10);
    }

    @Test
    void refusesTheBasisOfASecretFilesAppraisalAndRecordsItWithout() {
        long before = f.count("outbox");
        assertThatThrownBy(() -> f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-MAT", AppraisalDecision.DESTROY,
                BASIS, "QĐ-12/HĐXĐGT", TODAY)))
                .isInstanceOfSatisfying(RecordingRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Refusal.SECRET_DESCRIPTIVE_FIELD);
                    assertThat(e.field()).isEqualTo("basis");
                    assertThat(AgentMessages.of(AgentMessages.VIETNAMESE).render(e)).contains("basis", "bí mật nhà nước");
                    assertThat(AgentMessages.of(Locale.ENGLISH).render(e)).contains("basis", "state secret");
                });
        assertThat(f.count("outbox")).isEqualTo(before);

        f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-MAT", AppraisalDecision.DESTROY, " ", "QĐ-12/HĐXĐGT", TODAY));
        FileAppraised p = f.lastPayload();
        assertThat(p.getBasis()).isNull();
        assertThat(p.getCouncilDecisionRef()).as("a reference, not a description").isEqualTo("QĐ-12/HĐXĐGT");

        // An open file's basis is its own business.
        f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-MO", AppraisalDecision.DESTROY, BASIS, null, TODAY));
        assertThat(((FileAppraised) f.lastPayload()).getBasis()).isEqualTo(BASIS);
    }

    @Test
    void refusesTheReasonOfASecretFilesWithdrawalAndSendsAnEmptyOne() {
        long before = f.count("outbox");
        assertThatThrownBy(() -> f.recorder.withdrawFile(new WithdrawFile(FONDS, "HS-MAT", REASON)))
                .isInstanceOfSatisfying(RecordingRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Refusal.SECRET_DESCRIPTIVE_FIELD);
                    assertThat(e.field()).isEqualTo("reason");
                });
        assertThat(f.count("outbox")).isEqualTo(before);

        f.recorder.withdrawFile(new WithdrawFile(FONDS, "HS-MAT", null));
        FileWithdrawn p = f.lastPayload();
        assertThat(p.getReason()).isEmpty();
        assertThat(f.one("SELECT status FROM files WHERE file_code = 'HS-MAT'")).containsEntry("status", "WITHDRAWN");

        // An open file still needs its reason.
        assertThatThrownBy(() -> f.recorder.withdrawFile(new WithdrawFile(FONDS, "HS-MO", null)))
                .isInstanceOfSatisfying(RecordingRefusedException.class, e -> assertThat(e.reason()).isEqualTo(Refusal.REQUIRED));
    }

    @Test
    void refusesTheDiscrepanciesOfAReceiptListingAFileKnownHereAsSecret() {
        long before = f.count("outbox");
        UUID id = UUID.randomUUID();
        assertThatThrownBy(() -> f.recorder.confirmHandoverReceived(receipt(id, DISCREPANCY, "HS-MO", "HS-MAT")))
                .isInstanceOfSatisfying(RecordingRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Refusal.SECRET_DESCRIPTIVE_FIELD);
                    assertThat(e.field()).isEqualTo("discrepancies");
                });
        assertThat(f.count("outbox")).isEqualTo(before);

        f.recorder.confirmHandoverReceived(receipt(id, null, "HS-MO", "HS-MAT"));
        assertThat(((HandoverReceived) f.lastPayload()).getDiscrepancies()).isNull();

        // Without a secret file the receiver writes what the minutes say.
        f.recorder.confirmHandoverReceived(receipt(UUID.randomUUID(), DISCREPANCY, "HS-MO"));
        assertThat(((HandoverReceived) f.lastPayload()).getDiscrepancies()).isEqualTo(DISCREPANCY);
    }

    @Test
    void noRefusedFreeTextReachesTheSqliteFiles() {
        assertThatThrownBy(() -> f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-MAT", AppraisalDecision.DESTROY,
                BASIS, null, TODAY))).isInstanceOf(RecordingRefusedException.class);
        assertThatThrownBy(() -> f.recorder.confirmHandoverReceived(receipt(UUID.randomUUID(), DISCREPANCY, "HS-MAT")))
                .isInstanceOf(RecordingRefusedException.class);
        assertThatThrownBy(() -> f.recorder.withdrawFile(new WithdrawFile(FONDS, "HS-MAT", REASON)))
                .isInstanceOf(RecordingRefusedException.class);
        f.recorder.withdrawFile(new WithdrawFile(FONDS, "HS-MAT", ""));

        for (Path file : RawBytes.sqliteFiles(f.db)) {
            byte[] bytes = RawBytes.read(file);
            for (String text : List.of(BASIS, REASON, DISCREPANCY)) {
                assertThat(RawBytes.contains(bytes, text)).as("%s holds '%s'", file.getFileName(), text).isFalse();
            }
        }
    }

    private static ConfirmHandoverReceived receipt(UUID id, String discrepancies, String... fileCodes) {
        return new ConfirmHandoverReceived(id, "CM.TANHUNG.UBND", "BB-" + id.toString().substring(0, 8), List.of(),
                java.util.Arrays.stream(fileCodes).map(c -> new FileKey(FONDS, c)).toList(), m("0.10"), TODAY,
                discrepancies);
    }
}
