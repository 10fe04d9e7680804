package org.archivesync.hub.bundles;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * {@code import-bundle FILE} on the command line: imports the bundle once the hub has started (see HubApplication);
 * a refused bundle fails the run.
 */
class BundleImportRunner implements ApplicationRunner {

    private final BundleImport bundles;

    BundleImportRunner(BundleImport bundles) {
        this.bundles = bundles;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> words = args.getNonOptionArgs();
        int at = words.indexOf("import-bundle");
        if (at < 0) {
            return;
        }
        if (at + 1 >= words.size()) {
            throw new IllegalArgumentException("usage: import-bundle FILE");
        }
        bundles.importBundle(Path.of(words.get(at + 1)));
    }
}
