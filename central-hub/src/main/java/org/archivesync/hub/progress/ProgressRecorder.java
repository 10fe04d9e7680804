package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * <p>Packing (BOXED_METRES, SEALED_METRES) follows the rule of {@link Progress}: per fonds (phông) and storage location,
 * the larger of the packed (sealed) metres the office last reported there (ExtentReported) and its itemised boxes
 * (BoxRecorded) there; a whole-fonds report only while the fonds has no per-location report ({@link FondsPacking}).
 * Each box or extent event moves the measures by the change in its fonds' figures, on the event's day, so the running
 * totals equal the figures: a box listed where more was reported moves nothing, a box that moves, changes metres or is
 * sealed or recorded packed again moves the difference. An event the catalogue rejects on its own content (metres out
 * of range, packed beyond sorted, sealed beyond packed, a seal without a number) moves nothing; one refused because
 * another office holds the fonds is not seen here and moves the sender's activity. Boxes count whatever their custody
 * (handed over or not), as in Progress.
 */
final class ProgressRecorder extends CatchUpLoop {

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final int METRE_INTEGER_DIGITS = 10; // numeric(12, 2), as the catalogue checks

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
    // The recorder's memory of a fonds (FondsPacking): its latest report per location ('' = the fonds as a whole) and
    // the metres of its boxes per location ('' = no location).
    private static final String REPORTED = """
            SELECT coalesce(location_code, ''), metres, packed_metres, sealed_metres FROM progress_extents
            WHERE site_code = :site AND fonds_code = :fonds""";
    private static final String BOXED = """
            SELECT location_code, metres, sealed_metres FROM progress_box_locations
            WHERE site_code = :site AND fonds_code = :fonds""";
    private static final String BOX = """
            SELECT location_code, metres, sealed FROM progress_boxes
            WHERE site_code = :site AND fonds_code = :fonds AND box_code = :box""";
    // The latest description wins, as in the catalogue: a box may move, change metres, or be recorded packed again.
    private static final String UPSERT_BOX = """
            INSERT INTO progress_boxes (site_code, fonds_code, box_code, location_code, metres, sealed)
            VALUES (:site, :fonds, :box, :location, :metres, :sealed)
            ON CONFLICT (site_code, fonds_code, box_code) DO UPDATE SET location_code = excluded.location_code,
                metres = excluded.metres, sealed = excluded.sealed""";
    // Written once per range and fonds, not per box: thousands of updates of one row in one transaction each walk
    // the row's chain of versions (30,000 box events of one fonds took ~44 s that way, ~7.5 s this way).
    private static final String UPSERT_BOXED = """
            INSERT INTO progress_box_locations (site_code, fonds_code, location_code, metres, sealed_metres)
            VALUES (:site, :fonds, :location, :metres, :sealed)
            ON CONFLICT (site_code, fonds_code, location_code) DO UPDATE
            SET metres = excluded.metres, sealed_metres = excluded.sealed_metres""";
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
        // The fonds this range touches, as remembered so far: read once, kept in step with what is written.
        Map<String, FondsPacking> fonds = new HashMap<>();
        Set<String> boxed = new HashSet<>(); // the fonds whose boxes changed, to write their totals per location
        for (Stored s : events) {
            SiteEvent event = AvroCodec.decode(ByteBuffer.wrap(s.body()), registry.schemaById(s.schemaId()),
                    SiteEvent.getClassSchema());
            LocalDate day = event.getOccurredAt().atZone(VIETNAM).toLocalDate();
            measure(site, fonds, boxed, event.getPayload(),
                    (measure, amount) -> sums.merge(day + "|" + measure, amount, BigDecimal::add));
        }
        boxed.forEach(f -> fonds.get(f).boxes().forEach((location, b) -> jdbc.sql(UPSERT_BOXED).param("site", site)
                .param("fonds", f).param("location", location).param("metres", b.metres()).param("sealed", b.sealed())
                .update()));
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

    private void measure(String site, Map<String, FondsPacking> memory, Set<String> boxed, Object payload, Sink sink) {
        if (payload instanceof BoxRecorded b) {
            if (!applies(b)) {
                return; // rejected by the catalogue: metres out of range, sealed without a seal number, no fonds or number
            }
            String fonds = b.getFondsCode();
            FondsPacking before = memory.computeIfAbsent(fonds, f -> remembered(site, f));
            FondsPacking after = before;
            boolean sealed = b.getState() == BoxState.SEALED;
            FondsPacking.Boxed now = new FondsPacking.Boxed(b.getMetres(), sealed ? b.getMetres() : BigDecimal.ZERO);
            Optional<Box> was = jdbc.sql(BOX).param("site", site).param("fonds", fonds).param("box", b.getBoxCode())
                    .query((rs, n) -> new Box(rs.getString(1), rs.getBigDecimal(2), rs.getBoolean(3))).optional();
            if (was.isPresent()) {
                Box w = was.get();
                FondsPacking.Boxed out = new FondsPacking.Boxed(w.metres(), w.sealed() ? w.metres() : BigDecimal.ZERO)
                        .negate();
                after = after.boxed(w.location(), out);
            }
            after = after.boxed(b.getLocationCode(), now);
            boxed.add(fonds);
            jdbc.sql(UPSERT_BOX).param("site", site).param("fonds", fonds).param("box", b.getBoxCode())
                    .param("location", b.getLocationCode()).param("metres", b.getMetres()).param("sealed", sealed).update();
            memory.put(fonds, after);
            moved(before, after, sink);
        } else if (payload instanceof ExtentReported x) {
            if (!applies(x)) {
                return; // rejected by the catalogue: metres out of range, packed beyond sorted or sealed beyond packed
            }
            String fonds = x.getFondsCode();
            String location = location(x.getLocationCode());
            FondsPacking before = memory.computeIfAbsent(fonds, f -> remembered(site, f));
            FondsPacking.Reported report = new FondsPacking.Reported(x.getSortedMetres().add(x.getUnsortedMetres()),
                    orZero(x.getPackedMetres()), orZero(x.getSealedMetres()));
            FondsPacking after = before.reported(location, report);
            jdbc.sql(UPSERT_EXTENT).param("site", site).param("fonds", fonds).param("location", location)
                    .param("metres", report.inventoried()).param("packed", report.packed())
                    .param("sealed", report.sealed()).update();
            memory.put(fonds, after);
            moved(before, after, sink);
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

    /** What the recorder remembers of a box: where it is kept, its metres and whether it is sealed. */
    private record Box(String location, BigDecimal metres, boolean sealed) {
    }

    /** The measures move by the change in the fonds' figures, so the running totals equal Progress's. */
    private static void moved(FondsPacking before, FondsPacking after, Sink sink) {
        FondsPacking.Figures change = after.figures().minus(before.figures());
        sink.add("INVENTORIED_METRES", change.inventoried());
        sink.add("BOXED_METRES", change.packed());
        sink.add("SEALED_METRES", change.sealed());
    }

    private FondsPacking remembered(String site, String fonds) {
        Map<String, FondsPacking.Reported> reports = new HashMap<>();
        jdbc.sql(REPORTED).param("site", site).param("fonds", fonds).query(rs -> {
            reports.put(rs.getString(1), new FondsPacking.Reported(rs.getBigDecimal(2), rs.getBigDecimal(3),
                    rs.getBigDecimal(4)));
        });
        Map<String, FondsPacking.Boxed> boxes = new HashMap<>();
        jdbc.sql(BOXED).param("site", site).param("fonds", fonds).query(rs -> {
            boxes.put(rs.getString(1), new FondsPacking.Boxed(rs.getBigDecimal(2), rs.getBigDecimal(3)));
        });
        return FondsPacking.of(reports, boxes);
    }

    // What the catalogue rejects moves nothing. These mirror the checks of catalogue.CatalogueRules that depend on the
    // event alone; a refusal for ownership (another office holds the fonds or box) is not seen here.
    private static boolean applies(BoxRecorded b) {
        return metres(b.getMetres()) && !blank(b.getFondsCode()) && !blank(b.getBoxCode())
                && (b.getState() != BoxState.SEALED || !blank(b.getSealNumber()));
    }

    private static boolean applies(ExtentReported x) {
        BigDecimal packed = x.getPackedMetres();
        BigDecimal sealed = x.getSealedMetres();
        Integer packedBoxes = x.getPackedBoxes();
        Integer sealedBoxes = x.getSealedBoxes();
        return metres(x.getSortedMetres()) && metres(x.getUnsortedMetres()) && metres(x.getReadyToDigitizeMetres())
                && (packed == null || metres(packed)) && (sealed == null || metres(sealed))
                && (packedBoxes == null || packedBoxes >= 0) && (sealedBoxes == null || sealedBoxes >= 0)
                && (packed == null || packed.compareTo(x.getSortedMetres()) <= 0)
                && (sealed == null || (packed != null && sealed.compareTo(packed) <= 0))
                && (sealedBoxes == null || (packedBoxes != null && sealedBoxes <= packedBoxes));
    }

    private static boolean metres(BigDecimal m) {
        return m != null && m.signum() >= 0 && m.precision() - m.scale() <= METRE_INTEGER_DIGITS;
    }

    private static boolean blank(String s) {
        return s == null || s.replace("\u0000", "").isBlank();
    }

    private static BigDecimal orZero(BigDecimal m) {
        return m == null ? BigDecimal.ZERO : m;
    }

    /** An extent's location as the catalogue keys it (CatalogueRules.text): NFC, stripped, null when blank. */
    private static String location(String s) {
        if (s == null) {
            return null;
        }
        String stripped = Normalizer.normalize(s.replace("\u0000", ""), Normalizer.Form.NFC).strip();
        return stripped.isEmpty() ? null : stripped;
    }

    @Override
    protected long step() {
        return recordOnce();
    }
}
