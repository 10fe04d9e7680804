package org.archivesync.agent.recording;

import java.util.List;

/**
 * What {@link Recorder#recordFiles} did with the files of one import.
 *
 * @param dryRun    whether it only checked (then nothing was written and {@code recorded} is null)
 * @param files     files handled
 * @param created   files recorded for the first time (on a dry run: that would be)
 * @param updated   files whose description changed, or that were withdrawn and come back
 * @param unchanged files already recorded with exactly this description: no event
 * @param refused   files refused, in order; the others were recorded all the same
 * @param recorded  the events appended, the last one signed; null on a dry run or when nothing changed
 */
public record FilesRecorded(boolean dryRun, long files, long created, long updated, long unchanged,
                            List<RefusedFile> refused, Recorded recorded) {

    public FilesRecorded {
        refused = List.copyOf(refused);
    }

    /**
     * One refused file.
     *
     * @param index   its position among the files given, from 0
     * @param refusal why, with the field (e.g. {@code boxCode}) and message arguments (codes only)
     */
    public record RefusedFile(int index, RecordingRefusedException refusal) {
    }
}
