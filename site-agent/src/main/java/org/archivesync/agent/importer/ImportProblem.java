package org.archivesync.agent.importer;

/**
 * One problem with one data row, located the way the clerk sees it in Excel.
 *
 * @param row    the row number as Excel shows it (1-based); for a CSV, the record number
 * @param cell   the cell reference ("C7"), or null when the problem has no column
 * @param column the column's header text as written in the sheet, or null when it has no column
 * @param value  the cell's text; null when blank, and always null for a descriptive column
 *               (title, keywords, notes, physical condition) of a state-secret row
 * @param reason why the row is not imported
 */
public record ImportProblem(long row, String cell, String column, String value, ProblemReason reason) {
}
