package org.archivesync.agent.sheetimport;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.archivesync.agent.importer.ImportLimits;
import org.archivesync.agent.importer.ImportOptions;
import org.archivesync.agent.importer.ImportRefusedException;
import org.archivesync.agent.importer.ImportResult;
import org.archivesync.agent.importer.ImportedFile;
import org.archivesync.agent.importer.SheetImporter;
import org.archivesync.agent.recording.BoxKey;
import org.archivesync.agent.recording.FilesRecorded;
import org.archivesync.agent.recording.ImportRecorded;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RecordingRefusedException;
import org.archivesync.avro.AccessRegime;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

/**
 * Imports an office's file list (mục lục hồ sơ): reads the sheet with the {@link SheetImporter} (boxes checked against
 * the office's store, each box by its fonds) and records every valid row with {@link Recorder#recordImport} — the
 * CLI's {@code import} and {@code POST /api/imports}.
 *
 * <p>Guarantees: a real run records all valid rows in ONE transaction whose last event is signed, so one signature
 * covers the import; rows the recorder refuses are reported and the others recorded. A file already recorded with
 * the same description is not recorded again, a changed one becomes a new {@code FileRecorded}: importing the same
 * sheet twice records it once. State-secret rows are recorded as the stub only (no title, keywords, notes, physical
 * condition, dates, page count or language; Law 29/2018/QH14, Art. 5). A dry run records nothing and reports exactly
 * what a real run would do now. A refused file ({@link ImportRefusedException}) records nothing.
 *
 * <p>With {@link ImportOptions#createBoxes()} the boxes the valid rows name that the office has not registered are
 * packed in the row's fonds ({@code PackBox(box, fonds, no location, metres)}), in the same transaction and before
 * the files, so the event stream reads boxes then files; a dry run counts and lists them.
 *
 * <p>Constructible with plain {@code new}; each call is independent.
 */
public final class SheetImport {

    /** Told how far an import got: the reading (rows) and then the recording (files). Called on the caller's thread. */
    public interface Progress {

        /** @see org.archivesync.agent.importer.ImportProgress */
        void rowsRead(long rowsRead, long rowsValid);

        /** Files checked or recorded so far, out of {@code total} valid rows. */
        void filesRecorded(long done, long total);

        Progress NONE = new Progress() {
            @Override
            public void rowsRead(long rowsRead, long rowsValid) {
            }

            @Override
            public void filesRecorded(long done, long total) {
            }
        };
    }

    /** The settings bound from nothing: every default as {@code ImporterSettings} declares it. */
    private static final ImporterSettings DEFAULTS = new Binder().bindOrCreate("archive-sync.agent.importer",
            ImporterSettings.class);

    private final SheetImporter importer;
    private final Recorder recorder;
    private final BigDecimal boxMetres;

    /**
     * @param importer reads sheets (never null)
     * @param recorder records the files (never null); without an enrolled identity only dry runs work
     */
    public SheetImport(SheetImporter importer, Recorder recorder) {
        this(importer, recorder, DEFAULTS.boxMetres());
    }

    /**
     * @param boxMetres the metres of each box an import creates, unless the import says (never null, positive)
     */
    public SheetImport(SheetImporter importer, Recorder recorder, BigDecimal boxMetres) {
        this.importer = Objects.requireNonNull(importer, "importer");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
        this.boxMetres = Objects.requireNonNull(boxMetres, "boxMetres");
    }

    /**
     * The import limits as the service binds them ({@code archive-sync.agent.importer.*}), here from system properties
     * and environment variables ({@code ARCHIVE_SYNC_AGENT_IMPORTER_MAX_FILE_SIZE=32MB}, ...), for the CLI, which reads
     * no application.yml.
     */
    public static ImportLimits configuredLimits() {
        return configured().limits();
    }

    /** The import limits when nothing is configured: {@code ImporterSettings}' defaults, declared there only. */
    public static ImportLimits defaultLimits() {
        return DEFAULTS.limits();
    }

    /** The metres of a box an import creates, bound like {@link #configuredLimits()} (0.10 unless set). */
    public static BigDecimal configuredBoxMetres() {
        return configured().boxMetres();
    }

    private static ImporterSettings configured() {
        return Binder.get(new StandardEnvironment()).bindOrCreate("archive-sync.agent.importer", ImporterSettings.class);
    }

    /** The same import acting for another clerk (the events' {@code recordedBy}). */
    public SheetImport withClerk(String clerk) {
        return new SheetImport(importer, recorder.withClerk(clerk), boxMetres);
    }

    /**
     * Imports one file.
     *
     * @param file     the .xlsx or .csv (never null)
     * @param options  sheet, fonds, mapping file, list number, boxes to create; null for the defaults
     * @param dryRun   check and report only
     * @param progress null for none
     * @throws ImportRefusedException    when the whole file is refused; nothing recorded
     * @throws RecordingRefusedException when a real run is asked of an agent not enrolled yet; nothing recorded
     */
    public ImportOutcome run(Path file, ImportOptions options, boolean dryRun, Progress progress) {
        Progress told = progress != null ? progress : Progress.NONE;
        ImportOptions chosen = options != null ? options : ImportOptions.defaults();
        Set<BoxKey> boxes = recorder.boxKeys();
        ImportResult result = importer.read(file, chosen, (fonds, box) -> boxes.contains(new BoxKey(fonds, box)),
                told::rowsRead);
        List<ImportedFile> files = result.files();
        Map<BoxKey, Long> newBoxes = chosen.createBoxes() ? newBoxes(files, boxes) : Map.of();
        BigDecimal metres = chosen.boxMetres() != null ? chosen.boxMetres() : boxMetres;
        List<PackBox> packs = newBoxes.keySet().stream()
                .map(key -> new PackBox(key.boxCode(), key.fondsCode(), null, metres)).toList();
        Iterable<RecordFile> commands = () -> files.stream().map(SheetImport::command).iterator();
        ImportRecorded done = recorder.recordImport(packs, commands, dryRun,
                count -> told.filesRecorded(count, files.size()));
        FilesRecorded recorded = done.files();
        List<ImportOutcome.RecordingProblem> problems = new ArrayList<>();
        List<BoxKey> newBoxKeys = List.copyOf(newBoxes.keySet());
        for (FilesRecorded.RefusedFile refused : done.refusedBoxes()) {
            BoxKey box = newBoxKeys.get(refused.index());
            problems.add(new ImportOutcome.RecordingProblem(newBoxes.get(box), box.fondsCode(), null, box.boxCode(),
                    refused.field(),
                    refused.messageKey(), refused.messageArgs()));
        }
        for (FilesRecorded.RefusedFile refused : recorded.refused()) {
            ImportedFile row = files.get(refused.index());
            problems.add(new ImportOutcome.RecordingProblem(row.row(), row.fondsCode(), row.fileCode(), null, refused.field(),
                    refused.messageKey(), refused.messageArgs()));
        }
        List<BoxKey> packed = new ArrayList<>(newBoxKeys);
        done.refusedBoxes().forEach(refused -> packed.remove(newBoxKeys.get(refused.index())));
        return new ImportOutcome(dryRun, result.report(), packed, recorded.created(), recorded.updated(),
                recorded.unchanged(), problems, recorded.recorded());
    }

    /** The boxes the files name that the office does not have, in sheet order, each with the first row naming it. */
    private static Map<BoxKey, Long> newBoxes(List<ImportedFile> files, Set<BoxKey> existing) {
        Map<BoxKey, Long> found = new LinkedHashMap<>();
        for (ImportedFile file : files) {
            if (file.boxCode() != null) {
                BoxKey key = new BoxKey(file.fondsCode(), file.boxCode());
                if (!existing.contains(key)) {
                    found.putIfAbsent(key, file.row());
                }
            }
        }
        return found;
    }

    /** A valid row as the recorder's command; a secret row as the stub the recorder accepts. */
    static RecordFile command(ImportedFile f) {
        if (f.accessRegime() == AccessRegime.STATE_SECRET) {
            // The stub keeps the file's numbers, series and place, never its title, dates or other description.
            return new RecordFile(f.fondsCode(), f.fileCode(), f.fileNumber(), f.reference(), f.listNumber(),
                    f.series(), f.placeUnitCode(), f.boxCode(), null, null, null, null, null, f.sheetCount(), null,
                    f.retention(), f.retentionYears(), AccessRegime.STATE_SECRET, f.secretLevel(), null, List.of(),
                    null, null);
        }
        return new RecordFile(f.fondsCode(), f.fileCode(), f.fileNumber(), f.reference(), f.listNumber(), f.series(),
                f.placeUnitCode(), f.boxCode(), f.title(), f.startDate(), f.startPrecision(), f.endDate(),
                f.endPrecision(), f.sheetCount(), f.pageCount(), f.retention(), f.retentionYears(), f.accessRegime(),
                null, f.language(), f.keywords(), f.physicalCondition(), f.notes());
    }
}
