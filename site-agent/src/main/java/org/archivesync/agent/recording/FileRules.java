package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.code;
import static org.archivesync.agent.recording.Fields.optionalCode;
import static org.archivesync.agent.recording.Fields.optionalText;
import static org.archivesync.agent.recording.Fields.refuse;
import static org.archivesync.agent.recording.Fields.required;
import static org.archivesync.agent.recording.RuleContext.name;
import static org.archivesync.agent.recording.RuleContext.refuseIfPresent;
import static org.archivesync.agent.recording.RuleContext.requireAtSite;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.archivesync.agent.outbox.OutboxRedaction;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.RetentionKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file aggregate (hồ sơ), its description: recorded, recorded again (also by an import, which skips a file
 * whose description is unchanged), and the state-secret gate that keeps a secret file a stub. Withdrawal, appraisal
 * and scans are in {@link FileCareRules}.
 */
final class FileRules {

    private static final Logger log = LoggerFactory.getLogger(FileRules.class);

    private final RuleContext ctx;
    // An import runs file commands only, which change neither fonds nor boxes: their lookups are asked once per
    // transaction, not once per row.
    private final boolean cached;
    private final Map<String, Boolean> fondsKnown = new HashMap<>();
    private final Map<BoxKey, Optional<StateTables.BoxRow>> boxes = new HashMap<>();

    /**
     * @param cached whether fonds and box lookups are kept for the transaction: only when nothing else in it changes
     *               fonds or boxes after these rules are made (an import's files)
     */
    FileRules(RuleContext ctx, boolean cached) {
        this.ctx = ctx;
        this.cached = cached;
    }

    FileRecorded record(RecordFile in, long sequence) throws SQLException {
        return write(check(in, false), sequence);
    }

    /** What an import does with one file: the event to append, or null when the file is unchanged. */
    record FileChange(boolean created, FileRecorded payload) {
    }

    FileChange recordIfChanged(RecordFile in, long sequence) throws SQLException {
        CheckedFile file = check(in, true);
        if (file.existing().isEmpty()) {
            return new FileChange(true, write(file, sequence));
        }
        if (file.existing().get().status() == FileStatus.ACTIVE && file.command().equals(file.current())) {
            return new FileChange(false, null);
        }
        return new FileChange(false, write(file, sequence));
    }

    /**
     * A file command normalised and checked against the state; {@code existing} is its current row and
     * {@code current} its description when asked for (null otherwise, and when there is none).
     */
    private record CheckedFile(RecordFile command, Optional<FileTables.FileRow> existing, RecordFile current) {
    }

    /** Every check of a file command; nothing is written, so a refusal leaves the transaction as it was. */
    private CheckedFile check(RecordFile in, boolean withDescription) throws SQLException {
        String fondsCode = code(in.fondsCode(), "fondsCode");
        String fileCode = code(in.fileCode(), "fileCode");
        AccessRegime regime = required(in.accessRegime(), "accessRegime");
        if (regime == AccessRegime.STATE_SECRET) {
            secretGate(in);
        } else if (in.secretLevel() != null) {
            throw refuse(Refusal.SECRET_LEVEL, "secretLevel");
        }
        RetentionKind retention = required(in.retention(), "retention");
        if (retention == RetentionKind.FIXED_TERM ? in.retentionYears() == null || in.retentionYears() < 1
                : in.retentionYears() != null) {
            throw refuse(Refusal.RETENTION_YEARS, "retentionYears");
        }
        LocalDate start = Fields.optionalPastDate(in.startDate(), "startDate", ctx.latestDate());
        LocalDate end = Fields.optionalPastDate(in.endDate(), "endDate", ctx.latestDate());
        RecordFile c = new RecordFile(fondsCode, fileCode, optionalCode(in.fileNumber(), "fileNumber"),
                optionalCode(in.reference(), "reference"), optionalCode(in.listNumber(), "listNumber"),
                optionalText(in.series(), "series", Fields.MAX_NAME),
                optionalCode(in.placeUnitCode(), "placeUnitCode"), optionalCode(in.boxCode(), "boxCode"),
                optionalText(in.title(), "title", Fields.MAX_TEXT), start,
                Fields.precision(start, in.startPrecision(), "startDate"), end,
                Fields.precision(end, in.endPrecision(), "endDate"),
                Fields.nonNegative(in.sheetCount(), "sheetCount"), Fields.nonNegative(in.pageCount(), "pageCount"),
                retention, in.retentionYears(), regime, in.secretLevel(), Fields.language(in.language(), "language"),
                Fields.keywords(in.keywords(), "keywords"),
                optionalText(in.physicalCondition(), "physicalCondition", Fields.MAX_TEXT),
                optionalText(in.notes(), "notes", Fields.MAX_TEXT));
        Fields.ordered(c.startDate(), c.startPrecision(), c.endDate(), c.endPrecision(), "endDate");
        requireFonds(fondsCode);
        if (c.boxCode() != null) {
            // A file's box is a box of its own fonds: the key says so, so no other fonds' box can be found here.
            BoxKey key = new BoxKey(fondsCode, c.boxCode());
            StateTables.BoxRow box = box(key).orElseThrow(() -> refuse(Refusal.BOX_UNKNOWN, "boxCode", name(key)));
            requireAtSite(box, "boxCode");
        }
        Optional<FileTables.FileRow> existing;
        RecordFile current = null;
        if (withDescription) {
            Optional<FileTables.DescribedFile> described = ctx.state().files().describedFile(fondsCode, fileCode);
            existing = described.map(FileTables.DescribedFile::row);
            current = described.map(FileTables.DescribedFile::description).orElse(null);
        } else {
            existing = ctx.state().files().file(fondsCode, fileCode);
        }
        if (existing.isPresent() && existing.get().status() != FileStatus.ACTIVE
                && existing.get().status() != FileStatus.WITHDRAWN) {
            throw refuse(Refusal.FILE_NOT_ACTIVE, "fileCode", fondsCode + "/" + fileCode,
                    existing.get().status().name());
        }
        return new CheckedFile(c, existing, current);
    }

    private FileRecorded write(CheckedFile file, long sequence) throws SQLException {
        RecordFile c = file.command();
        Optional<FileTables.FileRow> existing = file.existing();
        StateTables state = ctx.state();
        if (c.accessRegime() == AccessRegime.STATE_SECRET && existing.isPresent()
                && existing.get().accessRegime() != AccessRegime.STATE_SECRET) {
            // Reclassified: the state tables keep only the stub from now on; the earlier events leave the outbox
            // once the hub holds them (OutboxRedaction, at the end of this transaction and of later ones).
            state.files().deleteDigitalObjects(c.fondsCode(), c.fileCode());
            state.files().forgetSecretText(c.fondsCode(), c.fileCode());
            OutboxRedaction.schedule(state.connection(), c.fondsCode(), c.fileCode(), sequence - 1);
            log.warn("file reclassified as state secret; its earlier events are removed from the outbox once the "
                    + "hub holds them fondsCode={} fileCode={} sequence={}", c.fondsCode(), c.fileCode(), sequence);
        }
        state.files().upsertFile(c, sequence);
        return FileRecorded.newBuilder().setFondsCode(c.fondsCode()).setFileCode(c.fileCode())
                .setFileNumber(c.fileNumber()).setReference(c.reference()).setListNumber(c.listNumber())
                .setSeries(c.series()).setPlaceUnitCode(c.placeUnitCode())
                .setBoxCode(c.boxCode()).setTitle(c.title()).setStartDate(c.startDate())
                .setStartPrecision(c.startPrecision()).setEndDate(c.endDate()).setEndPrecision(c.endPrecision())
                .setSheetCount(c.sheetCount()).setPageCount(c.pageCount()).setRetention(c.retention())
                .setRetentionYears(c.retentionYears()).setAccessRegime(c.accessRegime())
                .setSecretLevel(c.secretLevel()).setLanguage(c.language()).setKeywords(new ArrayList<>(c.keywords()))
                .setPhysicalCondition(c.physicalCondition()).setNotes(c.notes()).build();
    }

    /**
     * Law 29/2018/QH14, Art. 5: a state secret may not be stored on a networked device, so a secret file is only
     * its stub here. Checked before anything else is read or written, so the text never reaches the store.
     */
    private static void secretGate(RecordFile in) {
        if (in.secretLevel() == null) {
            throw refuse(Refusal.SECRET_LEVEL, "secretLevel");
        }
        refuseIfPresent(in.title() != null && !in.title().isBlank(), "title");
        refuseIfPresent(in.keywords() != null && in.keywords().stream().anyMatch(k -> k != null && !k.isBlank()),
                "keywords");
        refuseIfPresent(in.notes() != null && !in.notes().isBlank(), "notes");
        refuseIfPresent(in.physicalCondition() != null && !in.physicalCondition().isBlank(), "physicalCondition");
        refuseIfPresent(in.startDate() != null, "startDate");
        refuseIfPresent(in.endDate() != null, "endDate");
        refuseIfPresent(in.pageCount() != null, "pageCount");
        refuseIfPresent(in.language() != null && !in.language().isBlank(), "language");
    }

    private void requireFonds(String fondsCode) throws SQLException {
        if (!cached) {
            ctx.requireFonds(fondsCode, "fondsCode");
            return;
        }
        Boolean known = fondsKnown.get(fondsCode);
        if (known == null) {
            known = ctx.state().fondsExists(fondsCode);
            fondsKnown.put(fondsCode, known);
        }
        if (!known) {
            throw refuse(Refusal.FONDS_UNKNOWN, "fondsCode", fondsCode);
        }
    }

    private Optional<StateTables.BoxRow> box(BoxKey key) throws SQLException {
        if (!cached) {
            return ctx.state().box(key);
        }
        Optional<StateTables.BoxRow> box = boxes.get(key);
        if (box == null) {
            box = ctx.state().box(key);
            boxes.put(key, box);
        }
        return box;
    }
}
