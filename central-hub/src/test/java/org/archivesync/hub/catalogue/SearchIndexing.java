package org.archivesync.hub.catalogue;

import org.springframework.context.ApplicationContext;

/** Lets tests and benchmarks of other packages run the search indexer now instead of on its schedule. */
public final class SearchIndexing {

    private SearchIndexing() {
    }

    /** Stops the scheduled indexer (a benchmark measures the load without it). */
    public static void pause(ApplicationContext context) {
        context.getBean(SearchIndexer.class).stop();
    }

    /** Starts the scheduled indexer again. */
    public static void resume(ApplicationContext context) {
        context.getBean(SearchIndexer.class).start();
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
