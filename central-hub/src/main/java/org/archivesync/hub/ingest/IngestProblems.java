package org.archivesync.hub.ingest;

import java.util.Locale;
import org.archivesync.hub.api.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the ingest operator API, from the message bundles. */
@RestControllerAdvice(assignableTypes = QuarantineController.class)
class IngestProblems {

    private final Problems problems;

    IngestProblems(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler
    ProblemDetail releaseRefused(ReleaseRefusedException e, Locale locale) {
        boolean unknown = e.reason() == ReleaseRefusedException.Reason.UNKNOWN_SITE;
        String key = unknown ? "ingest.problem.unknown-site" : "ingest.problem.not-quarantined";
        ProblemDetail pd = problems.of(unknown ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT, key, locale, e.siteCode());
        pd.setProperty("siteCode", e.siteCode());
        pd.setProperty("reason", e.reason().name());
        return pd;
    }
}
