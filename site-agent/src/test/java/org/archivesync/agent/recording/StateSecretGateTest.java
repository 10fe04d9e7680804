package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.RecorderFixture.FONDS;
import static org.archivesync.agent.recording.RecorderFixture.TODAY;
import static org.archivesync.agent.recording.RecorderFixture.m;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.RawBytes;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Law 29/2018/QH14, Art. 5: a networked office PC holds only the stub of a state-secret file. */
class StateSecretGateTest {

    static final String SECRET_TITLE = "Kế hoạch phòng thủ khu vực biên giới biển";
    static final String SECRET_KEYWORD = "bố trí lực lượng";
    static final String SECRET_NOTE = "Bản duy nhất lưu tại phòng cơ yếu";
    static final String SECRET_CONDITION = "Giấy ố vàng ở trang bìa";

    RecorderFixture f;

    @BeforeEach
    void fondsAndBox(org.junit.jupiter.api.TestInfo info) {
        f = new RecorderFixture(info.getTestMethod().orElseThrow().getName());
        f.fonds(FONDS);
        f.box("H-MAT");
    }

    static RecordFile stub(String fileCode) {
        return RecordFile.secretStub(FONDS, fileCode, "H-MAT", 42, RetentionKind.PERMANENT, null, SecretLevel.SECRET);
    }

    static RecordFile with(RecordFile s, String title, List<String> keywords, String notes, String condition,
                           LocalDate start, LocalDate end, Integer pages, String language) {
        return new RecordFile(s.fondsCode(), s.fileCode(), s.boxCode(), title, start, end, s.sheetCount(), pages,
                s.retention(), s.retentionYears(), AccessRegime.STATE_SECRET, s.secretLevel(), language, keywords,
                condition, notes);
    }

    static Stream<Arguments> descriptiveFields() {
        return Stream.of(
                Arguments.of("title", (UnaryOperator<RecordFile>) s -> with(s, SECRET_TITLE, List.of(), null, null, null, null, null, null)),
                Arguments.of("keywords", (UnaryOperator<RecordFile>) s -> with(s, null, List.of(SECRET_KEYWORD), null, null, null, null, null, null)),
                Arguments.of("notes", (UnaryOperator<RecordFile>) s -> with(s, null, List.of(), SECRET_NOTE, null, null, null, null, null)),
                Arguments.of("physicalCondition", (UnaryOperator<RecordFile>) s -> with(s, null, List.of(), null, SECRET_CONDITION, null, null, null, null)),
                Arguments.of("startDate", (UnaryOperator<RecordFile>) s -> with(s, null, List.of(), null, null, LocalDate.of(1979, 2, 17), null, null, null)),
                Arguments.of("endDate", (UnaryOperator<RecordFile>) s -> with(s, null, List.of(), null, null, null, LocalDate.of(1980, 1, 1), null, null)),
                Arguments.of("pageCount", (UnaryOperator<RecordFile>) s -> with(s, null, List.of(), null, null, null, null, 80, null)),
                Arguments.of("language", (UnaryOperator<RecordFile>) s -> with(s, null, List.of(), null, null, null, null, null, "vi")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("descriptiveFields")
    void refusesASecretFileGivenMoreThanItsStubAndSaysWhy(String field, UnaryOperator<RecordFile> describe) {
        long before = f.count("outbox");

        assertThatThrownBy(() -> f.recorder.recordFile(describe.apply(stub("HS-MAT-01"))))
                .isInstanceOfSatisfying(RecordingRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Refusal.SECRET_DESCRIPTIVE_FIELD);
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(AgentMessages.of(AgentMessages.VIETNAMESE).render(e))
                            .contains(field, "29/2018/QH14", "Điều 5", "bí mật nhà nước");
                    assertThat(AgentMessages.of(Locale.ENGLISH).render(e))
                            .contains(field, "29/2018/QH14", "Article 5", "state secret", "networked");
                });
        assertThat(f.count("outbox")).isEqualTo(before);
        assertThat(f.count("files")).isZero();
    }

    @Test
    void recordsOnlyTheStubOfASecretFile() {
        f.recorder.recordFile(stub("HS-MAT-01"));

        assertThat(f.one("SELECT * FROM files")).containsEntry("access_regime", "STATE_SECRET")
                .containsEntry("secret_level", "SECRET").containsEntry("sheet_count", 42).containsEntry("box_code", "H-MAT")
                .containsEntry("title", null).containsEntry("keywords", null).containsEntry("notes", null)
                .containsEntry("physical_condition", null).containsEntry("start_date", null);
        FileRecorded p = f.lastPayload();
        assertThat(p.getAccessRegime()).isEqualTo(AccessRegime.STATE_SECRET);
        assertThat(p.getSecretLevel()).isEqualTo(SecretLevel.SECRET);
        assertThat(p.getTitle()).isNull();
        assertThat(p.getKeywords()).isEmpty();
        assertThat(p.getNotes()).isNull();
        assertThat(p.getPhysicalCondition()).isNull();
        assertThat(p.getStartDate()).isNull();
        assertThat(p.getPageCount()).isNull();
        assertThat(p.getLanguage()).isNull();
        OutboxChecks.verifyWholeOutbox(f.outbox, f.site);
    }

    @Test
    void refusesASecretFileWithoutItsLevel() {
        RecordFile s = stub("HS-MAT-01");
        assertThatThrownBy(() -> f.recorder.recordFile(new RecordFile(FONDS, "HS-MAT-01", null, null, null, null, 1, null,
                s.retention(), null, AccessRegime.STATE_SECRET, null, null, null, null, null)))
                .isInstanceOfSatisfying(RecordingRefusedException.class, e -> assertThat(e.field()).isEqualTo("secretLevel"));
    }

    @Test
    void refusesScansOfASecretFile() {
        f.recorder.recordFile(stub("HS-MAT-01"));
        assertThatThrownBy(() -> f.recorder.digitizeFile(new DigitizeFile(FONDS, "HS-MAT-01", List.of(
                new DigitizeFile.ScanObject("scans/HS-MAT-01/1.pdf", "00".repeat(32), 10L, "application/pdf", 1, 300)))))
                .isInstanceOfSatisfying(RecordingRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Refusal.SECRET_DIGITAL_OBJECTS);
                    assertThat(e.field()).isEqualTo("objects");
                    assertThat(e.getMessage()).contains("29/2018/QH14");
                });
        assertThat(f.count("digital_objects")).isZero();
    }

    @Test
    void reclassifyingAFileAsSecretKeepsOnlyItsStubLocally() {
        f.file("HS-01", RetentionKind.PERMANENT, null);
        f.recorder.digitizeFile(new DigitizeFile(FONDS, "HS-01", List.of(
                new DigitizeFile.ScanObject("scans/HS-01/1.pdf", "11".repeat(32), 10L, "application/pdf", 1, 300))));

        f.recorder.recordFile(RecordFile.secretStub(FONDS, "HS-01", null, 120, RetentionKind.PERMANENT, null,
                SecretLevel.TOP_SECRET));

        assertThat(f.one("SELECT title, keywords, notes, secret_level FROM files")).containsEntry("title", null)
                .containsEntry("keywords", null).containsEntry("notes", null).containsEntry("secret_level", "TOP_SECRET");
        assertThat(f.count("digital_objects")).isZero();
    }

    @Test
    void noDescriptiveTextOfASecretFileReachesTheSqliteFilesThroughAnyRecorderPath() {
        // Stubs recorded alone and in a batch, and every refused attempt, alone and inside a batch.
        f.recorder.recordFile(stub("HS-MAT-01"));
        List<Command> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(stub("HS-MAT-B" + i));
        }
        f.recorder.recordAll(batch);
        for (Arguments a : descriptiveFields().toList()) {
            @SuppressWarnings("unchecked")
            UnaryOperator<RecordFile> describe = (UnaryOperator<RecordFile>) a.get()[1];
            assertThatThrownBy(() -> f.recorder.recordFile(describe.apply(stub("HS-MAT-01"))))
                    .isInstanceOf(RecordingRefusedException.class);
            List<Command> withSecret = new ArrayList<>(List.of(new PackBox("H-2", FONDS, null, m("0.1")), stub("HS-MAT-X")));
            withSecret.add(describe.apply(stub("HS-MAT-Y")));
            assertThatThrownBy(() -> f.recorder.recordAll(withSecret)).isInstanceOf(RecordingRefusedException.class);
        }
        f.recorder.sealBox(new SealBox("H-MAT", FONDS, "NP-MAT"));

        List<Path> files = RawBytes.sqliteFiles(f.db);
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("agent.sqlite", "agent.sqlite-wal");
        for (Path file : files) {
            byte[] bytes = RawBytes.read(file);
            for (String text : List.of(SECRET_TITLE, SECRET_KEYWORD, SECRET_NOTE, SECRET_CONDITION)) {
                assertThat(RawBytes.contains(bytes, text)).as("%s holds '%s'", file.getFileName(), text).isFalse();
            }
        }
        // The search must be able to find text that is there: the fonds name is.
        assertThat(files).anySatisfy(file -> assertThat(RawBytes.contains(RawBytes.read(file), "Phông UBND huyện Cái Nước")).isTrue());
        assertThat(f.count("files")).isEqualTo(21);
    }
}
