package org.archivesync.agent.testing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.RetentionKind;

/** Quick ways to fill an outbox with real events. */
public final class TestRecording {

    public static final String FONDS = "PHONG.TEST";

    private TestRecording() {
    }

    /** Registers the fonds, then records {@code events - 1} files in transactions of {@code perTransaction}. */
    public static void events(Recorder recorder, int events, int perTransaction) {
        recorder.registerFonds(new RegisterFonds(FONDS, "Phông thử nghiệm", "UBND xã", null, null, null, false));
        int left = events - 1;
        int n = 0;
        while (left > 0) {
            List<Command> batch = new ArrayList<>();
            for (int i = 0; i < Math.min(perTransaction, left); i++) {
                batch.add(file("HS-" + (++n)));
            }
            recorder.recordAll(batch);
            left -= batch.size();
        }
    }

    public static RecordFile file(String code) {
        return new RecordFile(FONDS, code, null, "Hồ sơ " + code, null, null, 10, null, RetentionKind.PERMANENT, null,
                AccessRegime.OPEN, null, "vi", List.of(), null, null);
    }

    public static PackBox box(String code) {
        return new PackBox(code, FONDS, null, new BigDecimal("0.10"));
    }
}
