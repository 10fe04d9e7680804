package org.archivesync.hub.lineage;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small RFC 4180 reader for the reference files: a header row, then records; lines starting with '#' (outside a
 * quoted field) are comments; a UTF-8 byte order mark, as spreadsheet programs write it, is dropped; text is NFC
 * normalised and trimmed. Rows keep their physical line number so errors point where an operator looks.
 */
final class CsvTable {

    /** One record: its line number (1-based, in the file as uploaded) and its values by lower-case header name. */
    record Row(int line, Map<String, String> values) {

        /** The value of a column, trimmed; empty when the column is absent or blank. */
        String get(String column) {
            String v = values.get(column);
            return v == null ? "" : v;
        }
    }

    final List<String> header;
    final List<Row> rows;
    final int headerLine;

    private CsvTable(List<String> header, int headerLine, List<Row> rows) {
        this.header = header;
        this.headerLine = headerLine;
        this.rows = rows;
    }

    /** Parses the text; an empty text (or comments only) has an empty header. */
    static CsvTable parse(String text) {
        String s = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> header = null;
        int headerLine = 0;
        List<Row> rows = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = s.length();
        while (i < n) {
            int startLine = line;
            if (s.charAt(i) == '#') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
                i++;
                line++;
                continue;
            }
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean endOfRecord = false;
            while (i < n && !endOfRecord) {
                char c = s.charAt(i++);
                if (quoted) {
                    if (c == '"') {
                        if (i < n && s.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        }
                        field.append(c);
                    }
                } else if (c == '"' && field.toString().isBlank()) {
                    field.setLength(0);
                    quoted = true;
                } else if (c == ',') {
                    fields.add(clean(field));
                    field.setLength(0);
                } else if (c == '\n') {
                    endOfRecord = true;
                    line++;
                } else if (c != '\r') {
                    field.append(c);
                }
            }
            fields.add(clean(field));
            if (fields.size() == 1 && fields.get(0).isEmpty()) {
                continue;
            }
            if (header == null) {
                header = fields.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
                headerLine = startLine;
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int k = 0; k < fields.size(); k++) {
                values.put(k < header.size() ? header.get(k) : "#" + (k + 1), fields.get(k));
            }
            rows.add(new Row(startLine, values));
        }
        return new CsvTable(header == null ? List.of() : header, headerLine, rows);
    }

    private static String clean(StringBuilder field) {
        return Normalizer.normalize(field.toString().strip(), Normalizer.Form.NFC);
    }
}
