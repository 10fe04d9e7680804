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
    private final Map<Integer, FileField> fieldOfColumn = new HashMap<>();
    private final int[] columnOfField = new int[FileField.values().length];
    private final String[] headerOfField = new String[FileField.values().length];

    /**
     * @param headerRow     the header row (the upper one when the header spans two rows)
     * @param lastHeaderRow the last row of the header; data starts below it
     * @param columns       recognised columns, left to right
     */
    HeaderLayout(long headerRow, long lastHeaderRow, List<ReportColumn> columns, List<ReportColumn> unknownColumns) {
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
