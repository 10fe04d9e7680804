package org.archivesync.hub.alerts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.archivesync.hub.api.Page;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Raises alerts for operators: stored for the console and announced as {@link AlertRaised} in the caller's
 * transaction, on which the outbound package queues it for {@code archive.alerts} in that same transaction, so an
 * alert exists exactly when the change that caused it was committed.
 *
 * <p>Arguments are never null unless said; results are never null.
 */
public final class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private static final String INSERT = """
            INSERT INTO alerts (alert_id, kind, site_code, sequence, detail, raised_at)
            VALUES (:id, :kind, :site, :sequence, :detail, :at)""";

    private static final String RECENT = """
            SELECT alert_id, kind, site_code, sequence, detail, raised_at FROM alerts
            WHERE site_code = :site ORDER BY raised_at DESC, alert_id LIMIT :limit""";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;

    Alerts(JdbcClient jdbc, ApplicationEventPublisher publisher) {
        this.jdbc = jdbc;
        this.publisher = publisher;
    }

    /**
     * Stores an alert and publishes {@link AlertRaised} (on which it is queued for {@code archive.alerts}). Must run
     * inside a transaction.
     *
     * @param siteCode the site, or {@code hub}
     * @param sequence the sequence concerned; may be null
     * @param detail an English sentence without event content
     */
    public Alert raise(AlertKind kind, String siteCode, Long sequence, String detail, Instant at) {
        Alert alert = new Alert(UUID.randomUUID(), kind, siteCode, sequence, detail, at);
        jdbc.sql(INSERT).param("id", alert.alertId()).param("kind", kind.name()).param("site", siteCode)
                .param("sequence", sequence).param("detail", detail).param("at", at.atOffset(ZoneOffset.UTC)).update();
        publisher.publishEvent(new AlertRaised(alert));
        if (kind.quarantines()) {
            log.warn("alert raised kind={} siteCode={} sequence={}", kind, siteCode, sequence);
        } else {
            log.info("alert raised kind={} siteCode={} sequence={}", kind, siteCode, sequence);
        }
        return alert;
    }

    /** The latest alerts of a site (or {@code hub}), newest first. */
    public List<Alert> recent(String siteCode, int limit) {
        return jdbc.sql(RECENT).param("site", siteCode).param("limit", limit)
                .query(Alerts::alert)
                .list();
    }

    private static final String PAGE = """
            SELECT alert_id, kind, site_code, sequence, detail, raised_at FROM alerts
            WHERE (:kind::text IS NULL OR kind = :kind) AND (:site::text IS NULL OR site_code = :site)
            ORDER BY raised_at DESC, alert_id LIMIT :limit OFFSET :offset""";
    private static final String COUNT = """
            SELECT count(*) FROM alerts
            WHERE (:kind::text IS NULL OR kind = :kind) AND (:site::text IS NULL OR site_code = :site)""";

    /**
     * A page of every site's alerts, newest first.
     *
     * @param kind null for every kind
     * @param siteCode null for every site
     */
    public Page<Alert> page(AlertKind kind, String siteCode, int page, int size) {
        String k = kind == null ? null : kind.name();
        List<Alert> rows = jdbc.sql(PAGE).param("kind", k).param("site", siteCode).param("limit", size)
                .param("offset", (long) page * size)
                .query(Alerts::alert)
                .list();
        long total = jdbc.sql(COUNT).param("kind", k).param("site", siteCode).query(Long.class).single();
        return Page.of(rows, page, size, total);
    }

    private static Alert alert(ResultSet rs, int row) throws SQLException {
        return new Alert(rs.getObject("alert_id", UUID.class), AlertKind.valueOf(rs.getString("kind")),
                rs.getString("site_code"), (Long) rs.getObject("sequence"), rs.getString("detail"),
                rs.getTimestamp("raised_at").toInstant());
    }
}
