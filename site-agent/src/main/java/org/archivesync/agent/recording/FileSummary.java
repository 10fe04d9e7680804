package org.archivesync.agent.recording;

import org.archivesync.avro.AccessRegime;

/**
 * What the office holds of one file, for features that act on files without describing them.
 *
 * @param accessRegime never null; {@code STATE_SECRET} means only its stub is here
 * @param active       false once withdrawn, handed over or destroyed
 */
public record FileSummary(String fondsCode, String fileCode, AccessRegime accessRegime, boolean active) {

    public boolean stateSecret() {
        return accessRegime == AccessRegime.STATE_SECRET;
    }

    /** A recorded digital object of a file. */
    public record StoredObject(String fondsCode, String fileCode, String objectKey) {
    }
}
