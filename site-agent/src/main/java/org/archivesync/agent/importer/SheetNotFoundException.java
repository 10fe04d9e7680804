package org.archivesync.agent.importer;

import java.util.List;

/** The workbook has no sheet of the requested name. */
public final class SheetNotFoundException extends ImportRefusedException {

    private final String sheet;
    private final List<String> availableSheets;

    SheetNotFoundException(String file, String sheet, List<String> availableSheets) {
        super("import.refused.sheet-not-found", List.of(file, sheet, String.join(", ", availableSheets)), null);
        this.sheet = sheet;
        this.availableSheets = List.copyOf(availableSheets);
    }

    public String sheet() {
        return sheet;
    }

    public List<String> availableSheets() {
        return availableSheets;
    }
}
