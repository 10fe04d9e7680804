package org.archivesync.agent.web;

import org.archivesync.agent.recording.Recorded;

/**
 * Answer to a recorded command.
 *
 * @param id the handover or destruction id (chosen by the agent when the request gave none), else null
 */
record RecordedResponse(long firstSequence, long lastSequence, int count, String lastHash, String keyId, String id) {

    static RecordedResponse of(Recorded r, Object id) {
        return new RecordedResponse(r.firstSequence(), r.lastSequence(), r.count(), r.lastHashHex(), r.keyId(),
                id == null ? null : id.toString());
    }
}
