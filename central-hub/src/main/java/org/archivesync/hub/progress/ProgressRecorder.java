package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.BoxState;
import org.archivesync.avro.DestructionRecorded;
import org.archivesync.avro.DigitalObject;
import org.archivesync.avro.ExtentReported;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.HandoverRecorded;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.hub.database.CatchUpLoop;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Turns the event log into daily activity per site (progress_activity), after commit and away from the ingest
 * transaction, like the search indexer: per site, the events between its progress cursor and the site's last stored
 * event, one bounded range per transaction. The day is the event's occurredAt in Việt Nam, so an office that was
 * offline for a week still shows the days it worked. Only the event types that move a progress measure are read and
 * decoded; a withheld event (state-secret content) has no body and moves nothing.
 *
 * <p>Packing (BOXED_METRES, SEALED_METRES) follows the rule of {@link Progress}: a fonds' itemised boxes once it has
 * one, its reported totals (ExtentReported packed and sealed metres, per location) until then. A report moves the
 * measures by the change in the fonds' totals; the fonds' first box takes its reported packing back out, so the running
 * totals equal the figures. An extent the catalogue rejects (packed beyond sorted, sealed beyond packed) moves nothing.
 */
final class ProgressRecorder extends CatchUpLoop {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private static final String BEHIND = """
            SELECT c.site_code, coalesce(p.last_sequence, 0) AS done, c.last_sequence AS applied
            FROM site_cursors c LEFT JOIN progress_cursors p USING (site_code)
            WHERE c.last_sequence > coalesce(p.last_sequence, 0)""";
    private static final String EVENTS = """
            SELECT sequence, schema_id, body FROM events
            WHERE site_code = :site AND sequence > :from AND sequence <= :to AND body IS NOT NULL
              AND type IN ('BoxRecorded', 'ExtentReported', 'HandoverRecorded', 'DestructionRecorded', 'FileDigitized',
                           'FileAppraised')
            ORDER BY sequence""";
    private static final String BOX = """
            SELECT sealed FROM progress_boxes WHERE site_code = :site AND fonds_code = :fonds AND box_code = :box""";
    private static final String HAS_BOXES = """
            SELECT EXISTS (SELECT 1 FROM progress_boxes WHERE site_code = :site AND fonds_code = :fonds)""";
    private static final String UPSERT_BOX = """
            INSERT INTO progress_boxes (site_code, fonds_code, box_code, sealed) VALUES (:site, :fonds, :box, :sealed)
            ON CONFLICT (site_code, fonds_code, box_code) DO UPDATE SET sealed = progress_boxes.sealed OR excluded.sealed""";
    // A fonds' reported totals: its per-location rows when it has any, else its whole-fonds row (as Progress reads them).
    private static final String FONDS_EXTENT = """
            SELECT coalesce(sum(metres), 0), coalesce(sum(packed_metres), 0), coalesce(sum(sealed_metres), 0)
            FROM progress_extents e WHERE site_code = :site AND fonds_code = :fonds
              AND (location_code IS NOT NULL OR NOT EXISTS (SELECT 1 FROM progress_extents l
                   WHERE l.site_code = e.site_code AND l.fonds_code = e.fonds_code AND l.location_code IS NOT NULL))""";
    private static final String UPSERT_EXTENT = """
            INSERT INTO progress_extents (site_code, fonds_code, location_code, metres, packed_metres, sealed_metres)
            VALUES (:site, :fonds, :location, :metres, :packed, :sealed)
            ON CONFLICT (site_code, fonds_code, location_code) DO UPDATE SET metres = excluded.metres,
                packed_metres = excluded.packed_metres, sealed_metres = excluded.sealed_metres""";
    private static final String HANDOVER = "SELECT metres FROM progress_handovers WHERE handover_id = :id";
    private static final String UPSERT_HANDOVER = """
            INSERT INTO progress_handovers (handover_id, metres) VALUES (:id, :metres)
            ON CONFLICT (handover_id) DO UPDATE SET metres = excluded.metres""";
    private static final String APPLIED_DESTRUCTION = """
            SELECT count(*) FROM destructions WHERE destruction_id = :id AND status = 'APPLIED'""";
    private static final String ADD = """
            INSERT INTO progress_activity (site_code, day, measure, amount) VALUES (:site, :day, :measure, :amount)
            ON CONFLICT (site_code, day, measure) DO UPDATE SET amount = progress_activity.amount + excluded.amount""";
    private static final String ADVANCE = """
            INSERT INTO progress_cursors (site_code, last_sequence) VALUES (:site, :to)
            ON CONFLICT (site_code) DO UPDATE SET last_sequence = excluded.last_sequence
            WHERE progress_cursors.last_sequence = :from""";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final SchemaRegistryClient registry;
    private final ProgressProperties properties;

    ProgressRecorder(JdbcClient jdbc, TransactionOperations transactions, SchemaRegistryClient registry,
                     ProgressProperties properties) {
        super("progress-recorder", properties.recordInterval());
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.registry = registry;
        this.properties = properties;
    }

    private record Behind(String siteCode, long done, long applied) {
    }

    /** Records at most {@code record-batch-events} events per site; returns how many events' ranges were covered. */
    long recordOnce() {
        List<Behind> behind = jdbc.sql(BEHIND).query((rs, n) -> new Behind(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                .list();
        long covered = 0;
        for (Behind b : behind) {
            long to = Math.min(b.applied(), b.done() + properties.recordBatchEvents());
            transactions.executeWithoutResult(tx -> record(b.siteCode(), b.done(), to));
            covered += to - b.done();
        }
        return covered;
    }

    private record Stored(long sequence, int schemaId, byte[] body) {
    }

    private void record(String site, long from, long to) {
        List<Stored> events = jdbc.sql(EVENTS).param("site", site).param("from", from).param("to", to)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getInt(2), rs.getBytes(3))).list();
        Map<String, BigDecimal> sums = new HashMap<>();
        for (Stored s : events) {
            SiteEvent event = AvroCodec.decode(ByteBuffer.wrap(s.body()), registry.schemaById(s.schemaId()),
                    SiteEvent.getClassSchema());
            LocalDate day = event.getOccurredAt().atZone(VIETNAM).toLocalDate();
            measure(site, event.getPayload(), (measure, amount) -> sums.merge(day + "|" + measure, amount, BigDecimal::add));
        }
        sums.forEach((key, amount) -> {
            if (amount.signum() != 0) {
                int bar = key.indexOf('|');
                jdbc.sql(ADD).param("site", site).param("day", LocalDate.parse(key.substring(0, bar)))
                        .param("measure", key.substring(bar + 1)).param("amount", amount).update();
            }
        });
        int moved = jdbc.sql(ADVANCE).param("site", site).param("from", from).param("to", to).update();
        if (moved == 0) {
            // Another recorder moved the cursor first: roll back rather than count twice.
            throw new IllegalStateException("progress cursor of " + site + " moved under us");
        }
    }

    private interface Sink {
        void add(String measure, BigDecimal amount);
    }

    private void measure(String site, Object payload, Sink sink) {
        if (payload instanceof BoxRecorded b) {
            String fonds = b.getFondsCode();
            if (!hasBoxes(site, fonds)) {
                // The fonds' first itemised box: from now on its boxes measure its packing, not its reported totals.
                Extent reported = extent(site, fonds);
                sink.add("BOXED_METRES", reported.packed().negate());
                sink.add("SEALED_METRES", reported.sealed().negate());
            }
            Boolean sealed = jdbc.sql(BOX).param("site", site).param("fonds", fonds).param("box", b.getBoxCode())
                    .query(Boolean.class).optional().orElse(null);
            boolean nowSealed = b.getState() == BoxState.SEALED;
            if (sealed == null) {
                sink.add("BOXED_METRES", b.getMetres());
            }
            if (nowSealed && !Boolean.TRUE.equals(sealed)) {
                sink.add("SEALED_METRES", b.getMetres());
            }
            jdbc.sql(UPSERT_BOX).param("site", site).param("fonds", fonds).param("box", b.getBoxCode())
                    .param("sealed", nowSealed).update();
        } else if (payload instanceof ExtentReported x) {
            if (!holdsTogether(x)) {
                return; // rejected by the catalogue: packed beyond sorted or sealed beyond packed
            }
            String fonds = x.getFondsCode();
            Extent before = extent(site, fonds);
            jdbc.sql(UPSERT_EXTENT).param("site", site).param("fonds", fonds).param("location", blankToNull(x.getLocationCode()))
                    .param("metres", x.getSortedMetres().add(x.getUnsortedMetres()))
                    .param("packed", orZero(x.getPackedMetres())).param("sealed", orZero(x.getSealedMetres())).update();
            Extent after = extent(site, fonds);
            sink.add("INVENTORIED_METRES", after.metres().subtract(before.metres()));
            if (!hasBoxes(site, fonds)) {
                // Packed and sealed in bulk: the fonds has no itemised box, so its reported totals are its progress.
                sink.add("BOXED_METRES", after.packed().subtract(before.packed()));
                sink.add("SEALED_METRES", after.sealed().subtract(before.sealed()));
            }
        } else if (payload instanceof HandoverRecorded h) {
            BigDecimal before = jdbc.sql(HANDOVER).param("id", h.getHandoverId()).query(BigDecimal.class).optional()
                    .orElse(BigDecimal.ZERO);
            sink.add(h.getReceiverKind() == ReceiverKind.HISTORICAL_ARCHIVE ? "TRANSFERRED_METRES" : "HANDED_OVER_METRES",
                    h.getMetres().subtract(before));
            jdbc.sql(UPSERT_HANDOVER).param("id", h.getHandoverId()).param("metres", h.getMetres()).update();
        } else if (payload instanceof DestructionRecorded d) {
            if (jdbc.sql(APPLIED_DESTRUCTION).param("id", d.getDestructionId()).query(Long.class).single() > 0) {
                sink.add("DESTROYED_METRES", d.getMetres());
            }
        } else if (payload instanceof FileDigitized d) {
            long pages = d.getObjects().stream().map(DigitalObject::getPageCount).filter(p -> p != null)
                    .mapToLong(Integer::longValue).sum();
            sink.add("DIGITIZED_PAGES", BigDecimal.valueOf(pages));
        } else if (payload instanceof FileAppraised) {
            sink.add("APPRAISED_FILES", BigDecimal.ONE);
        }
    }

    private record Extent(BigDecimal metres, BigDecimal packed, BigDecimal sealed) {
    }

    private Extent extent(String site, String fonds) {
        return jdbc.sql(FONDS_EXTENT).param("site", site).param("fonds", fonds)
                .query((rs, n) -> new Extent(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3))).single();
    }

    private boolean hasBoxes(String site, String fonds) {
        return jdbc.sql(HAS_BOXES).param("site", site).param("fonds", fonds).query(Boolean.class).single();
    }

    private static boolean holdsTogether(ExtentReported x) {
        BigDecimal packed = x.getPackedMetres();
        BigDecimal sealed = x.getSealedMetres();
        return (packed == null || packed.compareTo(x.getSortedMetres()) <= 0)
                && (sealed == null || (packed != null && sealed.compareTo(packed) <= 0));
    }

    private static BigDecimal orZero(BigDecimal m) {
        return m == null ? BigDecimal.ZERO : m;
    }

    /** The location as the catalogue keys it: stripped, null when blank (the fonds as a whole). */
    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    protected long step() {
        return recordOnce();
    }
}
