package org.archivesync.agent.importer;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One problem with one data row, located the way the clerk sees it in Excel.
 *
 * @param row       the row number as Excel shows it (1-based); for a CSV, the record number
 * @param cell      the cell reference ("C7"), or null when the problem has no column
 * @param column    the column's header text as written in the sheet, or null when it has no column
 * @param value     the cell's text (for a duplicated identifier, the identifier); null when blank, and always null
 *                  for a descriptive column (title, keywords, notes, physical condition) of a state-secret row
 * @param reason    why the row is not imported
 * @param arguments what the reason's message names: the other rows of a duplicated identifier, the stated and read
 *                  counts of a closing line; empty for most reasons (and then left out of the JSON)
 */
public record ImportProblem(long row, String cell, String column, String value, ProblemReason reason,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> arguments) {

    public ImportProblem {
        arguments = arguments == null ? List.of() : List.copyOf(arguments);
    }

    public ImportProblem(long row, String cell, String column, String value, ProblemReason reason) {
        this(row, cell, column, value, reason, List.of());
    }
}
