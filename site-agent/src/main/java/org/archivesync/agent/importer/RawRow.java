package org.archivesync.agent.importer;

import java.util.List;

/**
 * One row as read, cells left to right.
 *
 * @param number the row number as Excel shows it (1-based), or the CSV record number
 */
record RawRow(long number, List<RawCell> cells) {

    RawCell cell(int column) {
        for (RawCell cell : cells) {
            if (cell.column() == column) {
                return cell;
            }
        }
        return null;
    }

    boolean isBlank() {
        for (RawCell cell : cells) {
            if (!cell.isBlank()) {
                return false;
            }
        }
        return true;
    }
}
