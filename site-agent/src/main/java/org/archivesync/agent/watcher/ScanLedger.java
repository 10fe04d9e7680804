package org.archivesync.agent.watcher;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.store.AgentStore;

/**
 * The {@code scans} table: what the watcher did with each scan file, so a restart and {@code status} know. A row is
 * PROCESSING from just before its scan is read until its outcome is written, DIGITIZED once its event is recorded, or
 * names the {@link ScanIssue.Kind} that stopped it; a scan that will be tried again has no row.
 */
final class ScanLedger {

    /** A row's state: {@code PROCESSING}, {@code DIGITIZED}, or an issue kind. */
    static final String PROCESSING = "PROCESSING";
    static final String DIGITIZED = "DIGITIZED";

    private static final String ALL = "SELECT path, size_bytes, modified_at, state FROM scans";
    private static final String ONE = "SELECT path, size_bytes, modified_at, state FROM scans WHERE path = ?";
    private static final String SAVE = """
            INSERT INTO scans (path, fonds_code, file_code, size_bytes, modified_at, state, detail, sha256, object_key,
                sequence, seen_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET fonds_code = excluded.fonds_code, file_code = excluded.file_code,
                size_bytes = excluded.size_bytes, modified_at = excluded.modified_at, state = excluded.state,
                detail = excluded.detail, sha256 = excluded.sha256, object_key = excluded.object_key,
                sequence = excluded.sequence, updated_at = excluded.updated_at""";
    private static final String DELETE = "DELETE FROM scans WHERE path = ?";
    private static final String ISSUES = """
            SELECT path, fonds_code, file_code, state, detail, updated_at FROM scans
            WHERE state NOT IN ('PROCESSING', 'DIGITIZED') ORDER BY path""";

    /** What the ledger knows of one path. */
    record Entry(String path, long size, long modifiedAt, String state) {

        boolean sameVersion(long otherSize, long otherModifiedAt) {
            return size == otherSize && modifiedAt == otherModifiedAt;
        }
    }

    /** One row to write. */
    record Row(String path, String fondsCode, String fileCode, long size, long modifiedAt, String state, String detail,
               byte[] sha256, String objectKey, Long sequence) {
    }

    private final AgentStore store;

    ScanLedger(AgentStore store) {
        this.store = store;
    }

    Map<String, Entry> all() {
        return store.read(c -> {
            Map<String, Entry> out = new HashMap<>();
            try (PreparedStatement p = c.prepareStatement(ALL); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Entry(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4)));
                }
            }
            return out;
        });
    }

    Optional<Entry> get(String path) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(ONE)) {
                p.setString(1, path);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new Entry(rs.getString(1), rs.getLong(2), rs.getLong(3),
                            rs.getString(4))) : Optional.empty();
                }
            }
        });
    }

    void save(Row row, Instant at) {
        store.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(SAVE)) {
                p.setString(1, row.path());
                p.setString(2, row.fondsCode());
                p.setString(3, row.fileCode());
                p.setLong(4, row.size());
                p.setLong(5, row.modifiedAt());
                p.setString(6, row.state());
                p.setString(7, row.detail());
                p.setBytes(8, row.sha256());
                p.setString(9, row.objectKey());
                if (row.sequence() == null) {
                    p.setNull(10, Types.INTEGER);
                } else {
                    p.setLong(10, row.sequence());
                }
                p.setLong(11, at.toEpochMilli());
                p.setLong(12, at.toEpochMilli());
                return p.executeUpdate();
            }
        });
    }

    /** The scan is being read and copied: were the agent to die now, the next start takes it up again. */
    void processing(Scan scan, FileKey file, Instant at) {
        save(new Row(scan.path(), file.fondsCode(), file.fileCode(), scan.size(), scan.modifiedAt(), PROCESSING, null,
                null, null, null), at);
    }

    /**
     * The scan's object is recorded.
     *
     * @param sha256   null when a run that died recorded it (the ledger then only learns its key)
     * @param sequence the event's sequence; null likewise
     */
    void digitized(Scan scan, FileKey file, byte[] sha256, String objectKey, Long sequence, Instant at) {
        save(new Row(scan.path(), file.fondsCode(), file.fileCode(), scan.size(), scan.modifiedAt(), DIGITIZED, null,
                sha256, objectKey, sequence), at);
    }

    /**
     * The scan is not digitized, for {@code status}.
     *
     * @param file   null when the path does not follow the layout
     * @param detail see {@link ScanIssue#detail()}; may be null
     */
    void issue(Scan scan, FileKey file, ScanIssue.Kind kind, String detail, Instant at) {
        save(new Row(scan.path(), file == null ? null : file.fondsCode(), file == null ? null : file.fileCode(),
                scan.size(), scan.modifiedAt(), kind.name(), detail, null, null, null), at);
    }

    void delete(String path) {
        store.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(DELETE)) {
                p.setString(1, path);
                return p.executeUpdate();
            }
        });
    }

    List<ScanIssue> issues() {
        return issues(store);
    }

    static List<ScanIssue> issues(AgentStore store) {
        return store.read(c -> {
            List<ScanIssue> out = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(ISSUES); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new ScanIssue(rs.getString(1), rs.getString(2), rs.getString(3),
                            ScanIssue.Kind.valueOf(rs.getString(4)), rs.getString(5),
                            Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
            return out;
        });
    }
}
