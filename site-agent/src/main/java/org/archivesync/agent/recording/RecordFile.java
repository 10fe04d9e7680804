package org.archivesync.agent.recording;

import java.time.LocalDate;
import java.util.List;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;

/**
 * Records a file's full current description, creating or replacing it. Becomes the state-carrying
 * {@code FileRecorded}. For a STATE_SECRET file only the stub may be given: fondsCode, fileCode, the file's numbers
 * (fileNumber, reference, listNumber), series, placeUnitCode, boxCode, sheetCount, retention, retentionYears,
 * accessRegime and secretLevel.
 *
 * @param fileCode      the file's identifier within the fonds (mã hồ sơ)
 * @param fileNumber    hồ sơ số: its running number in the mục lục, as written; null when the list has none
 * @param reference     số và ký hiệu hồ sơ: the office's file-plan reference (repeats every year); null when none
 * @param listNumber    mục lục số; null when the office keeps one list per fonds without a number
 * @param series        the classification group (nhóm phân loại) heading the file stands under; null when none
 * @param placeUnitCode the official code of the unit the file concerns; null when not known
 * @param startPrecision how much of {@code startDate} the list states; DAY when null
 * @param endPrecision   how much of {@code endDate} the list states; DAY when null
 */
public record RecordFile(String fondsCode, String fileCode, String fileNumber, String reference, String listNumber,
                         String series, String placeUnitCode, String boxCode, String title, LocalDate startDate,
                         DatePrecision startPrecision, LocalDate endDate, DatePrecision endPrecision,
                         Integer sheetCount, Integer pageCount, RetentionKind retention, Integer retentionYears,
                         AccessRegime accessRegime, SecretLevel secretLevel, String language, List<String> keywords,
                         String physicalCondition, String notes) implements Command {

    public RecordFile {
        startPrecision = startPrecision == null ? DatePrecision.DAY : startPrecision;
        endPrecision = endPrecision == null ? DatePrecision.DAY : endPrecision;
    }

    /** A file described by its identifier alone, dates to the day (the shape before the three numbers). */
    public RecordFile(String fondsCode, String fileCode, String boxCode, String title, LocalDate startDate,
                      LocalDate endDate, Integer sheetCount, Integer pageCount, RetentionKind retention,
                      Integer retentionYears, AccessRegime accessRegime, SecretLevel secretLevel, String language,
                      List<String> keywords, String physicalCondition, String notes) {
        this(fondsCode, fileCode, null, null, null, null, null, boxCode, title, startDate, DatePrecision.DAY, endDate,
                DatePrecision.DAY, sheetCount, pageCount, retention, retentionYears, accessRegime, secretLevel, language,
                keywords, physicalCondition, notes);
    }

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
