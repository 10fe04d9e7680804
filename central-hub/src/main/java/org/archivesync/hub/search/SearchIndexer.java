package org.archivesync.hub.search;

import java.util.List;
import org.archivesync.hub.database.CatchUpLoop;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Keeps the trigram search projection ({@code file_search}) up to date after commit, away from the ingest
 * transaction: per site, it folds the files recorded between its search cursor and the site's last stored event and
 * moves the cursor, one bounded range per transaction. Searches see the rows it has not reached yet through the same
 * range, so its lag costs search time, never results. The cursors themselves follow the catalogue's events
 * ({@link SearchProjection}).
 */
final class SearchIndexer extends CatchUpLoop {

    private static final String BEHIND = """
            SELECT c.site_code, c.last_sequence,
                (SELECT max(e.sequence) FROM events e WHERE e.site_code = c.site_code) AS stored
            FROM search_cursors c""";

    private static final String INDEX_RANGE = """
            INSERT INTO file_search (fonds_code, file_code, document)
            SELECT DISTINCT ON (f.fonds_code, f.file_code) f.fonds_code, f.file_code,
                archive_fold(concat_ws(' ', f.title, array_to_string(f.keywords, ' ')))
            FROM events e
            JOIN files f ON f.fonds_code = split_part(e.subject, '/', 1)
                        AND f.file_code = substr(e.subject, strpos(e.subject, '/') + 1)
            WHERE e.site_code = :site AND e.sequence > :from AND e.sequence <= :to AND e.type = 'FileRecorded'
            ON CONFLICT (fonds_code, file_code) DO UPDATE SET document = excluded.document""";

    private static final String ADVANCE = """
            UPDATE search_cursors SET last_sequence = :to WHERE site_code = :site AND last_sequence = :from""";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final SearchProperties properties;

    SearchIndexer(JdbcClient jdbc, TransactionOperations transactions, SearchProperties properties) {
        super("search-indexer", properties.indexInterval());
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
    }

    private record Behind(String siteCode, long indexed, long stored) {
    }

    /**
     * Indexes at most {@code index-batch-events} events per site.
     *
     * @return how many events' files were indexed
     */
    long indexOnce() {
        List<Behind> behind = jdbc.sql(BEHIND)
                .query((rs, n) -> new Behind(rs.getString(1), rs.getLong(2), rs.getLong(3))).list();
        long done = 0;
        for (Behind b : behind) {
            if (b.stored() <= b.indexed()) {
                continue;
            }
            long to = Math.min(b.stored(), b.indexed() + properties.indexBatchEvents());
            transactions.executeWithoutResult(tx -> {
                jdbc.sql(INDEX_RANGE).param("site", b.siteCode()).param("from", b.indexed()).param("to", to).update();
                jdbc.sql(ADVANCE).param("site", b.siteCode()).param("from", b.indexed()).param("to", to).update();
            });
            done += to - b.indexed();
        }
        return done;
    }

    @Override
    protected long step() {
        return indexOnce();
    }
}
