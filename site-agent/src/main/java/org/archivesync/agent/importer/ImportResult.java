package org.archivesync.agent.importer;

import java.util.List;

/**
 * What an import read: the valid files, in sheet order, and the report of everything else.
 * Nothing has been recorded; recording the files is the caller's business.
 */
public record ImportResult(List<ImportedFile> files, ImportReport report) {

    public ImportResult {
        files = List.copyOf(files);
    }
}
