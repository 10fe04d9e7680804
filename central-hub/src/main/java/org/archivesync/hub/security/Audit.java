package org.archivesync.hub.security;

import java.time.Clock;
import java.time.ZoneOffset;
import org.archivesync.hub.api.Page;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The audit log (nhật ký thao tác): who changed what through the console or the API, who downloaded which export,
 * who logged in or failed to. Written by this package for every such request; read by the console's Audit page.
 */
public class Audit {

    /**
     * A request attribute a form sets to say what it changed (e.g. {@code place=DISTRICT:969 dueOn=20/06/2025}):
     * a form's body is not in its query string, so without it the audit line of a POST names only its path. Never a
     * secret.
     */
    public static final String DETAIL = Audit.class.getName() + ".detail";

    private static final String INSERT = """
            INSERT INTO audit_log (at, username, action, target, outcome, remote_address)
            VALUES (:at, :username, :action, :target, :outcome, :remote)""";
    private static final String PAGE = """
            SELECT id, at, username, action, target, outcome, remote_address FROM audit_log
            WHERE (:username::text IS NULL OR username = :username)
            ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset""";
    private static final String COUNT = """
            SELECT count(*) FROM audit_log WHERE (:username::text IS NULL OR username = :username)""";

    private final JdbcClient jdbc;
    private final Clock clock;

    public Audit(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Writes one line, in its own statement (an action refused or failed is audited too).
     *
     * @param target may be null
     * @param remoteAddress may be null
     */
    public void record(String username, String action, String target, String outcome, String remoteAddress) {
        jdbc.sql(INSERT).param("at", clock.instant().atOffset(ZoneOffset.UTC)).param("username", username)
                .param("action", truncate(action, 500)).param("target", truncate(target, 500))
                .param("outcome", outcome).param("remote", remoteAddress).update();
    }

    /**
     * A page of the log, newest first.
     *
     * @param username only this user's lines; null for everyone's
     */
    public Page<AuditEntry> entries(String username, int page, int size) {
        var rows = jdbc.sql(PAGE).param("username", username).param("limit", size).param("offset", (long) page * size)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getString("username"), rs.getString("action"), rs.getString("target"),
                        rs.getString("outcome"), rs.getString("remote_address")))
                .list();
        long total = jdbc.sql(COUNT).param("username", username).query(Long.class).single();
        return Page.of(rows, page, size, total);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
