package org.archivesync.hub.asof;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroCodec;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the as-of copies read of ingest's event log and cursors, always in {@code public} and never locking them: a
 * copy is built from a snapshot of the log while ingest goes on (unlike the rebuild, which holds every cursor). Read
 * here rather than through ingest because ingest's replay cursor is made for the rebuild's locks; like the progress
 * recorder, this only reads the log. Bodies are decoded with the writer schema they were stored with.
 */
final class EventLog {

    // Withheld events too (body null): they move an office's sequence without being applied.
    private static final String OPEN = """
            DECLARE as_of_events NO SCROLL CURSOR FOR
            SELECT site_code, sequence, received_at, schema_id, body, hash, applied_order FROM public.events
            ORDER BY applied_order""";
    private static final String FETCH = "FETCH FORWARD %d FROM as_of_events";
    private static final String CLOSE = "CLOSE as_of_events";

    private static final String CURSORS = "SELECT site_code, last_sequence FROM public.site_cursors";
    // A range of the primary key: cheap whatever the size of the log.
    private static final String NEXT_OF_SITE = """
            SELECT sequence, schema_id, body FROM public.events
            WHERE site_code = :site AND sequence > :after ORDER BY sequence LIMIT :limit""";
    // Through the partial index of V26: only redacted rows are in it.
    private static final String NEWEST_REDACTION = """
            SELECT max(redacted_at) FROM public.events WHERE redacted_at IS NOT NULL""";

    private final JdbcClient jdbc;
    private final SchemaRegistryClient registry;

    EventLog(JdbcClient jdbc, SchemaRegistryClient registry) {
        this.jdbc = jdbc;
        this.registry = registry;
    }

    /**
     * A stored event in the order it was first applied.
     *
     * @param schemaId the writer schema of {@code body}; {@code body} is null for a withheld event
     */
    record Stored(String siteCode, long sequence, Instant receivedAt, int schemaId, byte[] body, byte[] hash,
                  long appliedOrder) {
    }

    /** Opens the log in apply order, in the caller's transaction (which must stay open while it is read). */
    void open() {
        jdbc.sql(OPEN).update();
    }

    /** The next {@code limit} events; empty at the end. */
    List<Stored> fetch(int limit) {
        return jdbc.sql(FETCH.formatted(limit))
                .query((rs, n) -> new Stored(rs.getString(1), rs.getLong(2), rs.getTimestamp(3).toInstant(),
                        rs.getInt(4), rs.getBytes(5), rs.getBytes(6), rs.getLong(7)))
                .list();
    }

    void close() {
        jdbc.sql(CLOSE).update();
    }

    /** Per office, the sequence of its last stored event. */
    Map<String, Long> cursors() {
        Map<String, Long> cursors = new HashMap<>();
        jdbc.sql(CURSORS).query(rs -> {
            cursors.put(rs.getString(1), rs.getLong(2));
        });
        return cursors;
    }

    /** The next at most {@code limit} events of {@code site} after sequence {@code after}, with when they occurred. */
    List<CopyState.Next> next(String site, long after, int limit) {
        return jdbc.sql(NEXT_OF_SITE).param("site", site).param("after", after).param("limit", limit)
                .query((rs, n) -> {
                    byte[] body = rs.getBytes(3);
                    return new CopyState.Next(rs.getLong(1), body == null ? null
                            : decode(rs.getInt(2), body).getOccurredAt());
                })
                .list();
    }

    /** When the log was last redacted, or null when never. */
    Instant newestRedaction() {
        return jdbc.sql(NEWEST_REDACTION).query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)))
                .single().map(Timestamp::toInstant).orElse(null);
    }

    /** The event stored in {@code body}, read with the schema it was written with. */
    SiteEvent decode(int schemaId, byte[] body) {
        return AvroCodec.decode(ByteBuffer.wrap(body), registry.schemaById(schemaId), SiteEvent.getClassSchema());
    }
}
