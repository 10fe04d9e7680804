package org.archivesync.agent.sheetimport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.archivesync.agent.importer.ImportLimits;
import org.archivesync.agent.importer.ImportOptions;
import org.archivesync.agent.importer.ImportRefusedException;
import org.archivesync.agent.importer.ImportResult;
import org.archivesync.agent.importer.ImportedFile;
import org.archivesync.agent.importer.SheetImporter;
import org.archivesync.agent.recording.FilesRecorded;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RecordingRefusedException;
import org.archivesync.avro.AccessRegime;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;

/**
 * Imports an office's file list (mục lục hồ sơ): reads the sheet with the {@link SheetImporter} (boxes checked against
 * the office's store) and records every valid row with {@link Recorder#recordFiles} — the CLI's {@code import} and
 * {@code POST /api/imports}.
 *
 * <p>Guarantees: a real run records all valid rows in ONE transaction whose last event is signed, so one signature
 * covers the import; rows the recorder refuses are reported and the others recorded. A file already recorded with
 * the same description is not recorded again, a changed one becomes a new {@code FileRecorded}: importing the same
 * sheet twice records it once. State-secret rows are recorded as the stub only (no title, keywords, notes, physical
 * condition, dates, page count or language; Law 29/2018/QH14, Art. 5). A dry run records nothing and reports exactly
 * what a real run would do now. A refused file ({@link ImportRefusedException}) records nothing.
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

    private final SheetImporter importer;
    private final Recorder recorder;

    /**
     * @param importer reads sheets (never null)
     * @param recorder records the files (never null); without an enrolled identity only dry runs work
     */
    public SheetImport(SheetImporter importer, Recorder recorder) {
        this.importer = Objects.requireNonNull(importer, "importer");
        this.recorder = Objects.requireNonNull(recorder, "recorder");
    }

    /**
     * The import limits as the service binds them ({@code archive-sync.agent.importer.*}), here from system properties
     * and environment variables ({@code ARCHIVE_SYNC_AGENT_IMPORTER_MAX_FILE_SIZE=32MB}, ...), for the CLI, which reads
     * no application.yml.
     */
    public static ImportLimits configuredLimits() {
        return Binder.get(new StandardEnvironment())
                .bindOrCreate("archive-sync.agent.importer", ImporterSettings.class)
                .limits();
    }

    /** The same import acting for another clerk (the events' {@code recordedBy}). */
    public SheetImport withClerk(String clerk) {
        return new SheetImport(importer, recorder.withClerk(clerk));
    }

    /**
     * Imports one file.
     *
     * @param file     the .xlsx or .csv (never null)
     * @param options  sheet, fonds, mapping file; null for the defaults
     * @param dryRun   check and report only
     * @param progress null for none
     * @throws ImportRefusedException    when the whole file is refused; nothing recorded
     * @throws RecordingRefusedException when a real run is asked of an agent not enrolled yet; nothing recorded
     */
    public ImportOutcome run(Path file, ImportOptions options, boolean dryRun, Progress progress) {
        Progress told = progress != null ? progress : Progress.NONE;
        Set<String> boxes = recorder.boxCodes();
        ImportResult result = importer.read(file, options, boxes::contains, told::rowsRead);
        List<ImportedFile> files = result.files();
        Iterable<RecordFile> commands = () -> files.stream().map(SheetImport::command).iterator();
        FilesRecorded recorded = recorder.recordFiles(commands, dryRun, done -> told.filesRecorded(done, files.size()));
        List<ImportOutcome.RecordingProblem> problems = new ArrayList<>();
        for (FilesRecorded.RefusedFile refused : recorded.refused()) {
            ImportedFile row = files.get(refused.index());
            problems.add(new ImportOutcome.RecordingProblem(row.row(), row.fondsCode(), row.fileCode(), refused.field(),
                    refused.messageKey(), refused.messageArgs()));
        }
        return new ImportOutcome(dryRun, result.report(), recorded.created(), recorded.updated(), recorded.unchanged(),
                problems, recorded.recorded());
    }

    /** A valid row as the recorder's command; a secret row as the stub the recorder accepts. */
    static RecordFile command(ImportedFile f) {
        if (f.accessRegime() == AccessRegime.STATE_SECRET) {
            return RecordFile.secretStub(f.fondsCode(), f.fileCode(), f.boxCode(), f.sheetCount(), f.retention(),
                    f.retentionYears(), f.secretLevel());
        }
        return new RecordFile(f.fondsCode(), f.fileCode(), f.fileNumber(), f.reference(), f.listNumber(), f.series(),
                f.placeUnitCode(), f.boxCode(), f.title(), f.startDate(), f.startPrecision(), f.endDate(),
                f.endPrecision(), f.sheetCount(), f.pageCount(), f.retention(), f.retentionYears(), f.accessRegime(),
                null, f.language(), f.keywords(), f.physicalCondition(), f.notes());
    }
}
