package org.archivesync.agent.importer;

/**
 * A non-empty cell as the reader found it, before any interpretation.
 *
 * @param column  0-based column index
 * @param kind    what the cell holds
 * @param text    the text; for numbers the number as the clerk wrote it ("12", not "12.0")
 * @param number  the value of a NUMBER or DATE cell; 0 otherwise
 * @param formula the formula of a formula cell ("" when Excel shares it from another cell);
 *                null for a plain value
 * @param font    the cell's font name, a hint for legacy encodings; null when unknown
 */
record RawCell(int column, Kind kind, String text, double number, String formula, String font) {

    enum Kind { TEXT, NUMBER, DATE, BOOLEAN, ERROR }

    static RawCell text(int column, String text) {
        return new RawCell(column, Kind.TEXT, text, 0, null, null);
    }

    boolean isFormula() {
        return formula != null;
    }

    boolean isBlank() {
        return formula == null && (text == null || text.isBlank());
    }
}
