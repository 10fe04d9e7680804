package org.archivesync.agent.importer;

import java.util.List;

/** An entry of the .xlsx inflates far more than a spreadsheet does ({@link ImportLimits#minInflateRatio()}) or beyond {@link ImportLimits#maxEntryBytes()}. */
public final class ZipBombException extends ImportRefusedException {

    ZipBombException(String file, Throwable cause) {
        super("import.refused.zip-bomb", List.of(file), cause);
    }
}
