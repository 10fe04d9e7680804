package org.archivesync.hub.ingest;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the ingest operator API, from the message bundles. */
@RestControllerAdvice(assignableTypes = QuarantineController.class)
class IngestProblems {

    private final MessageSource messages;

    IngestProblems(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler
    ProblemDetail releaseRefused(ReleaseRefusedException e, Locale locale) {
        boolean unknown = e.reason() == ReleaseRefusedException.Reason.UNKNOWN_SITE;
        String key = unknown ? "ingest.problem.unknown-site" : "ingest.problem.not-quarantined";
        ProblemDetail pd = ProblemDetail.forStatus(unknown ? HttpStatus.NOT_FOUND : HttpStatus.CONFLICT);
        pd.setTitle(messages.getMessage(key + ".title", null, locale));
        pd.setDetail(messages.getMessage(key + ".detail", new Object[] {e.siteCode()}, locale));
        pd.setProperty("siteCode", e.siteCode());
        pd.setProperty("reason", e.reason().name());
        return pd;
    }
}
