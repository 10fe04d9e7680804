package org.archivesync.agent.testing;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.archivesync.agent.store.AgentStore;

/** Every row of every table of the agent's store as text, to assert that something changed nothing. */
public final class StoreDump {

    private StoreDump() {
    }

    /** Table name → its rows (column=value, blobs in hex), ordered by all columns. */
    public static Map<String, List<String>> of(AgentStore store) {
        return store.read(c -> {
            List<String> tables = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (String table : tables) {
                List<String> rows = new ArrayList<>();
                try (PreparedStatement p = c.prepareStatement("SELECT * FROM " + table); ResultSet rs = p.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            row.append(md.getColumnName(i)).append('=')
                                    .append(v instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(v)).append(';');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                out.put(table, rows);
            }
            return out;
        });
    }
}
