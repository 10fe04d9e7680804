package org.archivesync.hub.lineage;

/**
 * A refused value of an uploaded reference CSV.
 *
 * @param row the line of the file (1-based, comments and header counted, as an editor shows it)
 * @param column the column (header name)
 * @param value the value refused (may be empty)
 * @param reason why, in English
 */
public record RowError(int row, String column, String value, String reason) {
}
