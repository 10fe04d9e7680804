package org.archivesync.hub.search;

import java.util.List;
import org.springframework.context.ApplicationContext;

/**
 * Lets tests and benchmarks of other packages run the search indexer now instead of on its schedule, and search by
 * text as the console does.
 */
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

    /** The codes of the first {@code limit} files a text search finds, in the search's order. */
    public static List<String> fileCodes(ApplicationContext context, String text, int limit) {
        return context.getBean(FileSearch.class)
                .search(new FileSearch.Criteria(text, null, null, null, null, null, null, null, null), 0, limit)
                .items().stream().map(FileSearch.Hit::fileCode).toList();
    }
}
