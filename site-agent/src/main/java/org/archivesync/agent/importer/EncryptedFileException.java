package org.archivesync.agent.importer;

import java.util.List;

/** The workbook is password-protected (an encrypted OOXML package); the agent never asks for passwords. */
public final class EncryptedFileException extends ImportRefusedException {

    EncryptedFileException(String file) {
        super("import.refused.encrypted", List.of(file), null);
    }
}
