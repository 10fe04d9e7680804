package org.archivesync.hub.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sites' links for the console: per enrolled site, how far the hub has applied its stream, when it last heard from
 * it, the backlog its agent reported, and whether it is quarantined or waiting on a gap. Read-only; every call is one
 * statement, consistent in itself. Arguments are never null; results are never null.
 */
@Component
public class SiteLinks {

    // Every site, enrolled or not yet heard from. The quarantine shown is the latest open row of a quarantined site
    // (an UNKNOWN_SITE row left open from before the site was enrolled does not count: the cursor says whether it is).
    private static final String LINKS = """
            SELECT s.site_code, s.name, coalesce(c.last_sequence, 0) AS last_sequence,
                   (SELECT e.received_at FROM events e
                    WHERE e.site_code = c.site_code AND e.sequence = c.last_sequence) AS last_applied_at,
                   l.last_received_at, l.reported_backlog, l.backlog_reported_at,
                   coalesce(c.quarantined, false) AS quarantined, q.kind, q.detail, q.raised_at,
                   CASE WHEN c.quarantined THEN NULL ELSE c.waiting_since END AS waiting_since,
                   coalesce(c.parked_count, 0) AS parked, l.clock_skew_ms
            FROM sites s
            LEFT JOIN site_cursors c ON c.site_code = s.site_code
            LEFT JOIN site_links l ON l.site_code = s.site_code
            LEFT JOIN LATERAL (
                SELECT kind, detail, raised_at FROM quarantine
                WHERE site_code = s.site_code AND released_at IS NULL AND c.quarantined
                ORDER BY raised_at DESC, id DESC LIMIT 1) q ON true
            WHERE :site::text IS NULL OR s.site_code = :site::text
            ORDER BY quarantined DESC, s.site_code""";

    private final JdbcClient jdbc;

    public SiteLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every enrolled site, the quarantined ones first, then by site code. */
    public List<SiteLink> all() {
        return jdbc.sql(LINKS).param("site", null).query(SiteLinks::link).list();
    }

    /** One site; empty when no site has that code. */
    public Optional<SiteLink> site(String siteCode) {
        return jdbc.sql(LINKS).param("site", siteCode).query(SiteLinks::link).optional();
    }

    private static SiteLink link(ResultSet rs, int n) throws SQLException {
        long backlog = rs.getLong("reported_backlog");
        Long reportedBacklog = rs.wasNull() ? null : backlog;
        return new SiteLink(rs.getString("site_code"), rs.getString("name"), rs.getLong("last_sequence"),
                instant(rs, "last_applied_at"), instant(rs, "last_received_at"), reportedBacklog,
                instant(rs, "backlog_reported_at"), rs.getBoolean("quarantined"), rs.getString("kind"),
                rs.getString("detail"), instant(rs, "raised_at"), instant(rs, "waiting_since"), rs.getLong("parked"),
                skew(rs));
    }

    private static Long skew(ResultSet rs) throws SQLException {
        long skew = rs.getLong("clock_skew_ms");
        return rs.wasNull() ? null : skew;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
