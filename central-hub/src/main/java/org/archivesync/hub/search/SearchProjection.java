package org.archivesync.hub.search;

import java.util.ArrayList;
import java.util.List;
import org.archivesync.hub.catalogue.EventsApplied;
import org.archivesync.hub.catalogue.FilesBecameSecret;
import org.archivesync.hub.catalogue.ProjectionsCleared;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The search projection's side of the catalogue's events, in the catalogue's transaction (the listeners run before it
 * commits): an office whose events were applied gets a search cursor, so its files are found before the indexer
 * reaches them; a rebuild empties the projection and puts the cursors back to the start; a file that became a state
 * secret loses its search document. Statements name their tables unqualified: in an as-of copy's replay they write the
 * copy's.
 */
final class SearchProjection {

    private static final String ENSURE_CURSORS = """
            INSERT INTO search_cursors (site_code, last_sequence)
            SELECT s, 0 FROM unnest(:sites::text[]) AS s ON CONFLICT (site_code) DO NOTHING""";
    private static final String CLEAR_DOCUMENTS = "TRUNCATE file_search";
    private static final String RESET_CURSORS = "UPDATE search_cursors SET last_sequence = 0";
    private static final String FORGET_DOCUMENTS = """
            DELETE FROM file_search s
            USING unnest(:fonds::text[], :file::text[]) AS u(fonds_code, file_code)
            WHERE s.fonds_code = u.fonds_code AND s.file_code = u.file_code""";

    private final JdbcClient jdbc;

    SearchProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void eventsApplied(EventsApplied applied) {
        jdbc.sql(ENSURE_CURSORS).param("sites", applied.siteCodes().toArray(String[]::new)).update();
    }

    @EventListener
    void projectionsCleared(ProjectionsCleared cleared) {
        jdbc.sql(CLEAR_DOCUMENTS).update();
        jdbc.sql(RESET_CURSORS).update();
    }

    @EventListener
    void filesBecameSecret(FilesBecameSecret secret) {
        List<String> fonds = new ArrayList<>(secret.fileKeys().size());
        List<String> files = new ArrayList<>(secret.fileKeys().size());
        for (String key : secret.fileKeys()) {
            int slash = key.indexOf('/');
            fonds.add(key.substring(0, Math.max(0, slash)));
            files.add(key.substring(slash + 1));
        }
        jdbc.sql(FORGET_DOCUMENTS).param("fonds", fonds.toArray(String[]::new))
                .param("file", files.toArray(String[]::new)).update();
    }
}
