package org.archivesync.agent.importer;

import java.util.List;

/** Neither an .xlsx workbook nor a .csv file (for example an old binary .xls): save it as .xlsx. */
public final class UnsupportedFileTypeException extends ImportRefusedException {

    UnsupportedFileTypeException(String file) {
        super("import.refused.unsupported-type", List.of(file), null);
    }
}
