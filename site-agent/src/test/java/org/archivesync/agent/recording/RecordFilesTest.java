package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.RecorderFixture.FONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.StoreDump;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Recorder#recordFiles}: what an import does in the recorder. */
class RecordFilesTest {

    RecorderFixture fx;

    @BeforeEach
    void setUp() {
        fx = new RecorderFixture("record-files");
        fx.fonds(FONDS);
        fx.box("H-1");
    }

    static RecordFile file(String code, String title) {
        return new RecordFile(FONDS, code, "H-1", title, LocalDate.of(2003, 1, 1), LocalDate.of(2003, 12, 31), 12, null,
                RetentionKind.PERMANENT, null, AccessRegime.OPEN, null, "vi,fr", List.of("đất đai", "  cầu  đường "),
                null, "Bản gốc");
    }

    static RecordFile secret(String code) {
        return RecordFile.secretStub(FONDS, code, "H-1", 9, RetentionKind.PERMANENT, null, SecretLevel.SECRET);
    }

    List<RecordFile> sheet() {
        return List.of(file("HS-1", "Hồ sơ giao đất"), file("HS-2", "Hồ sơ xây cầu"), secret("HS-3"));
    }

    @Test
    void recordsEveryFileInOneTransactionSignedOnce() {
        long before = fx.rows().size();

        FilesRecorded r = fx.recorder.recordFiles(sheet(), false, null);

        assertThat(r.created()).isEqualTo(3);
        assertThat(r.updated()).isZero();
        assertThat(r.unchanged()).isZero();
        assertThat(r.refused()).isEmpty();
        assertThat(r.recorded().firstSequence()).isEqualTo(before + 1);
        assertThat(r.recorded().count()).isEqualTo(3);
        List<OutboxEntry> rows = fx.rows().subList((int) before, (int) before + 3);
        assertThat(rows).extracting(OutboxEntry::signed).containsExactly(false, false, true);
        assertThat(rows.get(2).hash()).isEqualTo(r.recorded().lastHash());
        FileRecorded first = (FileRecorded) OutboxChecks.decode(rows.get(0)).getPayload();
        assertThat(first.getLanguage()).isEqualTo("vi,fr");
        assertThat(first.getKeywords()).containsExactly("đất đai", "cầu đường");
        OutboxChecks.verifyWholeOutbox(fx.outbox, fx.site);
    }

    @Test
    void filesOfTwoFondsFindEachTheirOwnBoxWithTheSameNumber() {
        fx.fonds("PHONG.HND");
        fx.recorder.packBox(new PackBox("H-1", "PHONG.HND", null, RecorderFixture.m("0.10")));
        RecordFile a = file("HS-1", "Hồ sơ giao đất");
        RecordFile b = new RecordFile("PHONG.HND", "HS-1", "H-1", "Hồ sơ hội viên", null, null, 3, null,
                RetentionKind.FIXED_TERM, 10, AccessRegime.OPEN, null, null, List.of(), null, null);
        RecordFile orphan = new RecordFile("PHONG.HND", "HS-2", "H-2", "Hồ sơ", null, null, 3, null,
                RetentionKind.LEGACY_TEMPORARY, null, AccessRegime.OPEN, null, null, List.of(), null, null);

        FilesRecorded r = fx.recorder.recordFiles(List.of(a, b, orphan), false, null);

        assertThat(r.created()).isEqualTo(2);
        assertThat(r.refused()).singleElement().satisfies(refused -> {
            assertThat(refused.index()).isEqualTo(2);
            assertThat(refused.reason()).isEqualTo(Refusal.BOX_UNKNOWN);
            assertThat(refused.messageArgs()).containsExactly("boxCode", "PHONG.HND/H-2");
        });
        assertThat(fx.query("SELECT fonds_code, box_code FROM files ORDER BY fonds_code"))
                .extracting(row -> row.get("fonds_code") + "/" + row.get("box_code"))
                .containsExactly("PHONG.HND/H-1", FONDS + "/H-1");
    }

    @Test
    void theSameFilesAgainRecordNothing() {
        fx.recorder.recordFiles(sheet(), false, null);
        Map<String, List<String>> before = StoreDump.of(fx.store);

        FilesRecorded again = fx.recorder.recordFiles(sheet(), false, null);

        assertThat(again.unchanged()).isEqualTo(3);
        assertThat(again.created() + again.updated()).isZero();
        assertThat(again.recorded()).isNull();
        assertThat(StoreDump.of(fx.store)).isEqualTo(before);
    }

    @Test
    void aChangedFileBecomesAnUpdateAndOnlyItIsRecorded() {
        fx.recorder.recordFiles(sheet(), false, null);
        long last = fx.last().sequence();

        FilesRecorded r = fx.recorder.recordFiles(List.of(file("HS-1", "Hồ sơ giao đất"),
                file("HS-2", "Hồ sơ xây cầu Cái Nước"), secret("HS-3")), false, null);

        assertThat(r.updated()).isEqualTo(1);
        assertThat(r.unchanged()).isEqualTo(2);
        assertThat(r.recorded().firstSequence()).isEqualTo(last + 1);
        assertThat(r.recorded().lastSequence()).isEqualTo(last + 1);
        FileRecorded update = fx.lastPayload();
        assertThat(update.getFileCode()).isEqualTo("HS-2");
        assertThat(update.getTitle()).isEqualTo("Hồ sơ xây cầu Cái Nước");
        assertThat(fx.last().signed()).isTrue();
        assertThat(fx.one("SELECT title FROM files WHERE file_code = 'HS-2'").get("title")).isEqualTo("Hồ sơ xây cầu Cái Nước");
    }

    @Test
    void aRefusedFileIsReportedAndTheOthersAreRecorded() {
        fx.recorder.recordFiles(List.of(file("HS-9", "Hồ sơ cũ")), false, null);
        fx.recorder.withdrawFile(new WithdrawFile(FONDS, "HS-9", "Ghi nhầm"));
        RecordFile otherFonds = new RecordFile("PHONG.KHAC", "HS-5", null, "Hồ sơ", null, null, null, null,
                RetentionKind.PERMANENT, null, AccessRegime.OPEN, null, null, List.of(), null, null);
        RecordFile unknownBox = new RecordFile(FONDS, "HS-6", "H-404", "Hồ sơ", null, null, null, null,
                RetentionKind.FIXED_TERM, 10, AccessRegime.OPEN, null, null, List.of(), null, null);
        List<RecordFile> files = new ArrayList<>(sheet());
        files.add(1, otherFonds);
        files.add(unknownBox);
        files.add(file("HS-9", "Hồ sơ cũ"));

        FilesRecorded r = fx.recorder.recordFiles(files, false, null);

        assertThat(r.refused()).extracting(f -> f.index(), f -> f.reason(), f -> f.field())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Refusal.FONDS_UNKNOWN, "fondsCode"),
                        org.assertj.core.groups.Tuple.tuple(4, Refusal.BOX_UNKNOWN, "boxCode"));
        assertThat(r.created()).isEqualTo(3);
        assertThat(r.updated()).as("a withdrawn file comes back").isEqualTo(1);
        assertThat(r.recorded().count()).isEqualTo(4);
        assertThat(fx.one("SELECT status FROM files WHERE file_code = 'HS-9'").get("status")).isEqualTo("ACTIVE");
        assertThat(fx.count("files")).isEqualTo(4);
        OutboxChecks.verifyWholeOutbox(fx.outbox, fx.site);
    }

    @Test
    void aDryRunWritesNothingAndCountsWhatARealRunWould() {
        fx.recorder.recordFiles(List.of(file("HS-1", "Hồ sơ giao đất")), false, null);
        Map<String, List<String>> before = StoreDump.of(fx.store);
        List<RecordFile> files = List.of(file("HS-1", "Hồ sơ giao đất, sửa"), file("HS-2", "Hồ sơ xây cầu"),
                file("HS-2", "Hồ sơ xây cầu"), secret("HS-3"));
        List<Long> progress = new ArrayList<>();

        FilesRecorded dry = fx.recorder.recordFiles(files, true, progress::add);

        assertThat(StoreDump.of(fx.store)).isEqualTo(before);
        assertThat(dry.recorded()).isNull();
        assertThat(progress).containsExactly(4L);
        FilesRecorded real = fx.recorder.recordFiles(files, false, null);
        assertThat(List.of(dry.created(), dry.updated(), dry.unchanged(), (long) dry.refused().size()))
                .isEqualTo(List.of(real.created(), real.updated(), real.unchanged(), (long) real.refused().size()))
                .isEqualTo(List.of(2L, 1L, 1L, 0L));
    }

    @Test
    void aDryRunNeedsNoEnrollmentButARealRunDoes() {
        Recorder notEnrolled = new Recorder(fx.store, (org.archivesync.agent.identity.SiteIdentity) null,
                Clock.fixed(RecorderFixture.NOW, RecorderFixture.VIETNAM), "can.bo");

        assertThat(notEnrolled.recordFiles(sheet(), true, null).created()).isEqualTo(3);
        assertThatThrownBy(() -> notEnrolled.recordFiles(sheet(), false, null))
                .isInstanceOfSatisfying(RecordingRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Refusal.NOT_ENROLLED));
        assertThat(fx.count("files")).isZero();
    }
}
