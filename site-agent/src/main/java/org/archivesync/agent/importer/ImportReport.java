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
 * @param titleBlock           what the lines above the header say (tên phông, phông số, mục lục số)
 * @param columns              the recognised columns, left to right
 * @param unknownColumns       header cells matching no field (and second columns for a field
 *                             already mapped), which were not imported
 * @param rowsRead             rows read below the header, furniture included
 * @param rowsValid            rows imported
 * @param rowsInvalid          file rows with at least one problem (the closing line's count mismatch is a problem
 *                             but not a file row)
 * @param skipped              rows that are the sheet's furniture, not files: skipped, counted, never problems
 * @param statedFileCount      the number of files the closing line states ("Mục lục này gồm 1.234 hồ sơ"); null
 *                             when none does
 * @param legacyRetentionRows  valid rows whose retention is written the pre-2011 way ("Lâu dài", "Tạm thời"), kept
 *                             as written and to be appraised again
 * @param withheldSecretRows   rows with a state-secret access regime whose title, keywords, notes
 *                             and physical condition were withheld
 * @param legacyConvertedCells data cells converted from TCVN3 or VNI to Unicode
 * @param warnings             what the clerk should know that stops no row
 * @param problems             every problem, by row then column
 */
public record ImportReport(
        String file,
        String format,
        String encoding,
        String sheet,
        long headerRow,
        TitleBlock titleBlock,
        List<ReportColumn> columns,
        List<ReportColumn> unknownColumns,
        long rowsRead,
        long rowsValid,
        long rowsInvalid,
        Skipped skipped,
        Long statedFileCount,
        long legacyRetentionRows,
        long withheldSecretRows,
        long legacyConvertedCells,
        List<ImportWarning> warnings,
        List<ImportProblem> problems) {

    /**
     * The sheet's furniture, skipped and counted.
     *
     * @param blank           rows with nothing in an imported column
     * @param repeatedHeaders rows repeating the header (after each printed page)
     * @param columnNumbers   column-number rows ("1 | 2 | 3 ..." or "(1) (2) (3) ...") under a header
     * @param headings        classification headings ("I. TỔNG HỢP"), which become the series of the rows below
     * @param closingLines    the totals or closing line ("Tổng cộng", "Mục lục này gồm … hồ sơ") and the rows after
     *                        it that name no file (signatures, dates)
     */
    public record Skipped(long blank, long repeatedHeaders, long columnNumbers, long headings, long closingLines) {

        public static final Skipped NONE = new Skipped(0, 0, 0, 0, 0);
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public ImportReport {
        titleBlock = titleBlock == null ? TitleBlock.NONE : titleBlock;
        skipped = skipped == null ? Skipped.NONE : skipped;
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
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
