package org.archivesync.hub.lineage;

import java.util.Locale;
import org.springframework.context.MessageSource;
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

    private final MessageSource messages;

    LineageProblems(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler
    ProblemDetail ambiguous(AmbiguousUnitException e, Locale locale) {
        ProblemDetail pd = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        pd.setTitle(messages.getMessage("lineage.problem.ambiguous-unit.title", null, locale));
        pd.setDetail(messages.getMessage("lineage.problem.ambiguous-unit.detail",
                new Object[] {e.ref(), String.join(", ", e.unitCodes())}, locale));
        pd.setProperty("unitCodes", e.unitCodes());
        return pd;
    }
}
