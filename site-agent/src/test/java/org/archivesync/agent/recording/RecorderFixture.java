package org.archivesync.agent.recording;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SiteEvent;

/** A fresh SQLite file, an enrolled site and a fixed clock, with shortcuts to build state and read it back. */
final class RecorderFixture {

    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final Instant NOW = Instant.parse("2025-06-20T03:15:30.123456Z");
    static final LocalDate TODAY = LocalDate.of(2025, 6, 20);
    static final String FONDS = "PHONG.UBND.CAINUOC";

    final Path db;
    final AgentStore store;
    final TestSite site;
    final Recorder recorder;
    final Outbox outbox;

    RecorderFixture(String name) {
        this.db = TestPaths.database(name);
        this.store = AgentStore.open(db);
        this.site = TestSite.create("CM.CAINUOC.UBND");
        this.recorder = new Recorder(store, site.identity(), Clock.fixed(NOW, VIETNAM), "can.bo.luu.tru");
        this.outbox = new Outbox(store);
    }

    static BigDecimal m(String metres) {
        return new BigDecimal(metres);
    }

    Recorded fonds(String code) {
        return recorder.registerFonds(new RegisterFonds(code, "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước",
                "CM.96", LocalDate.of(1976, 1, 1), LocalDate.of(2025, 6, 30).minusDays(10), false));
    }

    Recorded box(String boxCode) {
        return recorder.packBox(new PackBox(boxCode, FONDS, null, m("0.10")));
    }

    Recorded sealedBox(String boxCode) {
        box(boxCode);
        return recorder.sealBox(new SealBox(boxCode, FONDS, "NP-" + boxCode));
    }

    static RecordFile openFile(String fileCode, String boxCode, RetentionKind retention, Integer years) {
        return new RecordFile(FONDS, fileCode, boxCode, "Hồ sơ xây dựng cầu Cái Nước", LocalDate.of(2019, 3, 1),
                LocalDate.of(2020, 12, 31), 120, 240, retention, years, AccessRegime.OPEN, null, "vi",
                List.of("cầu", "xây dựng"), "Tốt", "Bản gốc");
    }

    Recorded file(String fileCode, RetentionKind retention, Integer years) {
        return recorder.recordFile(openFile(fileCode, null, retention, years));
    }

    List<OutboxEntry> rows() {
        return OutboxChecks.all(outbox);
    }

    OutboxEntry last() {
        List<OutboxEntry> rows = rows();
        return rows.get(rows.size() - 1);
    }

    SiteEvent lastEvent() {
        return OutboxChecks.decode(last());
    }

    @SuppressWarnings("unchecked")
    <T> T lastPayload() {
        return (T) lastEvent().getPayload();
    }

    List<Map<String, Object>> query(String sql, Object... args) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    p.setObject(i + 1, args[i]);
                }
                List<Map<String, Object>> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            row.put(md.getColumnLabel(i), rs.getObject(i));
                        }
                        out.add(row);
                    }
                }
                return out;
            }
        });
    }

    Map<String, Object> one(String sql, Object... args) {
        List<Map<String, Object>> rows = query(sql, args);
        if (rows.size() != 1) {
            throw new AssertionError("expected one row, got " + rows.size() + " for " + sql);
        }
        return rows.get(0);
    }

    long count(String table) {
        return ((Number) one("SELECT count(*) AS n FROM " + table).get("n")).longValue();
    }
}
