package org.archivesync.hub.ingest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.stream.Collectors;
import org.archivesync.hub.alerts.AlertKind;
import org.archivesync.hub.alerts.Alerts;
import org.archivesync.schemas.integrity.SetAsideReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Records keyed as a site that are no evidence against it, kept out of its stream: stored by hash with where they
 * were seen ({@code set_aside_records}), and alerted as {@link AlertKind#UNVERIFIABLE_RECORDS}. Alerts of a kind are
 * raised at most once per interval for a site ({@code ingest_alert_limits}), so a flood of records cannot flood the
 * alerts: what arrives in between is counted and named in the next alert. Runs in the caller's transaction, which
 * holds the site's cursor. Arguments are never null.
 */
final class SetAsideRecords {

    private static final Logger log = LoggerFactory.getLogger(SetAsideRecords.class);

    // The same record seen again (a redelivery, a replay) is counted, not stored twice.
    private static final String RECORD = """
            INSERT INTO set_aside_records AS r (site_code, hash, sequence, reason, detail, origin, first_seen_at,
                last_seen_at)
            SELECT u.site, u.hash, u.sequence, u.reason, u.detail, u.origin, :at, :at
            FROM unnest(:site::text[], :hash::bytea[], :sequence::bigint[], :reason::text[], :detail::text[],
                        :origin::text[]) AS u(site, hash, sequence, reason, detail, origin)
            ON CONFLICT (site_code, hash, reason) DO UPDATE SET times_seen = r.times_seen + 1,
                last_seen_at = EXCLUDED.last_seen_at""";

    private static final String LIMIT = """
            SELECT alerted_at, unalerted FROM ingest_alert_limits WHERE site_code = :site AND kind = :kind""";

    private static final String ALERTED = """
            INSERT INTO ingest_alert_limits (site_code, kind, alerted_at, unalerted) VALUES (:site, :kind, :at, 0)
            ON CONFLICT (site_code, kind) DO UPDATE SET alerted_at = :at, unalerted = 0""";

    private static final String COUNTED = """
            UPDATE ingest_alert_limits SET unalerted = unalerted + :n WHERE site_code = :site AND kind = :kind""";

    /**
     * A record set aside.
     *
     * @param hash its chain hash, or SHA-256 of its bytes when they did not decode
     * @param sequence its envelope's sequence; null when it did not decode
     * @param detail an English sentence without event content
     * @param origin {@code topic-partition@offset}, or the bundle
     */
    record Row(String siteCode, byte[] hash, Long sequence, SetAsideReason reason, String detail, String origin) {
    }

    private final JdbcClient jdbc;
    private final Alerts alerts;
    private final Duration alertInterval;

    SetAsideRecords(JdbcClient jdbc, Alerts alerts, Duration alertInterval) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.alertInterval = alertInterval;
    }

    /** Stores one site's set-aside records and alerts about them (rate-limited). */
    void record(String siteCode, List<Row> rows, Instant at) {
        if (rows.isEmpty()) {
            return;
        }
        // One row per record and reason: a statement may not update the same row twice.
        Map<String, Row> distinct = new LinkedHashMap<>();
        for (Row r : rows) {
            distinct.putIfAbsent(HexFormat.of().formatHex(r.hash()) + r.reason(), r);
        }
        int n = distinct.size();
        String[] site = new String[n], reason = new String[n], detail = new String[n], origin = new String[n];
        byte[][] hash = new byte[n][];
        Long[] sequence = new Long[n];
        int i = 0;
        Map<SetAsideReason, Integer> byReason = new EnumMap<>(SetAsideReason.class);
        for (Row r : distinct.values()) {
            site[i] = r.siteCode();
            hash[i] = r.hash();
            sequence[i] = r.sequence();
            reason[i] = r.reason().name();
            detail[i] = r.detail();
            origin[i] = r.origin();
            byReason.merge(r.reason(), 1, Integer::sum);
            i++;
        }
        jdbc.sql(RECORD).param("site", site).param("hash", hash).param("sequence", sequence).param("reason", reason)
                .param("detail", detail).param("origin", origin).param("at", at.atOffset(ZoneOffset.UTC)).update();
        String reasons = byReason.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
        // One line per site and batch, not per record: a flood must not flood the log either.
        log.warn("records set aside siteCode={} records={} reasons=[{}] firstOrigin={}", siteCode, n, reasons, origin[0]);
        alertLimited(AlertKind.UNVERIFIABLE_RECORDS, siteCode, n, count -> count
                + " unverifiable records keyed as office " + siteCode + " were set aside (latest: " + reasons
                + "); they are no evidence signed with the office's key and do not stop it", at);
        Integer revoked = byReason.get(SetAsideReason.KEY_REVOKED);
        if (revoked != null) {
            alertLimited(AlertKind.REVOKED_KEY_USED, siteCode, revoked, count -> count + " events signed with a retired"
                    + " key of office " + siteCode + " arrived after its last valid sequence and were set aside; if the"
                    + " office did not send them, someone else holds that key", at);
        }
    }

    /**
     * Raises an alert of {@code kind} for a site unless one was raised less than the interval ago; then only counts.
     *
     * @param counted how many records this occasion is about (added to those counted since the last alert)
     * @param detail the alert's detail for the total count since the last alert
     */
    void alertLimited(AlertKind kind, String siteCode, long counted, LongFunction<String> detail,
                      Instant at) {
        Optional<long[]> last = jdbc.sql(LIMIT).param("site", siteCode).param("kind", kind.name())
                .query((rs, row) -> new long[] {rs.getTimestamp(1).toInstant().toEpochMilli(), rs.getLong(2)})
                .optional();
        if (last.isPresent() && Instant.ofEpochMilli(last.get()[0]).plus(alertInterval).isAfter(at)) {
            jdbc.sql(COUNTED).param("n", counted).param("site", siteCode).param("kind", kind.name()).update();
            return;
        }
        long total = counted + last.map(l -> l[1]).orElse(0L);
        jdbc.sql(ALERTED).param("site", siteCode).param("kind", kind.name()).param("at", at.atOffset(ZoneOffset.UTC))
                .update();
        alerts.raise(kind, siteCode, null, detail.apply(total), at);
    }
}
