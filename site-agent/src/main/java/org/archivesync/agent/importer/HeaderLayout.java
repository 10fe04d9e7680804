package org.archivesync.agent.importer;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.poi.ss.util.CellReference;

/** Where the header is and what each column holds. */
final class HeaderLayout {

    private final long headerRow;
    private final long lastHeaderRow;
    private final List<ReportColumn> columns;
    private final List<ReportColumn> unknownColumns;
    private final List<Map<Integer, String>> headerRowKeys;
    private final Map<Integer, FileField> fieldOfColumn = new HashMap<>();
    private final int[] columnOfField = new int[FileField.values().length];
    private final String[] headerOfField = new String[FileField.values().length];

    /**
     * @param headerRow     the header row (the upper one when the header spans two rows)
     * @param lastHeaderRow the last row of the header; data starts below it
     * @param columns       recognised columns, left to right
     * @param headerRowKeys each header row's cells as {@link TextKey}s by column, top row first
     */
    HeaderLayout(long headerRow, long lastHeaderRow, List<ReportColumn> columns, List<ReportColumn> unknownColumns,
                 List<Map<Integer, String>> headerRowKeys) {
        this.headerRowKeys = List.copyOf(headerRowKeys);
        this.headerRow = headerRow;
        this.lastHeaderRow = lastHeaderRow;
        this.columns = List.copyOf(columns);
        this.unknownColumns = List.copyOf(unknownColumns);
        Arrays.fill(columnOfField, -1);
        for (ReportColumn column : columns) {
            int index = CellReference.convertColStringToIndex(column.column());
            fieldOfColumn.put(index, column.field());
            columnOfField[column.field().ordinal()] = index;
            headerOfField[column.field().ordinal()] = column.header();
        }
    }

    long headerRow() {
        return headerRow;
    }

    long lastHeaderRow() {
        return lastHeaderRow;
    }

    List<ReportColumn> columns() {
        return columns;
    }

    List<ReportColumn> unknownColumns() {
        return unknownColumns;
    }

    /**
     * Whether a data row repeats a header row, as sheets do after each printed page: most of that header row's
     * cells (more than half, at least two) appear again in the same columns, compared as {@link TextKey}s.
     */
    boolean repeatsHeader(RawRow row) {
        for (Map<Integer, String> keys : headerRowKeys) {
            // The identifier's header cell first: on a file row it is a code, so the row is told in one short cell.
            int gate = identifierColumn(keys);
            if (gate >= 0 && !sameAsHeader(row.cell(gate), keys.get(gate))) {
                continue;
            }
            int same = 0;
            for (RawCell cell : row.cells()) {
                if (sameAsHeader(cell, keys.get(cell.column()))) {
                    same++;
                }
            }
            if (same >= 2 && same * 2 > keys.size()) {
                return true;
            }
        }
        return false;
    }

    private int identifierColumn(Map<Integer, String> keys) {
        for (FileField field : new FileField[] {FileField.FILE_CODE, FileField.REFERENCE, FileField.FILE_NUMBER}) {
            int column = columnOfField[field.ordinal()];
            if (column >= 0 && keys.containsKey(column)) {
                return column;
            }
        }
        return -1;
    }

    private static boolean sameAsHeader(RawCell cell, String key) {
        return key != null && cell != null && cell.kind() == RawCell.Kind.TEXT && !cell.isBlank()
                && key.equals(TextKey.of(LegacyVietnamese.repair(cell.text(), cell.font()).text()));
    }

    boolean has(FileField field) {
        return columnOfField[field.ordinal()] >= 0;
    }

    /** The field of a column, or null when the column is not recognised. */
    FileField field(int column) {
        return fieldOfColumn.get(column);
    }

    /** The column of a field, or -1. */
    int column(FileField field) {
        return columnOfField[field.ordinal()];
    }

    /** The header text of a field's column, or null. */
    String header(FileField field) {
        return headerOfField[field.ordinal()];
    }

    /** "C7" for the field's column in that row, or null when the field has no column. */
    String cellRef(FileField field, long row) {
        int column = column(field);
        return column < 0 ? null : CellReference.convertNumToColString(column) + row;
    }
}
