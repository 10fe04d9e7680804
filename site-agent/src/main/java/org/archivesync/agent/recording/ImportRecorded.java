package org.archivesync.agent.recording;

import java.util.List;

/**
 * What {@link Recorder#recordImport} did: the boxes it packed for the import, then the files.
 *
 * @param boxesPacked  boxes packed (on a dry run: that would be)
 * @param refusedBoxes boxes refused, by their position among the boxes given; their files are then refused too
 * @param files        the files, as {@link Recorder#recordFiles} reports them; its {@code recorded} covers the boxes'
 *                     events as well
 */
public record ImportRecorded(long boxesPacked, List<FilesRecorded.RefusedFile> refusedBoxes, FilesRecorded files) {

    public ImportRecorded {
        refusedBoxes = List.copyOf(refusedBoxes);
    }
}
