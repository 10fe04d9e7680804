package org.archivesync.agent.recording;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;

/**
 * The rules of the aggregates on a real SQLite store, without the outbox: each {@link #apply} is one committed
 * transaction in which the rules check one command and write the state tables, as inside {@link Recorder}.
 */
final class RulesFixture {

    static final String SITE = "CM.CAINUOC.UBND";
    static final String FONDS = "PHONG.UBND.CAINUOC";
    static final LocalDate TODAY = LocalDate.of(2025, 6, 20);
    static final Instant NOW = Instant.parse("2025-06-20T03:15:30Z");

    final AgentStore store;
    private long sequence;

    RulesFixture(String name) {
        this.store = AgentStore.open(TestPaths.database(name));
    }

    /** Checks and applies one command; returns its event's payload. */
    @SuppressWarnings("unchecked")
    <T extends SpecificRecord> T apply(Command command) {
        long next = sequence + 1;
        T payload = store.inTransaction(c -> {
            try (StateTables state = new StateTables(c)) {
                return (T) new Rules(new RuleContext(state, SITE, TODAY.plusDays(1), NOW), false).apply(command, next);
            }
        });
        sequence = next;
        return payload;
    }

    /** Asserts the command is refused for {@code reason} on {@code field}, and that no row changed. */
    void refused(Command command, Refusal reason, String field) {
        List<String> before = everyRow();
        assertThatThrownBy(() -> apply(command)).isInstanceOfSatisfying(RecordingRefusedException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.reason()).isEqualTo(reason);
            org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo(field);
        });
        org.assertj.core.api.Assertions.assertThat(everyRow()).isEqualTo(before);
    }

    /** One column of one row, as text; null when there is no such row. */
    String value(String sql, Object... args) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
    }

    private List<String> everyRow() {
        List<String> rows = new ArrayList<>();
        for (String table : List.of("fonds", "storage_locations", "extents", "boxes", "files", "digital_objects",
                "appraisals", "handovers", "handover_items", "destructions")) {
            store.read(c -> {
                try (PreparedStatement p = c.prepareStatement("SELECT * FROM " + table + " ORDER BY 1, 2");
                     ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.append('|').append(rs.getString(i));
                        }
                        rows.add(row.toString());
                    }
                }
                return null;
            });
        }
        return rows;
    }

    static BigDecimal m(String metres) {
        return new BigDecimal(metres);
    }

    // Commands, with what the tests do not vary filled in.

    static RegisterFonds fonds(String code) {
        return new RegisterFonds(code, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước", null, null, null, false);
    }

    static PackBox box(String boxCode) {
        return new PackBox(boxCode, FONDS, null, m("0.10"));
    }

    static SealBox seal(String boxCode) {
        return new SealBox(boxCode, FONDS, "NP-" + boxCode);
    }

    static RecordFile file(String fileCode, String boxCode, RetentionKind retention, Integer years) {
        return new RecordFile(FONDS, fileCode, boxCode, "Hồ sơ xây dựng cầu", LocalDate.of(2019, 3, 1),
                LocalDate.of(2020, 12, 31), 120, 240, retention, years, AccessRegime.OPEN, null, "vi",
                List.of("cầu"), null, null);
    }

    static RecordFile secretFile(String fileCode) {
        return new RecordFile(FONDS, fileCode, null, null, null, null, 12, null, RetentionKind.PERMANENT, null,
                AccessRegime.STATE_SECRET, SecretLevel.CONFIDENTIAL, null, List.of(), null, null);
    }

    static AppraiseFile appraise(String fileCode, AppraisalDecision decision) {
        return new AppraiseFile(FONDS, fileCode, decision, "Hết thời hạn bảo quản", "QĐ-1", TODAY);
    }

    static RecordDestruction destruction(List<FileKey> files) {
        return new RecordDestruction(UUID.randomUUID(), "QĐ-HUY-1", "Nguyễn Văn A", "Trần Thị B", "BB-HUY-1", files,
                m("0.05"), TODAY);
    }
}
