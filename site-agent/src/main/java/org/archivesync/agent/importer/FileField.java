package org.archivesync.agent.importer;

import java.util.Locale;
import java.util.Optional;

/**
 * What a spreadsheet column holds. The names are the fields of {@code FileRecorded} (and of
 * {@link ImportedFile}); a mapping file may use either them ("fileCode") or the constant names.
 */
public enum FileField {
    /** "STT": the clerk's running number; read for nothing. */
    SEQUENCE("sequence"),
    FONDS_CODE("fondsCode"),
    /** Mã hồ sơ: the file's identifier, when the sheet writes it; otherwise built (see {@link FileIdentifier}). */
    FILE_CODE("fileCode"),
    /** Hồ sơ số: the file's running number in its mục lục. */
    FILE_NUMBER("fileNumber"),
    /** Số và ký hiệu hồ sơ: the office's file-plan reference, which repeats every year. */
    REFERENCE("reference"),
    /** Mục lục số: the number of the list the file is entered in. */
    LIST_NUMBER("listNumber"),
    /** The official code of the commune (or other unit) the file concerns. */
    PLACE("placeUnitCode"),
    BOX_CODE("boxCode"),
    TITLE("title"),
    START_DATE("startDate"),
    END_DATE("endDate"),
    SHEET_COUNT("sheetCount"),
    PAGE_COUNT("pageCount"),
    RETENTION("retention"),
    ACCESS_REGIME("accessRegime"),
    LANGUAGE("language"),
    KEYWORDS("keywords"),
    PHYSICAL_CONDITION("physicalCondition"),
    NOTES("notes"),
    /** A column a mapping file names on purpose so that it is neither imported nor reported unknown. */
    IGNORED("ignore");

    private final String propertyName;

    FileField(String propertyName) {
        this.propertyName = propertyName;
    }

    public String propertyName() {
        return propertyName;
    }

    /** True when the column's value goes into the imported file. */
    public boolean imported() {
        return this != SEQUENCE && this != IGNORED;
    }

    /**
     * True for the columns that hold codes and numbers rather than words (fonds, identifier, file number, reference,
     * list number, place, box): they are read as legacy-encoded text only when the cell's font is a legacy font, never
     * because a legacy reading looks more like Vietnamese syllables ("07.ĐT" is not the word "ét").
     */
    public boolean code() {
        return this == FONDS_CODE || this == FILE_CODE || this == FILE_NUMBER || this == REFERENCE
                || this == LIST_NUMBER || this == PLACE || this == BOX_CODE;
    }

    /**
     * The descriptive fields a state-secret file must not carry on a networked machine
     * (Law 29/2018/QH14, Art. 5): they are neither imported nor echoed in the report.
     */
    public boolean withheldWhenSecret() {
        return this == TITLE || this == KEYWORDS || this == NOTES || this == PHYSICAL_CONDITION;
    }

    static Optional<FileField> byName(String name) {
        String wanted = name.trim();
        for (FileField field : values()) {
            if (field.propertyName.equalsIgnoreCase(wanted) || field.name().equalsIgnoreCase(wanted.replace('-', '_'))) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    /** The bundle key of the field's name, e.g. {@code import.field.file-code}. */
    public String messageKey() {
        return "import.field." + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
