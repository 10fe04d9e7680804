package org.archivesync.hub.custody;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.archivesync.hub.api.NotFoundException;
import org.archivesync.hub.api.Page;
import org.archivesync.hub.api.Paging;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Custody of boxes and files: handovers with the differences between what the sender listed and what the receiver
 * recorded, overdue in-transit handovers, and the custody history of a box or a file. Reads the catalogue's
 * projections; writes nothing.
 *
 * <p>A handover is {@code IN_TRANSIT} while only the sender has recorded it, {@code RECEIPT_ONLY} while only the
 * receiver has, {@code RECEIVED} when both have and the lists match, {@code RECEIVED_WITH_DISCREPANCIES} otherwise
 * (items on one list only, or discrepancies written in the receiver's minutes). Arguments are never null unless said;
 * results are never null.
 */
public final class Custody {

    private static final String SUMMARY_COLUMNS = """
            h.handover_id, h.status, h.sender_site_code, h.receiver_kind, h.receiving_unit_code, h.receiving_site_code,
            h.receiver_site_code, h.minutes_number, h.metres, h.handed_over_on, h.received_metres, h.received_on,
            h.discrepancies,
            (SELECT count(*) FROM handover_items i WHERE i.handover_id = h.handover_id AND i.item_kind = 'BOX' AND i.sent) AS boxes,
            (SELECT count(*) FROM handover_items i WHERE i.handover_id = h.handover_id AND i.item_kind = 'FILE' AND i.sent) AS files
            """;

    private static final String FILTER = """
            WHERE (:status::text IS NULL OR h.status = :status)
              AND (:sender::text IS NULL OR h.sender_site_code = :sender)
              AND (:unit::text IS NULL OR h.receiving_unit_code = :unit)
              AND (:before::date IS NULL OR h.handed_over_on < :before)
            """;

    private static final String LIST = "SELECT " + SUMMARY_COLUMNS + " FROM handovers h " + FILTER
            + " ORDER BY h.handed_over_on NULLS LAST, h.handover_id LIMIT :limit OFFSET :offset";
    private static final String COUNT = "SELECT count(*) FROM handovers h " + FILTER;
    private static final String ONE = "SELECT " + SUMMARY_COLUMNS + " FROM handovers h WHERE h.handover_id = :id";

    private static final String ITEMS = """
            SELECT item_kind, CASE item_kind WHEN 'BOX' THEN fonds_code || '/' || item_key ELSE item_key END,
                sent, received
            FROM handover_items WHERE handover_id = :id
            ORDER BY item_kind, fonds_code, item_key""";

    private static final String BOX = """
            SELECT b.site_code, b.state, b.seal_number, b.metres, b.location_code, l.name AS location_name,
                b.custody_state, b.updated_at::date AS updated_on
            FROM boxes b LEFT JOIN storage_locations l ON l.site_code = b.site_code AND l.location_code = b.location_code
            WHERE b.fonds_code = :fonds AND b.box_code = :box""";

    // The handovers that moved a box: listed by its fonds and number on either side.
    private static final String BOX_HANDOVERS = """
            SELECT h.handover_id, h.status, h.minutes_number, h.handed_over_on, h.received_on, h.receiving_unit_code,
                h.receiver_site_code, h.receiver_kind, i.sent, i.received
            FROM handover_items i JOIN handovers h USING (handover_id)
            WHERE i.item_kind = 'BOX' AND i.fonds_code = :fonds AND i.item_key = :box""";

    private static final String FILE = """
            SELECT f.site_code, f.box_code, f.custody_state, f.withdrawn_reason, f.updated_at::date AS updated_on,
                e.received_at::date AS recorded_on
            FROM files f LEFT JOIN events e ON e.site_code = f.site_code AND e.sequence = f.recorded_sequence
            WHERE f.fonds_code = :fonds AND f.file_code = :file""";

    // Listed by itself, or inside its box (of its fonds).
    private static final String FILE_HANDOVERS = """
            SELECT h.handover_id, h.status, h.minutes_number, h.handed_over_on, h.received_on, h.receiving_unit_code,
                h.receiver_site_code, h.receiver_kind, i.sent, i.received
            FROM handover_items i JOIN handovers h USING (handover_id)
            WHERE (i.item_kind = 'FILE' AND i.item_key = :key)
               OR (i.item_kind = 'BOX' AND i.fonds_code = :fonds AND i.item_key = :box)""";

    private static final String APPRAISAL = """
            SELECT decision, council_decision_ref, appraised_on FROM appraisals WHERE fonds_code = :fonds AND file_code = :file""";
    private static final String SCANS = """
            SELECT count(*) AS objects, coalesce(sum(page_count), 0) AS pages, max(updated_at)::date AS on
            FROM digital_objects WHERE fonds_code = :fonds AND file_code = :file HAVING count(*) > 0""";
    private static final String TOMBSTONE = """
            SELECT t.destruction_id, t.decision_ref, t.minutes_number, t.destroyed_on
            FROM tombstones t WHERE t.fonds_code = :fonds AND t.file_code = :file""";

    // RECORDED first: its date is when the hub received the latest description (the projection keeps only that), while
    // the other steps carry the dates the offices wrote in their minutes.
    private static final Comparator<CustodyEvent> CHRONOLOGY = Comparator
            .comparing((CustodyEvent e) -> !"RECORDED".equals(e.kind()))
            .thenComparing(CustodyEvent::date, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration overdueAfter;

    /** @param overdueAfter an in-transit handover not received after this long is overdue */
    Custody(JdbcClient jdbc, Clock clock, Duration overdueAfter) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.overdueAfter = overdueAfter;
    }

    /**
     * A handover as both sides recorded it.
     *
     * @param status IN_TRANSIT, RECEIPT_ONLY, RECEIVED or RECEIVED_WITH_DISCREPANCIES
     * @param senderSiteCode null while only the receiver has recorded it
     * @param receiverKind SUCCESSOR_UNIT, HISTORICAL_ARCHIVE or OTHER_BODY; null while only the receiver has recorded it
     * @param receiverSiteCode the site that recorded the receipt; null while in transit
     * @param boxes boxes the sender listed
     * @param files files the sender listed by themselves
     */
    public record Handover(UUID handoverId, String status, String senderSiteCode, String receiverKind,
                           String receivingUnitCode, String receivingSiteCode, String receiverSiteCode,
                           String minutesNumber, BigDecimal metres, LocalDate handedOverOn, BigDecimal receivedMetres,
                           LocalDate receivedOn, String discrepancies, long boxes, long files) {
    }

    /**
     * What differs between the two sides.
     *
     * @param missingBoxes boxes ({@code fondsCode/boxCode}) listed by the sender, not received
     * @param extraBoxes received, not listed by the sender
     * @param missingFiles files ({@code fondsCode/fileCode}) listed by the sender, not received
     * @param extraFiles files received, not listed by the sender
     * @param metresDifference received minus sent metres; null until both sides have recorded
     * @param receiverNote the discrepancies the receiver wrote in the minutes, or null
     */
    public record Differences(List<String> missingBoxes, List<String> extraBoxes, List<String> missingFiles,
                              List<String> extraFiles, BigDecimal metresDifference, String receiverNote) {

        public boolean none() {
            return missingBoxes.isEmpty() && extraBoxes.isEmpty() && missingFiles.isEmpty() && extraFiles.isEmpty()
                    && (metresDifference == null || metresDifference.signum() == 0) && receiverNote == null;
        }

        /** The receiver wrote a note the hub does not keep: the handover lists a state-secret file. */
        public boolean receiverNoteWithheld() {
            return org.archivesync.hub.catalogue.SecretText.WITHHELD.equals(receiverNote);
        }
    }

    /** A handover, the items each side listed, and the differences. */
    public record HandoverDetail(Handover handover, List<String> sentBoxes, List<String> sentFiles,
                                 List<String> receivedBoxes, List<String> receivedFiles, Differences differences) {
    }

    /**
     * One step in the custody of a box or file.
     *
     * @param date when (null when not known)
     * @param kind RECORDED, APPRAISED, DIGITIZED, SENT, RECEIVED, NOT_RECEIVED, DESTROYED, WITHDRAWN
     * @param detail a short English summary (state, decision, receiving unit, ...) for API clients
     * @param reference the handover or destruction id, or null
     * @param minutesNumber the minutes (biên bản) number, or null
     * @param text the same detail as a bundle key ({@code history.detail.*}) and its arguments, each enum value itself a
     *             key ({@code box.SEALED}, {@code appraisal.KEEP_AT_SUCCESSOR}, {@code custody.RECEIVED}...), so the
     *             console says it in the reader's language; not part of the API's JSON
     */
    public record CustodyEvent(LocalDate date, String kind, String detail, UUID reference, String minutesNumber,
                               @JsonIgnore MessageSourceResolvable text) {
    }

    /**
     * The custody of a box (identified by its fonds and number): its current state and place, then its history oldest
     * first. siteCode is the office that recorded it.
     */
    public record BoxCustody(String siteCode, String boxCode, String fondsCode, String state, String sealNumber,
                             BigDecimal metres, String locationCode, String locationName, String custodyState,
                             List<CustodyEvent> history) {
    }

    /** The custody of a file: where it is now, then its history oldest first. */
    public record FileCustody(String fondsCode, String fileCode, String siteCode, String boxCode, String custodyState,
                              List<CustodyEvent> history) {
    }

    /**
     * Handovers, filtered; oldest first.
     *
     * @param status null for all
     * @param senderSiteCode null for all
     * @param receivingUnitCode null for all
     */
    public Page<Handover> handovers(String status, String senderSiteCode, String receivingUnitCode, int page, int size) {
        return list(status, senderSiteCode, receivingUnitCode, null, page, size);
    }

    /** Handovers in transit for longer than {@code archive-sync.hub.custody.overdue-after}, as of today in Việt Nam. */
    public Page<Handover> overdue(int page, int size) {
        return overdue(LocalDate.now(clock.withZone(VIETNAM)).minusDays(overdueAfter.toDays()), page, size);
    }

    /** Handovers still in transit that were handed over before {@code before}: the receiver has not recorded them. */
    public Page<Handover> overdue(LocalDate before, int page, int size) {
        return list("IN_TRANSIT", null, null, before, page, size);
    }

    private Page<Handover> list(String status, String sender, String unit, LocalDate before, int page, int size) {
        long total = jdbc.sql(COUNT).param("status", status).param("sender", sender).param("unit", unit)
                .param("before", before).query(Long.class).single();
        List<Handover> items = jdbc.sql(LIST).param("status", status).param("sender", sender).param("unit", unit)
                .param("before", before).param("limit", size).param("offset", Paging.offset(page, size))
                .query(Custody::handover).list();
        return Page.of(items, page, size, total);
    }

    /**
     * A handover with its lists and differences.
     *
     * @throws NotFoundException when no side of it has been recorded
     */
    public HandoverDetail handover(UUID id) {
        Handover h = jdbc.sql(ONE).param("id", id).query(Custody::handover).optional()
                .orElseThrow(() -> new NotFoundException("handover", id.toString()));
        List<String> sentBoxes = new ArrayList<>();
        List<String> sentFiles = new ArrayList<>();
        List<String> receivedBoxes = new ArrayList<>();
        List<String> receivedFiles = new ArrayList<>();
        List<String> missingBoxes = new ArrayList<>();
        List<String> extraBoxes = new ArrayList<>();
        List<String> missingFiles = new ArrayList<>();
        List<String> extraFiles = new ArrayList<>();
        boolean bothSides = h.senderSiteCode() != null && h.receiverSiteCode() != null;
        jdbc.sql(ITEMS).param("id", id).query(rs -> {
            boolean box = "BOX".equals(rs.getString(1));
            String key = rs.getString(2);
            boolean sent = rs.getBoolean(3);
            boolean received = rs.getBoolean(4);
            if (sent) {
                (box ? sentBoxes : sentFiles).add(key);
            }
            if (received) {
                (box ? receivedBoxes : receivedFiles).add(key);
            }
            if (bothSides && sent && !received) {
                (box ? missingBoxes : missingFiles).add(key);
            }
            if (bothSides && received && !sent) {
                (box ? extraBoxes : extraFiles).add(key);
            }
        });
        BigDecimal metres = bothSides && h.metres() != null && h.receivedMetres() != null
                ? h.receivedMetres().subtract(h.metres()) : null;
        return new HandoverDetail(h, sentBoxes, sentFiles, receivedBoxes, receivedFiles,
                new Differences(missingBoxes, extraBoxes, missingFiles, extraFiles, metres, h.discrepancies()));
    }

    /**
     * The custody of box {@code boxCode} of fonds {@code fondsCode}.
     *
     * @throws NotFoundException when the fonds has no such box
     */
    public BoxCustody box(String fondsCode, String boxCode) {
        return jdbc.sql(BOX).param("fonds", fondsCode).param("box", boxCode).query((rs, n) -> {
            List<CustodyEvent> history = new ArrayList<>();
            String state = rs.getString("state");
            String seal = rs.getString("seal_number");
            String location = rs.getString("location_code");
            history.add(new CustodyEvent(rs.getObject("updated_on", LocalDate.class), "RECORDED",
                    state + (seal == null ? "" : " seal " + seal) + (location == null ? "" : " at " + location),
                    null, null, text("history.detail.box", key("box." + state),
                            seal == null ? "" : text("history.detail.seal", seal),
                            location == null ? "" : text("history.detail.location", location))));
            return new BoxCustody(rs.getString("site_code"), boxCode, fondsCode, rs.getString("state"),
                    rs.getString("seal_number"), rs.getBigDecimal("metres"), rs.getString("location_code"),
                    rs.getString("location_name"), rs.getString("custody_state"), history);
        }).optional().map(b -> {
            jdbc.sql(BOX_HANDOVERS).param("fonds", fondsCode).param("box", boxCode)
                    .query(rs -> { handoverSteps(rs, b.history()); });
            b.history().sort(CHRONOLOGY);
            return b;
        }).orElseThrow(() -> new NotFoundException("box", fondsCode + "/" + boxCode));
    }

    /**
     * The custody of a file.
     *
     * @throws NotFoundException when the catalogue has no such file
     */
    public FileCustody file(String fondsCode, String fileCode) {
        record Row(String site, String box, String custody, String withdrawn, LocalDate updated, LocalDate recorded) {
        }
        Row f = jdbc.sql(FILE).param("fonds", fondsCode).param("file", fileCode)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), rs.getObject(6, LocalDate.class))).optional()
                .orElseThrow(() -> new NotFoundException("file", fondsCode + "/" + fileCode));
        List<CustodyEvent> history = new ArrayList<>();
        history.add(new CustodyEvent(f.recorded(), "RECORDED", f.box() == null ? "not boxed" : "in box " + f.box(),
                null, null, f.box() == null ? text("history.detail.not-boxed") : text("history.detail.in-box", f.box())));
        jdbc.sql(APPRAISAL).param("fonds", fondsCode).param("file", fileCode).query(rs -> {
            String decision = rs.getString(1);
            String council = rs.getString(2);
            history.add(new CustodyEvent(rs.getObject(3, LocalDate.class), "APPRAISED",
                    decision + (council == null ? "" : " by " + council), null, null,
                    council == null ? text("history.detail.appraised", key("appraisal." + decision))
                            : text("history.detail.appraised-council", key("appraisal." + decision), council)));
        });
        jdbc.sql(SCANS).param("fonds", fondsCode).param("file", fileCode).query(rs -> {
            history.add(new CustodyEvent(rs.getObject(3, LocalDate.class), "DIGITIZED", rs.getLong(1) + " objects, "
                    + rs.getLong(2) + " pages", null, null,
                    text("history.detail.digitized", rs.getLong(1), rs.getLong(2))));
        });
        jdbc.sql(FILE_HANDOVERS).param("key", fondsCode + "/" + fileCode).param("box", f.box()).param("fonds", fondsCode)
                .query(rs -> { handoverSteps(rs, history); });
        jdbc.sql(TOMBSTONE).param("fonds", fondsCode).param("file", fileCode).query(rs -> {
            history.add(new CustodyEvent(rs.getObject(4, LocalDate.class), "DESTROYED", "decision " + rs.getString(2),
                    rs.getObject(1, UUID.class), rs.getString(3), text("history.detail.destroyed", rs.getString(2))));
        });
        if ("WITHDRAWN".equals(f.custody())) {
            history.add(new CustodyEvent(f.updated(), "WITHDRAWN", f.withdrawn(), null, null,
                    text("history.detail.withdrawn", f.withdrawn())));
        }
        history.sort(CHRONOLOGY);
        return new FileCustody(fondsCode, fileCode, f.site(), f.box(), f.custody(), history);
    }

    private static void handoverSteps(ResultSet rs, List<CustodyEvent> history) throws SQLException {
        UUID id = rs.getObject("handover_id", UUID.class);
        String minutes = rs.getString("minutes_number");
        String unit = rs.getString("receiving_unit_code");
        String receiverKind = rs.getString("receiver_kind");
        String to = Optional.ofNullable(unit).orElse(receiverKind);
        if (rs.getBoolean("sent")) {
            MessageSourceResolvable kind = receiverKind == null ? text("history.detail.receiver-unknown")
                    : key("receiver." + receiverKind);
            history.add(new CustodyEvent(rs.getObject("handed_over_on", LocalDate.class), "SENT",
                    "to " + to + " (" + receiverKind + ")", id, minutes,
                    unit == null ? text("history.detail.sent", kind) : text("history.detail.sent-to-unit", kind, unit)));
        }
        LocalDate receivedOn = rs.getObject("received_on", LocalDate.class);
        String receiver = rs.getString("receiver_site_code");
        if (receiver != null) {
            String status = rs.getString("status");
            history.add(new CustodyEvent(receivedOn, rs.getBoolean("received") ? "RECEIVED" : "NOT_RECEIVED",
                    "by " + receiver + ", handover " + status, id, minutes,
                    text("history.detail.received-by", receiver, key("custody." + status))));
        }
    }

    /** A bundle key with its arguments; an argument that is itself a key is resolved in the same language. */
    private static MessageSourceResolvable text(String key, Object... arguments) {
        return new DefaultMessageSourceResolvable(new String[] {key}, arguments);
    }

    /** An enum value's name in the reader's language, e.g. {@code box.SEALED}. */
    private static MessageSourceResolvable key(String key) {
        return new DefaultMessageSourceResolvable(key);
    }

    private static Handover handover(ResultSet rs, int n) throws SQLException {
        return new Handover(rs.getObject("handover_id", UUID.class), rs.getString("status"),
                rs.getString("sender_site_code"), rs.getString("receiver_kind"), rs.getString("receiving_unit_code"),
                rs.getString("receiving_site_code"), rs.getString("receiver_site_code"), rs.getString("minutes_number"),
                rs.getBigDecimal("metres"), rs.getObject("handed_over_on", LocalDate.class),
                rs.getBigDecimal("received_metres"), rs.getObject("received_on", LocalDate.class),
                rs.getString("discrepancies"), rs.getLong("boxes"), rs.getLong("files"));
    }
}
