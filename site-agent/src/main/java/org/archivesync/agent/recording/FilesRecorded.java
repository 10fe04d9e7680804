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
     * One refused file: what its {@link RecordingRefusedException} said, without keeping the exception (a sheet of
     * 100,000 rows of an unregistered fonds would otherwise hold 100,000 stack traces).
     *
     * @param index       its position among the files given, from 0
     * @param reason      why
     * @param field       the refused field (e.g. {@code boxCode}), or null
     * @param messageArgs the message's arguments, the field first, then codes only (never descriptive text)
     */
    public record RefusedFile(int index, Refusal reason, String field, List<Object> messageArgs) {

        public RefusedFile {
            messageArgs = List.copyOf(messageArgs);
        }

        /** The bundle key of the message. */
        public String messageKey() {
            return reason.messageKey();
        }
    }
}
