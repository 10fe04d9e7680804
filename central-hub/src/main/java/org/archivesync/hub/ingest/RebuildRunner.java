package org.archivesync.hub.ingest;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/** {@code --rebuild} on the command line: rebuilds the catalogue once the hub has started (see HubApplication). */
class RebuildRunner implements ApplicationRunner {

    private final SiteEventIngest ingest;

    RebuildRunner(SiteEventIngest ingest) {
        this.ingest = ingest;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (args.containsOption("rebuild")) {
            ingest.rebuildCatalogue("command line");
        }
    }
}
