package org.archivesync.agent.importer;

import java.util.Locale;

/** Renders an {@link ImportReport} as the console text, every sentence from the bundles. */
final class ReportText {

    private ReportText() {
    }

    static String render(ImportReport report, Locale locale) {
        StringBuilder out = new StringBuilder();
        line(out, locale, "import.report.title", report.file());
        if (report.sheet() != null) {
            line(out, locale, "import.report.sheet", report.sheet(), report.headerRow());
        } else {
            line(out, locale, "import.report.csv", report.encoding(), report.headerRow());
        }
        TitleBlock title = report.titleBlock();
        if (title.fondsName() != null || title.fondsNumber() != null || title.listNumber() != null) {
            line(out, locale, "import.report.title-block", dash(title.fondsName()), dash(title.fondsNumber()),
                    dash(title.listNumber()));
        }
        line(out, locale, "import.report.columns");
        for (ReportColumn column : report.columns()) {
            String field = ImportMessages.format(locale, column.field().messageKey());
            line(out, locale, "import.report.column", column.column(), column.header(), field);
        }
        if (!report.unknownColumns().isEmpty()) {
            line(out, locale, "import.report.unknown-columns");
            for (ReportColumn column : report.unknownColumns()) {
                line(out, locale, "import.report.unknown-column", column.column(), column.header());
            }
        }
        line(out, locale, "import.report.counts", report.rowsRead(), report.rowsValid(), report.rowsInvalid());
        ImportReport.Skipped skipped = report.skipped();
        line(out, locale, "import.report.skipped", skipped.blank(), skipped.repeatedHeaders(), skipped.columnNumbers(),
                skipped.headings(), skipped.closingLines());
        if (report.statedFileCount() != null) {
            line(out, locale, "import.report.stated-count", report.statedFileCount());
        }
        if (report.legacyRetentionRows() > 0) {
            line(out, locale, "import.report.legacy-retention", report.legacyRetentionRows());
        }
        for (ImportWarning warning : report.warnings()) {
            line(out, locale, warning.messageKey(), warning.arguments().toArray());
        }
        if (report.withheldSecretRows() > 0) {
            line(out, locale, "import.report.withheld", report.withheldSecretRows());
        }
        if (report.legacyConvertedCells() > 0) {
            line(out, locale, "import.report.converted", report.legacyConvertedCells());
        }
        if (report.problems().isEmpty()) {
            line(out, locale, "import.report.no-problems");
        } else {
            line(out, locale, "import.report.problems", report.problems().size());
            for (ImportProblem problem : report.problems()) {
                String reason = ImportMessages.format(locale, problem.reason().messageKey(),
                        problem.arguments().toArray());
                if (problem.column() == null) {
                    line(out, locale, "import.report.problem-no-column", problem.row(), reason);
                } else if (problem.value() == null) {
                    line(out, locale, "import.report.problem-no-value", problem.row(), problem.column(),
                            problem.cell(), reason);
                } else {
                    line(out, locale, "import.report.problem", problem.row(), problem.column(), problem.cell(),
                            reason, problem.value());
                }
            }
        }
        return out.toString();
    }

    private static String dash(String text) {
        return text == null ? "—" : text;
    }

    private static void line(StringBuilder out, Locale locale, String key, Object... arguments) {
        out.append(ImportMessages.format(locale, key, arguments)).append('\n');
    }
}
