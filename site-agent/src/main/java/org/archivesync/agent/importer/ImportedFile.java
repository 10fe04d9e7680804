package org.archivesync.agent.importer;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;

/**
 * A valid row: the description of one file (hồ sơ), field for field what {@code FileRecorded}
 * carries, with text in Unicode NFC and trimmed.
 *
 * <p>Guarantees: {@code fondsCode}, {@code fileCode}, {@code retention}, {@code accessRegime}
 * and {@code keywords} are never null; {@code retentionYears} is set exactly when the retention
 * is {@code FIXED_TERM}; {@code secretLevel} is set exactly when the regime is
 * {@code STATE_SECRET}, and then {@code title}, {@code notes} and {@code physicalCondition} are
 * null and {@code keywords} is empty (the stub of Law 29/2018/QH14, Art. 5). Every other field
 * may be null.
 *
 * <p>{@code fileCode} is the file's identifier within the fonds (mã hồ sơ): as the sheet wrote it in a "Mã hồ sơ"
 * column, or built from the fonds, the year formed, the reference (or the file number) and the list number. Dates are
 * the first day of the period their precision names (2003 → 2003-01-01 with YEAR); precisions are never null.
 *
 * @param row the sheet row it came from, for the clerk
 */
public record ImportedFile(
        long row,
        String fondsCode,
        String fileCode,
        String fileNumber,
        String reference,
        String listNumber,
        String series,
        String placeUnitCode,
        String boxCode,
        String title,
        LocalDate startDate,
        DatePrecision startPrecision,
        LocalDate endDate,
        DatePrecision endPrecision,
        Integer sheetCount,
        Integer pageCount,
        RetentionKind retention,
        Integer retentionYears,
        AccessRegime accessRegime,
        SecretLevel secretLevel,
        String language,
        List<String> keywords,
        String physicalCondition,
        String notes) {

    public ImportedFile {
        startPrecision = startPrecision == null ? DatePrecision.DAY : startPrecision;
        endPrecision = endPrecision == null ? DatePrecision.DAY : endPrecision;
        Objects.requireNonNull(fondsCode, "fondsCode");
        Objects.requireNonNull(fileCode, "fileCode");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(accessRegime, "accessRegime");
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        if ((retention == RetentionKind.FIXED_TERM) != (retentionYears != null)) {
            throw new IllegalArgumentException("retentionYears must be set exactly for FIXED_TERM");
        }
        boolean secret = accessRegime == AccessRegime.STATE_SECRET;
        if (secret != (secretLevel != null)) {
            throw new IllegalArgumentException("secretLevel must be set exactly for STATE_SECRET");
        }
        if (secret && (title != null || notes != null || physicalCondition != null || !keywords.isEmpty())) {
            throw new IllegalArgumentException("a state-secret file is a stub: no title, keywords, notes or condition");
        }
    }

    /** A row identified by its code alone, dates to the day (the shape before the three numbers). */
    public ImportedFile(long row, String fondsCode, String fileCode, String boxCode, String title, LocalDate startDate,
                        LocalDate endDate, Integer sheetCount, Integer pageCount, RetentionKind retention,
                        Integer retentionYears, AccessRegime accessRegime, SecretLevel secretLevel, String language,
                        List<String> keywords, String physicalCondition, String notes) {
        this(row, fondsCode, fileCode, null, null, null, null, null, boxCode, title, startDate, DatePrecision.DAY,
                endDate, DatePrecision.DAY, sheetCount, pageCount, retention, retentionYears, accessRegime, secretLevel,
                language, keywords, physicalCondition, notes);
    }
}
