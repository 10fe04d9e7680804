package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.required;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rows of one import inside its transaction: the boxes, then the files. Unlike a batch, a refused row does not
 * refuse the others: it is skipped and reported; a file whose active row already holds exactly its description is
 * skipped without an event. On a dry run no event is built and the caller rolls the transaction back.
 */
final class ImportRun {

    private final RuleContext ctx;
    /** Null on a dry run. */
    private final EventChain events;
    private long sequence;

    /**
     * @param events the transaction's chain; null on a dry run
     * @param head the outbox's last sequence: the rows' {@code last_sequence} continue from it
     */
    ImportRun(RuleContext ctx, EventChain events, long head) {
        this.ctx = ctx;
        this.events = events;
        this.sequence = head;
    }

    ImportRecorded run(List<PackBox> boxes, Iterable<RecordFile> files, boolean dryRun, LongConsumer progress)
            throws SQLException {
        long packed = 0;
        List<FilesRecorded.RefusedFile> refusedBoxes = new ArrayList<>();
        Rules boxRules = new Rules(ctx, false);
        for (int i = 0; i < boxes.size(); i++) {
            try {
                SpecificRecord payload = boxRules.apply(required(boxes.get(i), "command"), sequence + 1);
                packed++;
                append(payload);
            } catch (RecordingRefusedException e) {
                refusedBoxes.add(refused(i, e));
            }
        }
        // The file rules cache fonds and box lookups: made after the boxes, they see them.
        FileRules rules = new FileRules(ctx, true);
        long created = 0;
        long updated = 0;
        long unchanged = 0;
        List<FilesRecorded.RefusedFile> refused = new ArrayList<>();
        int index = 0;
        for (RecordFile file : files) {
            try {
                FileRules.FileChange change = rules.recordIfChanged(required(file, "command"), sequence + 1);
                if (change.payload() == null) {
                    unchanged++;
                } else {
                    if (change.created()) {
                        created++;
                    } else {
                        updated++;
                    }
                    append(change.payload());
                }
            } catch (RecordingRefusedException e) {
                refused.add(refused(index, e));
            }
            index++;
            if (progress != null && index % 1_000 == 0) {
                progress.accept(index);
            }
        }
        if (progress != null) {
            progress.accept(index);
        }
        Recorded recorded = events == null ? null : events.finish();
        return new ImportRecorded(packed, refusedBoxes,
                new FilesRecorded(dryRun, index, created, updated, unchanged, refused, recorded));
    }

    private void append(SpecificRecord payload) throws SQLException {
        sequence++;
        if (events != null) {
            events.add(payload);
        }
    }

    private static FilesRecorded.RefusedFile refused(int index, RecordingRefusedException e) {
        return new FilesRecorded.RefusedFile(index, e.reason(), e.field(), Arrays.asList(e.messageArgs()));
    }
}
