package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.RecorderFixture.FONDS;
import static org.archivesync.agent.recording.RecorderFixture.TODAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.archivesync.agent.bundle.BundleException;
import org.archivesync.agent.bundle.Bundles;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.testing.RawBytes;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * A described file re-classified as a state secret: its earlier text leaves the office's own SQLite files once the hub
 * holds the events (Law 29/2018/QH14, Art. 5), and no USB bundle can carry it again. Real SQLite, real recorder; the
 * hub's cursor is set as the cursor watcher sets it.
 */
class SecretTextLeavesTheOfficeTest {

    private static final String TITLE = "Hồ sơ quy hoạch vùng biên giới Đất Mũi";
    private static final String KEYWORD = "tọa-độ-đồn-biên-phòng";
    private static final String NOTES = "Bản đồ kèm theo tỷ lệ 1:5000";
    private static final String BASIS = "Căn cứ bảng thời hạn bảo quản mục 12.4";

    private RecorderFixture f;

    @BeforeEach
    void describedFile(TestInfo info) {
        f = new RecorderFixture(info.getTestMethod().orElseThrow().getName());
        f.fonds(FONDS);
        f.recorder.recordFile(new RecordFile(FONDS, "HS-77", null, TITLE, LocalDate.of(2019, 3, 1),
                LocalDate.of(2020, 12, 31), 120, 240, RetentionKind.PERMANENT, null, AccessRegime.OPEN, null, "vi",
                List.of(KEYWORD), "Tốt", NOTES));
        f.recorder.appraiseFile(new AppraiseFile(FONDS, "HS-77", AppraisalDecision.TRANSFER_TO_HISTORICAL, BASIS,
                null, TODAY));
    }

    @Test
    void theEarlierTextLeavesTheSqliteFilesOnceTheHubHoldsIt() {
        hubHasEverything();

        f.recorder.recordFile(RecordFile.secretStub(FONDS, "HS-77", null, 120, RetentionKind.PERMANENT, null,
                SecretLevel.SECRET));

        assertThat(f.rows()).filteredOn(r -> r.sequence() == 2 || r.sequence() == 3)
                .allSatisfy(r -> assertThat(r.body()).isEmpty());
        assertThat(f.rows()).filteredOn(r -> r.sequence() == 1 || r.sequence() == 4)
                .allSatisfy(r -> assertThat(r.body()).isNotEmpty());
        assertNowhere(TITLE, KEYWORD, NOTES, BASIS);
    }

    @Test
    void eventsTheHubDoesNotHaveYetTravelAsRecordedAndLeaveAfterItsCursorPasses() {
        f.outbox.saveHubCursor(1, f.outbox.hashAt(1), false, 1L);

        f.recorder.recordFile(RecordFile.secretStub(FONDS, "HS-77", null, 120, RetentionKind.PERMANENT, null,
                SecretLevel.SECRET));

        assertThat(f.rows()).filteredOn(r -> r.sequence() == 2 || r.sequence() == 3)
                .as("their hash covers their bytes: the hub needs them as recorded")
                .allSatisfy(r -> assertThat(r.body()).isNotEmpty());

        hubHasEverything();
        f.recorder.recordFile(RecorderFixture.openFile("HS-78", null, RetentionKind.PERMANENT, null));

        assertThat(f.rows()).filteredOn(r -> r.sequence() == 2 || r.sequence() == 3)
                .allSatisfy(r -> assertThat(r.body()).isEmpty());
        assertNowhere(TITLE, KEYWORD, NOTES, BASIS);
    }

    @Test
    void noBundleCarriesTheRemovedEventsAgain() {
        hubHasEverything();
        f.recorder.recordFile(RecordFile.secretStub(FONDS, "HS-77", null, 120, RetentionKind.PERMANENT, null,
                SecretLevel.SECRET));
        Path bundle = f.db.resolveSibling("usb/after.asb");
        Clock clock = Clock.fixed(Instant.parse("2025-06-21T00:00:00Z"), RecorderFixture.VIETNAM);

        assertThatThrownBy(() -> Bundles.export(f.outbox, f.site.identity(), 1, bundle, clock))
                .isInstanceOf(BundleException.class)
                .satisfies(e -> assertThat(((BundleException) e).messageKey()).isEqualTo("bundle.redacted"));
        assertThat(bundle).doesNotExist();
        assertThat(bundle.resolveSibling("after.asb.partial")).doesNotExist();
        assertThat(Bundles.export(f.outbox, f.site.identity(), 4, bundle, clock).count()).isEqualTo(1);
    }

    private void hubHasEverything() {
        List<OutboxEntry> rows = f.rows();
        long last = rows.get(rows.size() - 1).sequence();
        f.outbox.saveHubCursor(last, f.outbox.hashAt(last), false, 1L);
    }

    private void assertNowhere(String... texts) {
        for (Path file : RawBytes.sqliteFiles(f.db)) {
            byte[] bytes = RawBytes.read(file);
            for (String text : texts) {
                assertThat(RawBytes.contains(bytes, text)).as("%s holds '%s'", file.getFileName(), text).isFalse();
            }
        }
    }
}
