package org.archivesync.hub.catalogue;

import org.springframework.context.ApplicationContext;

/** Lets tests and benchmarks of other packages run the search indexer now instead of on its schedule. */
public final class SearchIndexing {

    private SearchIndexing() {
    }

    /** Indexes until nothing is left; returns how many events' files were indexed. */
    public static long indexAll(ApplicationContext context) {
        SearchIndexer indexer = context.getBean(SearchIndexer.class);
        long total = 0;
        long done;
        do {
            done = indexer.indexOnce();
            total += done;
        } while (done > 0);
        return total;
    }
}
