package org.archivesync.agent.web;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.archivesync.agent.recording.AppraiseFile;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.ConfirmHandoverReceived;
import org.archivesync.agent.recording.DigitizeFile;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.RecordDestruction;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.recording.RegisterStorageLocation;
import org.archivesync.agent.recording.ReportExtents;
import org.archivesync.agent.recording.SealBox;
import org.archivesync.agent.recording.SendHandover;
import org.archivesync.agent.recording.WithdrawFile;

/** The names of commands in a batch request, and the ids the agent chooses when a request leaves them out. */
final class CommandTypes {

    static final Map<String, Class<? extends Command>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("register-fonds", RegisterFonds.class);
        BY_NAME.put("register-storage-location", RegisterStorageLocation.class);
        BY_NAME.put("report-extents", ReportExtents.class);
        BY_NAME.put("pack-box", PackBox.class);
        BY_NAME.put("seal-box", SealBox.class);
        BY_NAME.put("record-file", RecordFile.class);
        BY_NAME.put("withdraw-file", WithdrawFile.class);
        BY_NAME.put("appraise-file", AppraiseFile.class);
        BY_NAME.put("digitize-file", DigitizeFile.class);
        BY_NAME.put("send-handover", SendHandover.class);
        BY_NAME.put("confirm-handover-received", ConfirmHandoverReceived.class);
        BY_NAME.put("record-destruction", RecordDestruction.class);
    }

    private CommandTypes() {
    }

    static SendHandover withId(SendHandover h) {
        return h.handoverId() != null ? h : new SendHandover(UUID.randomUUID(), h.receiverKind(), h.receivingUnitCode(),
                h.receivingSiteCode(), h.minutesNumber(), h.boxes(), h.files(), h.metres(), h.handedOverOn());
    }

    static RecordDestruction withId(RecordDestruction d) {
        return d.destructionId() != null ? d : new RecordDestruction(UUID.randomUUID(), d.decisionRef(), d.firstApprover(),
                d.secondApprover(), d.minutesNumber(), d.files(), d.metres(), d.destroyedOn());
    }

    static Command withIds(Command c) {
        if (c instanceof SendHandover h) {
            return withId(h);
        }
        if (c instanceof RecordDestruction d) {
            return withId(d);
        }
        return c;
    }
}
