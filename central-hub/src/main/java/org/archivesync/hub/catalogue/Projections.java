package org.archivesync.hub.catalogue;

import org.archivesync.hub.database.BinaryCopy;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.DigitalObject;
import org.archivesync.avro.ExtentReported;
import org.archivesync.avro.FileRef;
import org.archivesync.avro.FondsRegistered;
import org.archivesync.avro.StorageLocationRegistered;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of the projections. File descriptions, the bulk of every import, are written many rows per statement: new
 * files by one binary COPY straight into {@code files}, files already there by a binary COPY into a staging table and
 * one INSERT ... ON CONFLICT (see WriteStrategyBenchmark); the rarer events are one statement each.
 */
final class Projections {

    /** Joins keywords into one array element; a unit separator never occurs in catalogue text. */
    static final String KEYWORD_SEPARATOR = "\u001f";

    // File descriptions go to a session-local staging table by binary COPY, then into files in one upsert.
    private static final String STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS files_in (fonds_code text, file_code text, site_code text, box_code text,
                title text, start_date date, end_date date, sheet_count int, page_count int, retention text,
                retention_years int, access_regime text, secret_level text, language text, keywords text,
                physical_condition text, notes text, sequence bigint, file_number text, reference text,
                list_number text, series text, place_unit_code text, start_precision text,
                end_precision text) ON COMMIT DELETE ROWS""";
    private static final String CLEAR_STAGING = "DELETE FROM files_in";
    private static final String COPY_STAGING = "COPY files_in FROM STDIN (FORMAT binary)";

    // Files not in the catalogue yet (the bulk of an import) are copied straight into files: a plain COPY costs the
    // server about half of INSERT ... ON CONFLICT from a staging table (WriteStrategyBenchmark: 501 vs 833 ms per
    // 100,000 rows). Only files already there take the upsert.
    private static final String EXISTING_FILES = """
            SELECT u.f || '/' || u.c FROM unnest(:fonds::text[], :files::text[]) AS u(f, c)
            WHERE EXISTS (SELECT 1 FROM files WHERE fonds_code = u.f AND file_code = u.c)""";
    private static final String COPY_FILES = """
            COPY files (fonds_code, file_code, site_code, box_code, title, start_date, end_date, sheet_count,
                page_count, retention, retention_years, access_regime, secret_level, language, keywords,
                physical_condition, notes, recorded_sequence, last_sequence, updated_at, holder_site_code,
                file_number, reference, list_number, series, place_unit_code, start_precision, end_precision)
            FROM STDIN (FORMAT binary)""";
    private static final String UNIQUE_VIOLATION = "23505";

    private static final String UPSERT_FILES = """
            INSERT INTO files (fonds_code, file_code, site_code, box_code, title, start_date, end_date, sheet_count,
                page_count, retention, retention_years, access_regime, secret_level, language, keywords,
                physical_condition, notes, recorded_sequence, last_sequence, updated_at, holder_site_code,
                file_number, reference, list_number, series, place_unit_code, start_precision, end_precision)
            SELECT u.fonds_code, u.file_code, u.site_code, u.box_code, u.title, u.start_date, u.end_date,
                u.sheet_count, u.page_count, u.retention, u.retention_years, u.access_regime, u.secret_level, u.language,
                coalesce(string_to_array(u.keywords, chr(31)), '{}'), u.physical_condition, u.notes, u.sequence,
                u.sequence, :at, u.site_code, u.file_number, u.reference, u.list_number, u.series, u.place_unit_code,
                u.start_precision, u.end_precision
            FROM files_in u
            WHERE true
            ON CONFLICT (fonds_code, file_code) DO UPDATE SET
                site_code = excluded.site_code, box_code = excluded.box_code, title = excluded.title,
                start_date = excluded.start_date, end_date = excluded.end_date, sheet_count = excluded.sheet_count,
                page_count = excluded.page_count, retention = excluded.retention,
                retention_years = excluded.retention_years, access_regime = excluded.access_regime,
                secret_level = excluded.secret_level, language = excluded.language, keywords = excluded.keywords,
                physical_condition = excluded.physical_condition, notes = excluded.notes,
                recorded_sequence = excluded.recorded_sequence, last_sequence = excluded.last_sequence,
                updated_at = excluded.updated_at, file_number = excluded.file_number,
                reference = excluded.reference, list_number = excluded.list_number, series = excluded.series,
                place_unit_code = excluded.place_unit_code, start_precision = excluded.start_precision,
                end_precision = excluded.end_precision,
                -- Recording a withdrawn file again is the correction of a correction: it is back.
                custody_state = CASE WHEN files.custody_state = 'WITHDRAWN' THEN 'AT_SITE' ELSE files.custody_state END,
                withdrawn_reason = NULL
            -- A destroyed file stays as it was destroyed.
            WHERE files.custody_state <> 'DESTROYED'""";

    private static final String UPSERT_FONDS = """
            INSERT INTO fonds (fonds_code, site_code, name, creating_body, creating_unit_code, start_date, end_date,
                closed, last_sequence, updated_at)
            VALUES (:code, :site, :name, :body, :unit, :start, :end, :closed, :sequence, :at)
            ON CONFLICT (fonds_code) DO UPDATE SET site_code = excluded.site_code, name = excluded.name,
                creating_body = excluded.creating_body, creating_unit_code = excluded.creating_unit_code,
                start_date = excluded.start_date, end_date = excluded.end_date, closed = excluded.closed,
                last_sequence = excluded.last_sequence, updated_at = excluded.updated_at""";

    private static final String UPSERT_LOCATION = """
            INSERT INTO storage_locations (site_code, location_code, name, parent_location_code, address,
                area_square_metres, shelf_count, capacity_metres, last_sequence, updated_at)
            VALUES (:site, :code, :name, :parent, :address, :area, :shelves, :capacity, :sequence, :at)
            ON CONFLICT (site_code, location_code) DO UPDATE SET name = excluded.name,
                parent_location_code = excluded.parent_location_code, address = excluded.address,
                area_square_metres = excluded.area_square_metres, shelf_count = excluded.shelf_count,
                capacity_metres = excluded.capacity_metres, last_sequence = excluded.last_sequence,
                updated_at = excluded.updated_at""";

    // One row per (site, fonds, location); a NULL location (the fonds as a whole) is one key too (NULLS NOT DISTINCT).
    private static final String UPSERT_EXTENT = """
            INSERT INTO extents (site_code, fonds_code, location_code, sorted_metres, unsorted_metres, packed_metres,
                sealed_metres, packed_boxes, sealed_boxes, ready_to_digitize_metres, as_of, last_sequence, updated_at)
            VALUES (:site, :fonds, :location, :sorted, :unsorted, :packed, :sealed, :packedBoxes, :sealedBoxes, :ready,
                :asOf, :sequence, :at)
            ON CONFLICT (site_code, fonds_code, location_code) DO UPDATE SET sorted_metres = excluded.sorted_metres,
                unsorted_metres = excluded.unsorted_metres, packed_metres = excluded.packed_metres,
                sealed_metres = excluded.sealed_metres, packed_boxes = excluded.packed_boxes,
                sealed_boxes = excluded.sealed_boxes, ready_to_digitize_metres = excluded.ready_to_digitize_metres,
                as_of = excluded.as_of, last_sequence = excluded.last_sequence, updated_at = excluded.updated_at""";

    private static final String UPSERT_BOX = """
            INSERT INTO boxes (site_code, box_code, fonds_code, location_code, metres, state, seal_number,
                last_sequence, updated_at)
            VALUES (:site, :box, :fonds, :location, :metres, :state, :seal, :sequence, :at)
            ON CONFLICT (fonds_code, box_code) DO UPDATE SET site_code = excluded.site_code,
                location_code = excluded.location_code, metres = excluded.metres, state = excluded.state,
                seal_number = excluded.seal_number, last_sequence = excluded.last_sequence,
                updated_at = excluded.updated_at""";

    private static final String UPSERT_APPRAISAL = """
            INSERT INTO appraisals (fonds_code, file_code, site_code, decision, basis, council_decision_ref,
                appraised_on, last_sequence, updated_at)
            VALUES (:fonds, :file, :site, :decision, :basis, :council, :on, :sequence, :at)
            ON CONFLICT (fonds_code, file_code) DO UPDATE SET site_code = excluded.site_code,
                decision = excluded.decision, basis = excluded.basis,
                council_decision_ref = excluded.council_decision_ref, appraised_on = excluded.appraised_on,
                last_sequence = excluded.last_sequence, updated_at = excluded.updated_at""";

    private static final String FILE_STATE = """
            SELECT access_regime, custody_state, holder_site_code, handover_id FROM files WHERE fonds_code = :fonds AND file_code = :file""";

    private static final String UPSERT_OBJECT = """
            INSERT INTO digital_objects (fonds_code, file_code, object_key, site_code, sha256, size_bytes, media_type,
                page_count, resolution_dpi, last_sequence, updated_at)
            VALUES (:fonds, :file, :key, :site, :sha, :size, :media, :pages, :dpi, :sequence, :at)
            ON CONFLICT (fonds_code, file_code, object_key) DO UPDATE SET site_code = excluded.site_code,
                sha256 = excluded.sha256, size_bytes = excluded.size_bytes, media_type = excluded.media_type,
                page_count = excluded.page_count, resolution_dpi = excluded.resolution_dpi,
                last_sequence = excluded.last_sequence, updated_at = excluded.updated_at""";

    private static final String HANDOVER_SENT = """
            INSERT INTO handovers (handover_id, status, sender_site_code, receiver_kind, receiving_unit_code,
                receiving_site_code, minutes_number, metres, handed_over_on, sent_sequence, updated_at)
            VALUES (:id, 'IN_TRANSIT', :site, :kind, :unit, :receivingSite, :minutes, :metres, :on, :sequence, :at)
            ON CONFLICT (handover_id) DO UPDATE SET sender_site_code = excluded.sender_site_code,
                receiver_kind = excluded.receiver_kind, receiving_unit_code = excluded.receiving_unit_code,
                receiving_site_code = excluded.receiving_site_code, minutes_number = excluded.minutes_number,
                metres = excluded.metres, handed_over_on = excluded.handed_over_on,
                sent_sequence = excluded.sent_sequence, updated_at = excluded.updated_at""";

    private static final String HANDOVER_RECEIVED = """
            INSERT INTO handovers (handover_id, status, receiver_site_code, received_minutes_number, received_metres,
                received_on, discrepancies, received_sequence, updated_at)
            VALUES (:id, 'RECEIPT_ONLY', :site, :minutes, :metres, :on, :discrepancies, :sequence, :at)
            ON CONFLICT (handover_id) DO UPDATE SET receiver_site_code = excluded.receiver_site_code,
                received_minutes_number = excluded.received_minutes_number,
                received_metres = excluded.received_metres, received_on = excluded.received_on,
                discrepancies = excluded.discrepancies, received_sequence = excluded.received_sequence,
                updated_at = excluded.updated_at""";

    // One side recorded again replaces its list: clear that side's marks, mark what it lists now, drop empty items.
    private static final String CLEAR_SENT = "UPDATE handover_items SET sent = false WHERE handover_id = :id";
    private static final String CLEAR_RECEIVED = "UPDATE handover_items SET received = false WHERE handover_id = :id";
    private static final String MARK_SENT = """
            INSERT INTO handover_items (handover_id, item_kind, fonds_code, item_key, sent)
            SELECT :id, k, fo, i, true FROM unnest(:kinds::text[], :fonds::text[], :keys::text[]) AS u(k, fo, i)
            ON CONFLICT (handover_id, item_kind, fonds_code, item_key) DO UPDATE SET sent = true""";
    private static final String MARK_RECEIVED = """
            INSERT INTO handover_items (handover_id, item_kind, fonds_code, item_key, received)
            SELECT :id, k, fo, i, true FROM unnest(:kinds::text[], :fonds::text[], :keys::text[]) AS u(k, fo, i)
            ON CONFLICT (handover_id, item_kind, fonds_code, item_key) DO UPDATE SET received = true""";
    private static final String DROP_EMPTY_ITEMS = """
            DELETE FROM handover_items WHERE handover_id = :id AND NOT sent AND NOT received""";

    private static final String HANDOVER_STATUS = """
            UPDATE handovers h SET status = CASE
                    WHEN h.receiver_site_code IS NULL THEN 'IN_TRANSIT'
                    WHEN h.sender_site_code IS NULL THEN 'RECEIPT_ONLY'
                    WHEN nullif(btrim(h.discrepancies), '') IS NOT NULL
                      OR EXISTS (SELECT 1 FROM handover_items i
                                 WHERE i.handover_id = h.handover_id AND i.sent <> i.received)
                    THEN 'RECEIVED_WITH_DISCREPANCIES'
                    ELSE 'RECEIVED' END
            WHERE h.handover_id = :id
            RETURNING h.status, h.sender_site_code, h.receiving_unit_code, h.receiver_site_code""";

    // Custody follows the handover: listed files, and the files in listed boxes (a box is its fonds and number) that
    // the sender holds or that travel with this handover. The receiver holds what it confirmed (i.received); what it
    // did not confirm stays held by the sender, for the sender to resolve. Handovers are rare; the box join reads the
    // fonds' files by the primary key's fonds prefix rather than burden every file upsert with a box index.
    private static final String FILES_CUSTODY_BY_ITEM = """
            UPDATE files f SET custody_state = :state, handover_id = :id,
                holding_unit_code = CASE WHEN :received THEN coalesce(:unit, f.holding_unit_code)
                                         ELSE f.holding_unit_code END,
                holder_site_code = CASE WHEN :received AND i.received THEN coalesce(:receiver, f.holder_site_code)
                                        ELSE f.holder_site_code END,
                updated_at = :at
            FROM handover_items i
            WHERE i.handover_id = :id AND i.item_kind = 'FILE' AND (i.sent OR :received)
              AND f.fonds_code = split_part(i.item_key, '/', 1)
              AND f.file_code = substr(i.item_key, strpos(i.item_key, '/') + 1)
              AND f.custody_state NOT IN ('DESTROYED', 'WITHDRAWN')
            RETURNING f.fonds_code || '/' || f.file_code""";
    private static final String FILES_CUSTODY_BY_BOX = """
            UPDATE files f SET custody_state = :state, handover_id = :id,
                holding_unit_code = CASE WHEN :received THEN coalesce(:unit, f.holding_unit_code)
                                         ELSE f.holding_unit_code END,
                holder_site_code = CASE WHEN :received AND i.received THEN coalesce(:receiver, f.holder_site_code)
                                        ELSE f.holder_site_code END,
                updated_at = :at
            FROM handover_items i
            WHERE i.handover_id = :id AND i.item_kind = 'BOX' AND (i.sent OR :received)
              AND f.fonds_code = i.fonds_code AND f.box_code = i.item_key
              AND (f.holder_site_code = :sender OR f.handover_id = :id)
              AND f.custody_state NOT IN ('DESTROYED', 'WITHDRAWN')
            RETURNING f.fonds_code || '/' || f.file_code""";
    private static final String BOXES_CUSTODY = """
            UPDATE boxes b SET custody_state = :state, handover_id = :id, updated_at = :at
            FROM handover_items i
            WHERE i.handover_id = :id AND i.item_kind = 'BOX' AND (i.sent OR :received)
              AND b.fonds_code = i.fonds_code AND b.box_code = i.item_key""";

    private static final String DESTRUCTION_TARGETS = """
            SELECT u.fonds_code, u.file_code, f.retention, f.custody_state, a.decision, f.holder_site_code,
                f.handover_id
            FROM unnest(:fonds::text[], :file::text[]) AS u(fonds_code, file_code)
            LEFT JOIN files f ON f.fonds_code = u.fonds_code AND f.file_code = u.file_code
            LEFT JOIN appraisals a ON a.fonds_code = u.fonds_code AND a.file_code = u.file_code""";
    private static final String INSERT_DESTRUCTION = """
            INSERT INTO destructions (destruction_id, site_code, decision_ref, first_approver, second_approver,
                minutes_number, metres, destroyed_on, status, refusal, sequence, recorded_at)
            VALUES (:id, :site, :decision, :first, :second, :minutes, :metres, :on, :status, :refusal, :sequence, :at)
            ON CONFLICT (destruction_id) DO NOTHING""";
    private static final String INSERT_TOMBSTONES = """
            INSERT INTO tombstones (fonds_code, file_code, destruction_id, decision_ref, minutes_number, destroyed_on,
                site_code, sequence, recorded_at)
            SELECT f, c, :id, :decision, :minutes, :on, :site, :sequence, :at
            FROM unnest(:fonds::text[], :file::text[]) AS u(f, c)""";
    private static final String FILES_DESTROYED = """
            UPDATE files f SET custody_state = 'DESTROYED', updated_at = :at
            FROM unnest(:fonds::text[], :file::text[]) AS u(fonds_code, file_code)
            WHERE f.fonds_code = u.fonds_code AND f.file_code = u.file_code""";

    private static final String WITHDRAW = """
            UPDATE files SET custody_state = 'WITHDRAWN', withdrawn_reason = :reason, last_sequence = :sequence,
                updated_at = :at
            WHERE fonds_code = :fonds AND file_code = :file AND custody_state <> 'DESTROYED'""";

    /** Batches whose files are checked for existence before the COPY, after a COPY met a file that existed. */
    private static final int CHECK_FIRST_AFTER_A_CONFLICT = 20;

    private final JdbcClient jdbc;
    private final JdbcOperations connection;
    private final AtomicInteger checkFirst = new AtomicInteger();

    Projections(JdbcClient jdbc, JdbcOperations connection) {
        this.jdbc = jdbc;
        this.connection = connection;
    }

    /**
     * A file description as it will be stored: dates are the first day of the period their precision (DAY, MONTH,
     * YEAR) names; the three numbers, list, series and place as written (null when absent).
     */
    record FileRow(String fondsCode, String fileCode, String siteCode, String boxCode, String title, LocalDate startDate,
                   LocalDate endDate, Integer sheetCount, Integer pageCount, String retention, Integer retentionYears,
                   String accessRegime, String secretLevel, String language, List<String> keywords,
                   String physicalCondition, String notes, long sequence, String fileNumber, String reference,
                   String listNumber, String series, String placeUnitCode, String startPrecision,
                   String endPrecision) {

        String key() {
            return fondsCode + "/" + fileCode;
        }
    }

    /** The state of a file the rules look at before applying an event to it. */
    record FileState(String accessRegime, String custodyState, String holderSiteCode, String handoverId) {

        Holdings.FileHolding holding() {
            return new Holdings.FileHolding(holderSiteCode, custodyState, handoverId);
        }
    }

    /** A file named by a destruction, as the catalogue has it; fields are null for an unknown file. */
    record DestructionTarget(String fondsCode, String fileCode, String retention, String custodyState, String decision,
                             String holderSiteCode, String handoverId) {

        /** The file's holding, or null for an unknown file. */
        Holdings.FileHolding holding() {
            return retention == null ? null : new Holdings.FileHolding(holderSiteCode, custodyState, handoverId);
        }
    }

    /** What a handover's status became. */
    record HandoverStatus(String status, String senderSiteCode, String receivingUnitCode, String receiverSiteCode) {
    }

    /** File descriptions ready to be written, their COPY already encoded (no database work). */
    record PreparedFiles(List<FileRow> rows, Instant at, BinaryCopy copy) {
    }

    /** Encodes file descriptions for {@link #writeFiles}; {@code rows} has at most one row per file. */
    PreparedFiles prepareFiles(Collection<FileRow> rows, Instant at) {
        List<FileRow> list = List.copyOf(rows);
        return new PreparedFiles(list, at, encodeNewFiles(list, at));
    }

    /** Writes file descriptions: new files by one COPY into files, files already there by one upsert. */
    void writeFiles(PreparedFiles prepared) {
        List<FileRow> rows = prepared.rows();
        Instant at = prepared.at();
        if (rows.isEmpty()) {
            return;
        }
        // An import brings only new files: COPY them all at once without asking which exist. When that fails (some
        // existed), ask first for the next batches, which are likely to be corrections too.
        if (checkFirst.get() > 0) {
            checkFirst.decrementAndGet();
        } else if (copyNewFiles(prepared.copy())) {
            return;
        } else {
            checkFirst.set(CHECK_FIRST_AFTER_A_CONFLICT);
        }
        Set<String> existing = new HashSet<>(jdbc.sql(EXISTING_FILES)
                .param("fonds", rows.stream().map(FileRow::fondsCode).toArray(String[]::new))
                .param("files", rows.stream().map(FileRow::fileCode).toArray(String[]::new))
                .query(String.class).list());
        List<FileRow> fresh = new ArrayList<>(rows.size());
        List<FileRow> known = new ArrayList<>(existing.size());
        for (FileRow r : rows) {
            (existing.contains(r.key()) ? known : fresh).add(r);
        }
        if (!fresh.isEmpty() && !copyNewFiles(encodeNewFiles(fresh, at))) {
            known.addAll(fresh);
        }
        if (!known.isEmpty()) {
            upsertKnownFiles(known, at);
        }
    }

    private static BinaryCopy encodeNewFiles(List<FileRow> rows, Instant at) {
        BinaryCopy copy = new BinaryCopy(rows.size() * 300);
        for (FileRow r : rows) {
            copy.row(28).text(r.fondsCode()).text(r.fileCode()).text(r.siteCode()).text(r.boxCode()).text(r.title())
                    .date(r.startDate()).date(r.endDate()).int4(r.sheetCount()).int4(r.pageCount()).text(r.retention())
                    .int4(r.retentionYears()).text(r.accessRegime()).text(r.secretLevel()).text(r.language())
                    .textArray(r.keywords()).text(r.physicalCondition()).text(r.notes()).int8(r.sequence())
                    .int8(r.sequence()).timestamptz(at).text(r.siteCode()).text(r.fileNumber()).text(r.reference())
                    .text(r.listNumber()).text(r.series()).text(r.placeUnitCode()).text(r.startPrecision())
                    .text(r.endPrecision());
        }
        return copy;
    }

    /**
     * COPYs files believed new; false, with nothing written, when one of them exists (it was there already, or another
     * transaction inserted it since): the caller upserts them instead.
     */
    private boolean copyNewFiles(BinaryCopy copy) {
        Boolean copied = connection.execute((ConnectionCallback<Boolean>) c -> {
            Savepoint before = c.setSavepoint();
            try {
                copy.copyIn(c, COPY_FILES);
                c.releaseSavepoint(before);
                return true;
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(before);
                return false;
            }
        });
        return Boolean.TRUE.equals(copied);
    }

    private void upsertKnownFiles(List<FileRow> rows, Instant at) {
        BinaryCopy copy = new BinaryCopy(rows.size() * 300);
        for (FileRow r : rows) {
            copy.row(25).text(r.fondsCode()).text(r.fileCode()).text(r.siteCode()).text(r.boxCode()).text(r.title())
                    .date(r.startDate()).date(r.endDate()).int4(r.sheetCount()).int4(r.pageCount()).text(r.retention())
                    .int4(r.retentionYears()).text(r.accessRegime()).text(r.secretLevel()).text(r.language())
                    .text(String.join(KEYWORD_SEPARATOR, r.keywords())).text(r.physicalCondition()).text(r.notes())
                    .int8(r.sequence()).text(r.fileNumber()).text(r.reference()).text(r.listNumber()).text(r.series())
                    .text(r.placeUnitCode()).text(r.startPrecision()).text(r.endPrecision());
        }
        jdbc.sql(STAGING).update();
        jdbc.sql(CLEAR_STAGING).update();
        connection.execute((ConnectionCallback<Long>) c -> copy.copyIn(c, COPY_STAGING));
        jdbc.sql(UPSERT_FILES).param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    void upsertFonds(String site, long sequence, FondsRegistered f, Instant at) {
        jdbc.sql(UPSERT_FONDS).param("code", f.getFondsCode()).param("site", site)
                .param("name", CatalogueRules.text(f.getName())).param("body", CatalogueRules.text(f.getCreatingBody()))
                .param("unit", f.getCreatingUnitCode()).param("start", f.getStartDate()).param("end", f.getEndDate())
                .param("closed", f.getClosed()).param("sequence", sequence).param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    void upsertLocation(String site, long sequence, StorageLocationRegistered l, Instant at) {
        jdbc.sql(UPSERT_LOCATION).param("site", site).param("code", l.getLocationCode())
                .param("name", CatalogueRules.text(l.getName())).param("parent", l.getParentLocationCode())
                .param("address", CatalogueRules.text(l.getAddress())).param("area", l.getAreaSquareMetres())
                .param("shelves", l.getShelfCount()).param("capacity", l.getCapacityMetres())
                .param("sequence", sequence).param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    void upsertExtent(String site, long sequence, ExtentReported e, Instant at) {
        jdbc.sql(UPSERT_EXTENT).param("site", site).param("fonds", e.getFondsCode())
                .param("location", CatalogueRules.text(e.getLocationCode())).param("sorted", e.getSortedMetres())
                .param("unsorted", e.getUnsortedMetres()).param("packed", e.getPackedMetres(), java.sql.Types.NUMERIC)
                .param("sealed", e.getSealedMetres(), java.sql.Types.NUMERIC)
                .param("packedBoxes", e.getPackedBoxes(), java.sql.Types.INTEGER)
                .param("sealedBoxes", e.getSealedBoxes(), java.sql.Types.INTEGER).param("ready", e.getReadyToDigitizeMetres())
                .param("asOf", e.getAsOf()).param("sequence", sequence).param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    void upsertBox(String site, long sequence, BoxRecorded b, Instant at) {
        jdbc.sql(UPSERT_BOX).param("site", site).param("box", b.getBoxCode()).param("fonds", b.getFondsCode())
                .param("location", b.getLocationCode()).param("metres", b.getMetres()).param("state", b.getState().name())
                .param("seal", CatalogueRules.text(b.getSealNumber())).param("sequence", sequence).param("at", at.atOffset(ZoneOffset.UTC))
                .update();
    }

    void upsertAppraisal(String site, long sequence, FileRef file, String decision, String basis, String council,
                         LocalDate on, Instant at) {
        jdbc.sql(UPSERT_APPRAISAL).param("fonds", file.getFondsCode()).param("file", file.getFileCode())
                .param("site", site).param("decision", decision).param("basis", CatalogueRules.text(basis))
                .param("council", CatalogueRules.text(council)).param("on", on).param("sequence", sequence)
                .param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    Optional<FileState> fileState(FileRef file) {
        return jdbc.sql(FILE_STATE).param("fonds", file.getFondsCode()).param("file", file.getFileCode())
                .query((rs, n) -> new FileState(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .optional();
    }

    void upsertObject(String site, long sequence, FileRef file, DigitalObject o, Instant at) {
        jdbc.sql(UPSERT_OBJECT).param("fonds", file.getFondsCode()).param("file", file.getFileCode())
                .param("key", o.getObjectKey()).param("site", site).param("sha", o.getSha256().bytes())
                .param("size", o.getSizeBytes()).param("media", o.getMediaType()).param("pages", o.getPageCount())
                .param("dpi", o.getResolutionDpi()).param("sequence", sequence).param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    void handoverSent(String site, long sequence, UUID id, String receiverKind, String unit, String receivingSite,
                      String minutes, BigDecimal metres, LocalDate on, List<String[]> items, Instant at) {
        jdbc.sql(HANDOVER_SENT).param("id", id).param("site", site).param("kind", receiverKind).param("unit", unit)
                .param("receivingSite", receivingSite).param("minutes", CatalogueRules.text(minutes))
                .param("metres", metres).param("on", on).param("sequence", sequence).param("at", at.atOffset(ZoneOffset.UTC)).update();
        jdbc.sql(CLEAR_SENT).param("id", id).update();
        markItems(MARK_SENT, id, items);
        jdbc.sql(DROP_EMPTY_ITEMS).param("id", id).update();
    }

    void handoverReceived(String site, long sequence, UUID id, String minutes, BigDecimal metres, LocalDate on,
                          String discrepancies, List<String[]> items, Instant at) {
        jdbc.sql(HANDOVER_RECEIVED).param("id", id).param("site", site).param("minutes", CatalogueRules.text(minutes))
                .param("metres", metres).param("on", on).param("discrepancies", CatalogueRules.text(discrepancies))
                .param("sequence", sequence).param("at", at.atOffset(ZoneOffset.UTC)).update();
        jdbc.sql(CLEAR_RECEIVED).param("id", id).update();
        markItems(MARK_RECEIVED, id, items);
        jdbc.sql(DROP_EMPTY_ITEMS).param("id", id).update();
    }

    private void markItems(String sql, UUID id, List<String[]> items) {
        if (items.isEmpty()) {
            return;
        }
        jdbc.sql(sql).param("id", id).param("kinds", items.stream().map(i -> i[0]).toArray(String[]::new))
                .param("fonds", items.stream().map(i -> i[1]).toArray(String[]::new))
                .param("keys", items.stream().map(i -> i[2]).toArray(String[]::new)).update();
    }

    HandoverStatus handoverStatus(UUID id) {
        return jdbc.sql(HANDOVER_STATUS).param("id", id)
                .query((rs, n) -> new HandoverStatus(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4))).single();
    }

    /** Moves the custody of everything a handover lists to {@code state}; returns the keys of the files moved. */
    List<String> custody(UUID id, String sender, String state, boolean received, String unit, String receiver,
                         Instant at) {
        List<String> keys = new ArrayList<>(jdbc.sql(FILES_CUSTODY_BY_ITEM).param("state", state).param("id", id)
                .param("received", received).param("unit", unit).param("receiver", receiver)
                .param("at", at.atOffset(ZoneOffset.UTC)).query(String.class).list());
        if (sender != null) {
            keys.addAll(jdbc.sql(FILES_CUSTODY_BY_BOX).param("state", state).param("id", id).param("received", received)
                    .param("unit", unit).param("receiver", receiver).param("sender", sender).param("at", at.atOffset(ZoneOffset.UTC)).query(String.class).list());
            jdbc.sql(BOXES_CUSTODY).param("state", state).param("id", id).param("received", received)
                    .param("at", at.atOffset(ZoneOffset.UTC)).update();
        }
        return keys;
    }

    List<DestructionTarget> destructionTargets(List<FileRef> files) {
        return jdbc.sql(DESTRUCTION_TARGETS)
                .param("fonds", files.stream().map(FileRef::getFondsCode).toArray(String[]::new))
                .param("file", files.stream().map(FileRef::getFileCode).toArray(String[]::new))
                .query(Projections::target).list();
    }

    private static DestructionTarget target(ResultSet rs, int n) throws SQLException {
        return new DestructionTarget(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7));
    }

    /** Records a destruction; false when one with this id exists already. */
    boolean insertDestruction(String site, long sequence, UUID id, String decision, String first, String second,
                              String minutes, BigDecimal metres, LocalDate on, String refusal, Instant at) {
        return jdbc.sql(INSERT_DESTRUCTION).param("id", id).param("site", site).param("decision", decision)
                .param("first", first).param("second", second).param("minutes", minutes).param("metres", metres)
                .param("on", on).param("status", refusal == null ? "APPLIED" : "REFUSED").param("refusal", refusal)
                .param("sequence", sequence).param("at", at.atOffset(ZoneOffset.UTC)).update() == 1;
    }

    void destroy(String site, long sequence, UUID id, String decision, String minutes, LocalDate on, List<FileRef> files,
                 Instant at) {
        String[] fonds = files.stream().map(FileRef::getFondsCode).toArray(String[]::new);
        String[] file = files.stream().map(FileRef::getFileCode).toArray(String[]::new);
        jdbc.sql(INSERT_TOMBSTONES).param("id", id).param("decision", decision).param("minutes", minutes).param("on", on)
                .param("site", site).param("sequence", sequence).param("at", at.atOffset(ZoneOffset.UTC)).param("fonds", fonds)
                .param("file", file).update();
        jdbc.sql(FILES_DESTROYED).param("fonds", fonds).param("file", file).param("at", at.atOffset(ZoneOffset.UTC)).update();
    }

    /** Marks a file withdrawn; false when it is unknown or destroyed. */
    boolean withdraw(long sequence, FileRef file, String reason, Instant at) {
        return jdbc.sql(WITHDRAW).param("reason", reason).param("sequence", sequence).param("fonds", file.getFondsCode())
                .param("file", file.getFileCode()).param("at", at.atOffset(ZoneOffset.UTC)).update() == 1;
    }
}
