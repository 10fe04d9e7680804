package org.archivesync.hub.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.archivesync.hub.catalogue.SecretText;
import org.archivesync.hub.outbound.Outbox;
import org.archivesync.hub.security.Audit;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The event log's side of a state secret's text (docs/contracts.md, "State secrets after the fact"): rewrites the
 * stored body of every event about a file that became a state secret, and of every other event whose free text
 * concerns one, with its text fields blanked, in the caller's transaction. Each body is read and written again with
 * the writer schema it was stored with (its {@code schema_id} stays true), and only the payload's free-text fields
 * change: the envelope, {@code previousHash} included, and the stored {@code hash} stay as the office's chain made
 * them, so the chain still links; the row gets {@code redacted_at}, and its body is accepted on its stored hash from
 * then on. Also asks the outbound topics to supersede the files' earlier values, and writes one audit line per file.
 *
 * <p>Bounded: one statement reads the events of all the files (a scan of the event log by subject, only when a batch
 * re-classified a file), one reads the further events by key, one updates them all.
 */
final class SecretRedaction {

    private static final Logger log = LoggerFactory.getLogger(SecretRedaction.class);

    /** Who the audit log names for what the hub does by itself. */
    static final String HUB = "hub";

    private static final String OF_FILES = """
            SELECT site_code, sequence, subject, schema_id, body FROM events
            WHERE subject = ANY(:keys::text[]) AND type IN ('FileRecorded', 'FileAppraised', 'FileWithdrawn')
              AND body IS NOT NULL""";
    private static final String BY_KEY = """
            SELECT e.site_code, e.sequence, e.subject, e.schema_id, e.body
            FROM unnest(:sites::text[], :sequences::bigint[]) AS u(site_code, sequence)
            JOIN events e ON e.site_code = u.site_code AND e.sequence = u.sequence
            WHERE e.body IS NOT NULL""";
    private static final String REWRITE = """
            UPDATE events e SET body = u.body, redacted_at = :at
            FROM unnest(:sites::text[], :sequences::bigint[], :bodies::bytea[]) AS u(site_code, sequence, body)
            WHERE e.site_code = u.site_code AND e.sequence = u.sequence""";

    private final JdbcClient jdbc;
    private final SchemaRegistryClient registry;
    private final Outbox outbox;
    private final Audit audit;

    SecretRedaction(JdbcClient jdbc, SchemaRegistryClient registry, Outbox outbox, Audit audit) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.outbox = outbox;
        this.audit = audit;
    }

    private record Stored(String siteCode, long sequence, String subject, int schemaId, byte[] body) {
    }

    /**
     * Lets go of this text in the event log and on the outbound topics, in the caller's transaction.
     *
     * @param text what the catalogue let go of (never null)
     * @param now written as {@code redacted_at}
     * @return how many stored bodies were rewritten
     */
    int redact(SecretText text, Instant now) {
        if (text.isEmpty()) {
            return 0;
        }
        Map<String, Stored> rows = new LinkedHashMap<>();
        if (!text.reclassifiedFiles().isEmpty()) {
            jdbc.sql(OF_FILES).param("keys", text.reclassifiedFiles().toArray(String[]::new)).query(this::stored)
                    .list().forEach(r -> rows.put(r.siteCode() + "@" + r.sequence(), r));
        }
        if (!text.events().isEmpty()) {
            jdbc.sql(BY_KEY).param("sites", text.events().stream().map(SecretText.StoredEvent::siteCode).toArray(String[]::new))
                    .param("sequences", text.events().stream().mapToLong(SecretText.StoredEvent::sequence).toArray())
                    .query(this::stored).list().forEach(r -> rows.put(r.siteCode() + "@" + r.sequence(), r));
        }
        List<String> sites = new ArrayList<>();
        List<Long> sequences = new ArrayList<>();
        List<byte[]> bodies = new ArrayList<>();
        Map<String, Integer> perFile = new LinkedHashMap<>();
        text.reclassifiedFiles().forEach(k -> perFile.put(k, 0));
        for (Stored r : rows.values()) {
            byte[] blanked = blank(registry.schemaById(r.schemaId()), r.body());
            if (!Arrays.equals(blanked, r.body())) {
                sites.add(r.siteCode());
                sequences.add(r.sequence());
                bodies.add(blanked);
                String about = r.subject() != null && perFile.containsKey(r.subject()) ? r.subject()
                        : r.siteCode() + "/" + r.sequence();
                perFile.merge(about, 1, Integer::sum);
            }
        }
        if (!bodies.isEmpty()) {
            jdbc.sql(REWRITE).param("sites", sites.toArray(String[]::new))
                    .param("sequences", sequences.stream().mapToLong(Long::longValue).toArray())
                    .param("bodies", bodies.toArray(byte[][]::new)).param("at", now.atOffset(ZoneOffset.UTC)).update();
        }
        outbox.catalogueFilesRedacted(text.reclassifiedFiles(), now);
        // Names codes and counts only, never the text.
        perFile.forEach((about, n) -> audit.record(HUB, "REDACT-SECRET-TEXT", about, "OK events=" + n, null));
        log.warn("state-secret text redacted files={} events={}", text.reclassifiedFiles().size(), bodies.size());
        return bodies.size();
    }

    private Stored stored(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Stored(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getBytes(5));
    }

    /**
     * The body with its payload's free-text fields blanked, read and written with its writer schema: null where the
     * field may be null, an empty list for keywords, {@link SecretText#WITHHELD} for a withdrawal's reason and for
     * discrepancies that were given. A field the writer schema does not have is left alone.
     */
    static byte[] blank(Schema writer, byte[] body) {
        GenericRecord event;
        try {
            event = new GenericDatumReader<GenericRecord>(writer).read(null,
                    DecoderFactory.get().binaryDecoder(body, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(event.get("payload") instanceof GenericRecord payload)) {
            return body;
        }
        switch (payload.getSchema().getName()) {
            case "FileRecorded" -> {
                clear(payload, "title");
                clear(payload, "notes");
                clear(payload, "physicalCondition");
                if (payload.getSchema().getField("keywords") != null) {
                    payload.put("keywords", new GenericData.Array<>(0, payload.getSchema().getField("keywords").schema()));
                }
            }
            case "FileAppraised" -> clear(payload, "basis");
            case "FileWithdrawn" -> {
                if (payload.getSchema().getField("reason") != null) {
                    payload.put("reason", SecretText.WITHHELD);
                }
            }
            case "HandoverReceived" -> {
                Object given = payload.getSchema().getField("discrepancies") == null ? null : payload.get("discrepancies");
                if (given != null && !given.toString().isBlank()) {
                    payload.put("discrepancies", SecretText.WITHHELD);
                }
            }
            default -> {
                return body;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(writer).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Null where the writer schema allows it, else the withheld marker. */
    private static void clear(GenericRecord payload, String field) {
        Schema.Field f = payload.getSchema().getField(field);
        if (f == null || payload.get(field) == null) {
            return;
        }
        boolean nullable = f.schema().getType() == Schema.Type.NULL || f.schema().getType() == Schema.Type.UNION
                && f.schema().getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
        payload.put(field, nullable ? null : SecretText.WITHHELD);
    }
}
