package org.archivesync.hub.lineage;

import java.util.Locale;
import org.archivesync.hub.api.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for what only the lineage feature refuses: a code that names several units. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(basePackages = {"org.archivesync.hub.lineage", "org.archivesync.hub.progress",
        "org.archivesync.hub.search"})
class LineageProblems {

    private final Problems problems;

    LineageProblems(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler
    ProblemDetail ambiguous(AmbiguousUnitException e, Locale locale) {
        ProblemDetail pd = problems.of(HttpStatus.BAD_REQUEST, "lineage.problem.ambiguous-unit", locale, e.ref(),
                String.join(", ", e.unitCodes()));
        pd.setProperty("unitCodes", e.unitCodes());
        return pd;
    }
}
