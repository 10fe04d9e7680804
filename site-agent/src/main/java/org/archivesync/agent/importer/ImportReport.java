package org.archivesync.agent.importer;

import java.util.List;
import java.util.Locale;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an import found, for the clerk (text, Vietnamese first) and for machines (JSON).
 * Row counts cover the data rows below the header; title rows above it are not counted.
 *
 * @param file                 the file name, without its folder
 * @param format               {@code XLSX} or {@code CSV}
 * @param encoding             the text encoding of a CSV ({@code UTF-8}, {@code UTF-8 BOM},
 *                             {@code UTF-16}, {@code windows-1258}); null for XLSX
 * @param sheet                the sheet read; null for a CSV
 * @param headerRow            the header row as Excel numbers it
 * @param columns              the recognised columns, left to right
 * @param unknownColumns       header cells matching no field (and second columns for a field
 *                             already mapped), which were not imported
 * @param rowsRead             data rows read
 * @param rowsValid            rows imported
 * @param rowsInvalid          rows with at least one problem
 * @param rowsBlank            rows with nothing in an imported column, and the column-number
 *                             row ("(1) (2) (3)...") forms put under the header
 * @param withheldSecretRows   rows with a state-secret access regime whose title, keywords, notes
 *                             and physical condition were withheld
 * @param legacyConvertedCells data cells converted from TCVN3 or VNI to Unicode
 * @param problems             every problem, by row then column
 */
public record ImportReport(
        String file,
        String format,
        String encoding,
        String sheet,
        long headerRow,
        List<ReportColumn> columns,
        List<ReportColumn> unknownColumns,
        long rowsRead,
        long rowsValid,
        long rowsInvalid,
        long rowsBlank,
        long withheldSecretRows,
        long legacyConvertedCells,
        List<ImportProblem> problems) {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public ImportReport {
        columns = List.copyOf(columns);
        unknownColumns = List.copyOf(unknownColumns);
        problems = List.copyOf(problems);
    }

    /** The report as JSON: the record's components, enums by name. */
    public String toJson() {
        return JSON.writeValueAsString(this);
    }

    /** The report as console text, in Vietnamese unless the locale asks for English. */
    public String toText(Locale locale) {
        return ReportText.render(this, locale);
    }
}
