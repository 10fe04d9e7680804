package org.archivesync.agent.importer;

/**
 * A column of the header row.
 *
 * @param column the column letter ("B")
 * @param header the header text as written (NFC; converted if typed in TCVN3 or VNI)
 * @param field  what the column holds; null for an unknown column
 */
public record ReportColumn(String column, String header, FileField field) {
}
