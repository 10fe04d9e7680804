package org.archivesync.agent.recording;

import org.archivesync.schemas.integrity.ChainHash;

/**
 * What one recording transaction appended.
 *
 * @param firstSequence the first event's sequence
 * @param lastSequence the last (signed) event's sequence
 * @param count how many events
 * @param lastHash the chain hash of the last event (32 bytes)
 * @param keyId the key that signed it
 */
public record Recorded(long firstSequence, long lastSequence, int count, byte[] lastHash, String keyId) {

    public String lastHashHex() {
        return ChainHash.hex(lastHash);
    }

    @Override
    public String toString() {
        return "Recorded[sequences=" + firstSequence + ".." + lastSequence + ", count=" + count + "]";
    }
}
