package org.archivesync.agent.importer;

import java.util.List;

/** The file could not be read as the spreadsheet it claims to be. */
public final class CorruptedFileException extends ImportRefusedException {

    CorruptedFileException(String file, Throwable cause) {
        super("import.refused.corrupted", List.of(file), cause);
    }
}
