package org.archivesync.agent.sheetimport;

import java.util.List;
import java.util.Locale;
import org.archivesync.agent.importer.ImportReport;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.recording.BoxKey;
import org.archivesync.agent.recording.Recorded;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an import did: the sheet's report and what recording did with its valid rows.
 *
 * @param dryRun            nothing was recorded; the counts say what a real run would do
 * @param report            the sheet as read: columns, counts, every problem by row and column
 * @param boxesCreated      the boxes packed for the import ({@code --create-boxes}), in sheet order; on a dry run those
 *                          that would be; empty otherwise
 * @param filesNew          files recorded for the first time
 * @param filesUpdated      files whose description changed (a new {@code FileRecorded} each)
 * @param filesUnchanged    files already recorded exactly so: no event
 * @param recordingProblems valid rows the recorder refused (an unknown fonds, a box of another fonds, a file already
 *                          destroyed, ...); the other rows were recorded all the same
 * @param recorded          the events appended, the last signed; null on a dry run or when nothing changed
 */
public record ImportOutcome(boolean dryRun, ImportReport report, List<BoxKey> boxesCreated, long filesNew,
                            long filesUpdated, long filesUnchanged, List<RecordingProblem> recordingProblems,
                            Recorded recorded) {

    /** How many new boxes the console text lists by name; the JSON lists them all. */
    static final int BOXES_LISTED = 10;

    /** Fields a state-secret row never carries into the store or the event stream. */
    static final List<String> WITHHELD_FIELDS = List.of("title", "keywords", "notes", "physicalCondition", "startDate",
            "endDate", "pageCount", "language");
    static final String WITHHELD_BASIS = "Law 29/2018/QH14 on the Protection of State Secrets, Art. 5";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public ImportOutcome {
        recordingProblems = List.copyOf(recordingProblems);
        boxesCreated = List.copyOf(boxesCreated);
    }

    /**
     * A valid row the recorder refused.
     *
     * @param row       the sheet row (for a refused box, the first row naming it)
     * @param fileCode  the file's identifier; null for a refused box
     * @param boxCode   the refused box; null for a refused file
     * @param field     the refused field of the file ({@code boxCode}, ...), or null
     * @param reason    the refusal's message key ({@code box.other-fonds}, ...)
     * @param arguments its message arguments: the field first, then codes, never descriptive text
     */
    public record RecordingProblem(long row, String fondsCode, String fileCode, String boxCode, String field,
                                   String reason, List<Object> arguments) {

        public RecordingProblem {
            arguments = List.copyOf(arguments);
        }

        String message(AgentMessages messages) {
            return messages.get(reason, arguments.toArray());
        }
    }

    /** Valid rows the recorder refused. */
    public long filesRefused() {
        return recordingProblems.size();
    }

    /** The console text, Vietnamese unless the locale asks for English: the sheet's report, then the recording. */
    public String toText(Locale locale) {
        AgentMessages m = AgentMessages.of(locale);
        StringBuilder out = new StringBuilder(report.toText(m.locale()));
        if (!boxesCreated.isEmpty()) {
            String listed = String.join(", ", boxesCreated.stream().limit(BOXES_LISTED).map(ImportOutcome::box).toList())
                    + (boxesCreated.size() > BOXES_LISTED ? ", …" : "");
            line(out, m.get(dryRun ? "import.outcome.boxes-dry-run" : "import.outcome.boxes", boxesCreated.size(),
                    listed));
        }
        if (dryRun) {
            line(out, m.get("import.outcome.dry-run", filesNew, filesUpdated, filesUnchanged, filesRefused()));
        } else {
            line(out, m.get("import.outcome.recorded", filesNew, filesUpdated, filesUnchanged, filesRefused()));
            line(out, recorded == null ? m.get("import.outcome.no-events")
                    : m.get("import.outcome.events", recorded.firstSequence(), recorded.lastSequence(),
                            recorded.count(), recorded.keyId()));
        }
        if (!recordingProblems.isEmpty()) {
            line(out, m.get("import.outcome.problems", recordingProblems.size()));
            for (RecordingProblem p : recordingProblems) {
                line(out, p.fileCode() == null
                        ? m.get("import.outcome.box-problem", p.row(), p.fondsCode() + "/" + p.boxCode(),
                                p.message(m))
                        : m.get("import.outcome.problem", p.row(), p.fondsCode() + "/" + p.fileCode(), p.message(m)));
            }
        }
        return out.toString();
    }

    /** The machine-readable report: the sheet's report, the counts, the withheld secrets, the events. */
    public String toJson(Locale locale) {
        AgentMessages m = AgentMessages.of(locale);
        List<ProblemJson> problems = recordingProblems.stream()
                .map(p -> new ProblemJson(p.row(), p.fondsCode(), p.fileCode(), p.boxCode(), p.field(), p.reason(),
                        p.message(m)))
                .toList();
        return JSON.writeValueAsString(new Json(dryRun, report,
                new BoxesJson(boxesCreated.size(), boxesCreated.stream().map(ImportOutcome::box).toList()),
                new FilesJson(report.rowsValid(), filesNew, filesUpdated, filesUnchanged, filesRefused()),
                new WithheldJson(report.withheldSecretRows(), WITHHELD_FIELDS, WITHHELD_BASIS,
                        m.get("import.report.withheld", report.withheldSecretRows()).strip()),
                problems, recorded == null ? null : new RecordedJson(recorded.firstSequence(),
                        recorded.lastSequence(), recorded.count(), recorded.lastHashHex(), recorded.keyId())));
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }

    private static String box(BoxKey key) {
        return key.fondsCode() + "/" + key.boxCode();
    }

    record Json(boolean dryRun, ImportReport report, BoxesJson boxesCreated, FilesJson files, WithheldJson withheldSecrets,
                List<ProblemJson> recordingProblems, RecordedJson recorded) {
    }

    record BoxesJson(long count, List<String> boxes) {
    }

    record FilesJson(long valid, long created, long updated, long unchanged, long refused) {
    }

    record WithheldJson(long rows, List<String> fields, String basis, String message) {
    }

    record ProblemJson(long row, String fondsCode, String fileCode, String boxCode, String field, String reason,
                       String message) {
    }

    record RecordedJson(long firstSequence, long lastSequence, int events, String lastHash, String keyId) {
    }
}
