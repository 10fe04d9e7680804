package org.archivesync.agent.recording;

import java.time.LocalDate;
import java.util.List;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;

/**
 * Records a file's full current description, creating or replacing it. Becomes the state-carrying
 * {@code FileRecorded}. For a STATE_SECRET file only the stub may be given: fondsCode, fileCode, boxCode, sheetCount,
 * retention, retentionYears, accessRegime and secretLevel.
 */
public record RecordFile(String fondsCode, String fileCode, String boxCode, String title, LocalDate startDate,
                         LocalDate endDate, Integer sheetCount, Integer pageCount, RetentionKind retention,
                         Integer retentionYears, AccessRegime accessRegime, SecretLevel secretLevel, String language,
                         List<String> keywords, String physicalCondition, String notes) implements Command {

    /** The stub of a state-secret file: all a networked PC may hold (Law 29/2018/QH14, Art. 5). */
    public static RecordFile secretStub(String fondsCode, String fileCode, String boxCode, Integer sheetCount,
                                        RetentionKind retention, Integer retentionYears, SecretLevel level) {
        return new RecordFile(fondsCode, fileCode, boxCode, null, null, null, sheetCount, null, retention,
                retentionYears, AccessRegime.STATE_SECRET, level, null, List.of(), null, null);
    }

    @Override
    public String toString() {
        // Never print descriptive fields: the command may be refused precisely because it describes a secret file.
        return "RecordFile[fondsCode=" + fondsCode + ", fileCode=" + fileCode + ", accessRegime=" + accessRegime + "]";
    }
}
