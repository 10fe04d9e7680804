package org.archivesync.agent.importer;

import java.util.List;

/**
 * Cells that would be imported hold formulas. Formulas are never evaluated: their cached
 * results may be stale and evaluating them would run the sheet's logic. The whole import is
 * refused unless {@link ImportOptions#skipFormulaRows()}; the report lists every problem of
 * the sheet (formula cells included), so a dry run still shows the clerk everything at once.
 */
public final class FormulaCellsRefusedException extends ImportRefusedException {

    private final transient ImportReport report;

    FormulaCellsRefusedException(ImportReport report, long formulaCells) {
        super("import.refused.formula-cells", List.of(report.file(), formulaCells), null);
        this.report = report;
    }

    /** The full report of the sheet as read; no file was produced. */
    public ImportReport report() {
        return report;
    }
}
