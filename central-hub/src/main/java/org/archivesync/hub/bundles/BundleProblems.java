package org.archivesync.hub.bundles;

import java.util.Locale;
import org.archivesync.hub.api.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for bundle uploads, from the message bundles. */
@RestControllerAdvice(assignableTypes = BundleController.class)
class BundleProblems {

    private final Problems problems;

    BundleProblems(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler
    ProblemDetail rejected(BundleRejectedException e, Locale locale) {
        ProblemDetail pd = problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "bundles.problem.rejected",
                e.reason().messageKey() + ".detail", locale);
        pd.setProperty("reason", e.reason().name());
        return pd;
    }
}
