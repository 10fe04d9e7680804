package org.archivesync.hub.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whole tables as sorted text rows, for tests that compare the catalogue before and after something (a crash and a
 * restart, a rebuild) or with another database: one line per row, columns in table order joined by {@code |}, null as
 * {@code ∅}.
 */
public final class TableDump {

    /** The catalogue's projections, the event log and the ingest state. */
    public static final List<String> CATALOGUE = List.of("fonds", "storage_locations", "extents", "boxes", "files",
            "appraisals", "digital_objects", "handovers", "handover_items", "destructions", "tombstones", "file_search",
            "search_cursors");

    private TableDump() {
    }

    /** Each table's rows, leaving out the named columns (any table) and, when asked, every timestamptz column. */
    public static Map<String, List<String>> dump(JdbcClient jdbc, List<String> tables, Set<String> leaveOut,
                                                 boolean leaveOutTimestamps) {
        Map<String, List<String>> dump = new LinkedHashMap<>();
        for (String table : tables) {
            dump.put(table, rows(jdbc, table, leaveOut, leaveOutTimestamps));
        }
        return dump;
    }

    /** One table's rows (see the class comment). */
    public static List<String> rows(JdbcClient jdbc, String table, Set<String> leaveOut, boolean leaveOutTimestamps) {
        List<String> columns = jdbc.sql("""
                        SELECT column_name, data_type FROM information_schema.columns
                        WHERE table_schema = current_schema() AND table_name = :t ORDER BY ordinal_position""")
                .param("t", table).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list().stream()
                .filter(c -> !leaveOut.contains(c[0]))
                .filter(c -> !(leaveOutTimestamps && c[1].startsWith("timestamp")))
                .map(c -> "coalesce(" + quote(c[0]) + "::text, '∅')").toList();
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("no such table or no column left: " + table);
        }
        String row = columns.stream().collect(Collectors.joining(", ", "concat_ws('|', ", ")"));
        return jdbc.sql("SELECT " + row + " AS r FROM " + quote(table) + " ORDER BY r").query(String.class).list();
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
