package org.archivesync.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One office of the chaos stack: its site agent ({@link AgentProcess}, the real agent jar), how its service is
 * started, and what it recorded, so the invariants can compare the hub's catalogue with it. Files are recorded through
 * the agent's REST API ({@code POST /api/batch}, one agent transaction per call), as a clerk's screen would.
 */
final class ChaosOffice {

    static final int BOXES = 10;
    static final String CLERK = "chaos.vanthu";

    private final AgentProcess agent;
    private volatile AgentProcess.ServiceSettings service;
    /** What it recorded: "fondsCode/fileCode" -> "title|boxCode|sheets". */
    private final Map<String, String> recordedFiles = new TreeMap<>();
    /** Sent in a batch whose answer never came (the agent died): recorded or not, the agent's store says. */
    private final Map<String, String> uncertainFiles = new TreeMap<>();
    private int nextFile = 1;

    ChaosOffice(AgentProcess agent, AgentProcess.ServiceSettings service) {
        this.agent = agent;
        this.service = service;
    }

    String site() {
        return agent.siteCode();
    }

    String fonds() {
        return site() + ".F01";
    }

    AgentProcess agent() {
        return agent;
    }

    AgentProcess.ServiceSettings service() {
        return service;
    }

    /** The settings the next {@link #serve()} uses (e.g. another bootstrap address through a link proxy). */
    void service(AgentProcess.ServiceSettings settings) {
        this.service = settings;
    }

    /** Starts the service when it is not running, and waits until its REST API answers. */
    void serve() {
        agent.serve(service, Duration.ofMinutes(3));
    }

    /** Registers the office's fonds and packs its boxes, in one transaction. */
    void setUp() {
        List<ObjectNode> commands = new ArrayList<>();
        commands.add(command("register-fonds", Http.object().put("fondsCode", fonds())
                .put("name", "Phông " + site()).put("creatingBody", "Ủy ban nhân dân " + site())
                .put("startDate", "1990-01-01").put("closed", false)));
        for (int i = 1; i <= BOXES; i++) {
            commands.add(command("pack-box", Http.object().put("boxCode", box(i)).put("fondsCode", fonds())
                    .put("metres", new BigDecimal("0.10"))));
        }
        agent.batch(commands, CLERK);
    }

    /**
     * Records {@code n} new files in one agent transaction.
     *
     * @return the agent's last sequence after it
     */
    long recordFiles(int n) {
        List<ObjectNode> commands = new ArrayList<>();
        Map<String, String> recorded = new LinkedHashMap<>();
        int first;
        synchronized (this) {
            first = nextFile;
            nextFile += n;
        }
        for (int i = first; i < first + n; i++) {
            String fileCode = String.format("HS.%06d", i);
            String title = "Hồ sơ giải quyết khiếu nại đất đai số " + i + " của " + site();
            String boxCode = box(1 + i % BOXES);
            int sheets = 10 + i % 200;
            commands.add(command("record-file", Http.object().put("fondsCode", fonds()).put("fileCode", fileCode)
                    .put("boxCode", boxCode).put("title", title).put("startDate", "2003-01-05")
                    .put("endDate", "2003-12-20").put("sheetCount", sheets).put("retention", "PERMANENT")
                    .put("accessRegime", "OPEN").put("language", "vi")));
            recorded.put(fonds() + "/" + fileCode, title + "|" + boxCode + "|" + sheets);
        }
        AgentProcess.Recorded r;
        try {
            r = agent.batch(commands, CLERK);
        } catch (RuntimeException e) {
            if (e instanceof AgentProcess.CommandRefusedException) {
                throw e;
            }
            // No answer (the agent died, the connection broke): the transaction may or may not have committed.
            synchronized (this) {
                uncertainFiles.putAll(recorded);
            }
            throw e;
        }
        synchronized (this) {
            recordedFiles.putAll(recorded);
        }
        return r.lastSequence();
    }

    /**
     * After the agent died during a batch: reads its store and takes each file of an unanswered batch as recorded when
     * the store has it (a clerk who never saw the answer looks it up). Fails when a file whose batch the agent
     * acknowledged is missing from its store.
     *
     * @return how many unanswered files the store turned out to hold
     */
    int reconcile() throws SQLException {
        Map<String, String> held = storeFiles();
        synchronized (this) {
            for (String key : recordedFiles.keySet()) {
                if (!held.containsKey(key)) {
                    throw new ChaosFailure(site() + ": file " + key + " was acknowledged by the agent and is not in "
                            + "its store");
                }
            }
            int adopted = 0;
            for (Map.Entry<String, String> e : uncertainFiles.entrySet()) {
                if (held.containsKey(e.getKey())) {
                    recordedFiles.put(e.getKey(), e.getValue());
                    adopted++;
                }
            }
            uncertainFiles.clear();
            return adopted;
        }
    }

    private static java.util.Properties readOnly() {
        java.util.Properties readOnly = new java.util.Properties();
        readOnly.setProperty("open_mode", "1");   // xerial's SQLiteConfig: SQLITE_OPEN_READONLY
        return readOnly;
    }

    /** Records {@code transactions} transactions of {@code perTransaction} files each; returns the last sequence. */
    long recordFiles(int transactions, int perTransaction) {
        long last = 0;
        for (int i = 0; i < transactions; i++) {
            last = recordFiles(perTransaction);
        }
        return last;
    }

    /**
     * Writes a mục lục of {@code rows} new files as a CSV (UTF-8, the usual header with a "Mã hồ sơ" column), for the
     * agent's {@code import} command. The files count as recorded only after an import, by {@link #adoptImported}.
     */
    java.nio.file.Path writeList(int rows) {
        int first;
        synchronized (this) {
            first = nextFile;
            nextFile += rows;
        }
        java.nio.file.Path csv = agent.dir().resolve("muc-luc-" + first + ".csv");
        StringBuilder text = new StringBuilder("\uFEFFMã hồ sơ,Hộp số,Hồ sơ số,Tiêu đề hồ sơ,Thời gian bắt đầu,"
                + "Thời gian kết thúc,Số tờ,Thời hạn bảo quản,Chế độ sử dụng\r\n");
        for (int i = first; i < first + rows; i++) {
            text.append(String.format("HS.%06d,%s,%d,Hồ sơ giải quyết khiếu nại đất đai số %d của %s,05/01/2003,"
                    + "20/12/2003,%d,Vĩnh viễn,Thường\r\n", i, box(1 + i % BOXES), i, i, site(), 10 + i % 200));
        }
        try {
            java.nio.file.Files.writeString(csv, text, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return csv;
    }

    /**
     * After an import: takes every file of the office's fonds that its store holds and the harness did not record as
     * recorded (the import's files, as the agent wrote them).
     *
     * @return how many it took
     */
    int adoptImported() throws SQLException {
        Map<String, String> held = storeFiles();
        synchronized (this) {
            int adopted = 0;
            for (Map.Entry<String, String> e : held.entrySet()) {
                if (recordedFiles.putIfAbsent(e.getKey(), e.getValue()) == null) {
                    adopted++;
                }
            }
            return adopted;
        }
    }

    /** The files of the office's fonds in its store: "fondsCode/fileCode" -> "title|boxCode|sheets". */
    Map<String, String> storeFiles() throws SQLException {
        Map<String, String> held = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + agent.store(), readOnly());
             PreparedStatement s = c.prepareStatement(
                     "SELECT fonds_code, file_code, title, box_code, sheet_count FROM files WHERE fonds_code = ?")) {
            s.setString(1, fonds());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    held.put(rs.getString(1) + "/" + rs.getString(2),
                            rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getInt(5));
                }
            }
        }
        return held;
    }

    /** The files recorded through this harness: "fondsCode/fileCode" -> "title|boxCode|sheets". */
    synchronized Map<String, String> recordedFiles() {
        return new TreeMap<>(recordedFiles);
    }

    /** The agent's outbox read from its SQLite store (read-only, also while the service runs): sequence -> hash. */
    Map<Long, String> outboxHashes() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + agent.store(), readOnly());
             PreparedStatement s = c.prepareStatement("SELECT sequence, hash FROM outbox ORDER BY sequence");
             ResultSet rs = s.executeQuery()) {
            Map<Long, String> hashes = new TreeMap<>();
            while (rs.next()) {
                hashes.put(rs.getLong(1), HexFormat.of().formatHex(rs.getBytes(2)));
            }
            return hashes;
        }
    }

    static String box(int i) {
        return String.format("H%03d", i);
    }

    static ObjectNode command(String type, ObjectNode command) {
        ObjectNode item = Http.object().put("type", type);
        item.set("command", command);
        return item;
    }
}
