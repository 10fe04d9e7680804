package org.archivesync.agent.importer;

import java.util.List;

/** The header mapping file cannot be read, or maps a header to a field that does not exist. */
public final class InvalidMappingFileException extends ImportRefusedException {

    InvalidMappingFileException(String mappingFile, String detail, Throwable cause) {
        super("import.refused.invalid-mapping", List.of(mappingFile, detail), cause);
    }
}
