package org.archivesync.agent.web;

import java.util.Locale;
import org.archivesync.agent.identity.EnrollmentException;
import org.archivesync.agent.importer.ImportRefusedException;
import org.archivesync.agent.messages.AgentException;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.recording.RecordingRefusedException;
import org.archivesync.agent.recording.Refusal;
import org.archivesync.agent.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps the agent's exceptions to RFC 9457 problem details, in the request's language (Vietnamese unless
 * {@code Accept-Language} asks for English). A refusal carries {@code reason} (the message key), {@code field} and,
 * in a batch, {@code commandIndex}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    @ExceptionHandler
    ProblemDetail refused(RecordingRefusedException e, Locale locale) {
        boolean forked = e.reason() == Refusal.FORK_BEHIND || e.reason() == Refusal.FORK_BESIDE;
        HttpStatus status = e.reason() == Refusal.NOT_ENROLLED || forked ? HttpStatus.CONFLICT
                : HttpStatus.UNPROCESSABLE_CONTENT;
        ProblemDetail pd = problem(status, e.reason() == Refusal.NOT_ENROLLED ? "problem.not-enrolled"
                : forked ? "problem.chain-forked" : "problem.recording-refused", e, locale);
        pd.setProperty("field", e.field());
        if (forked) {
            // A re-base by an operator is the way out (deploy/README.md, "Forks"); the two sequences say how far apart.
            pd.setProperty("fork", e.reason() == Refusal.FORK_BEHIND ? "BEHIND" : "BESIDE");
            pd.setProperty("hubSequence", e.messageArgs()[1]);
            pd.setProperty("localSequence", e.messageArgs()[2]);
        }
        if (e.commandIndex() >= 0) {
            pd.setProperty("commandIndex", e.commandIndex());
        }
        log.info("command refused reason={} field={} commandIndex={}", e.messageKey(), e.field(), e.commandIndex());
        return pd;
    }

    /** A whole file refused by the importer: 422, nothing recorded; a formula refusal carries the sheet's report. */
    @ExceptionHandler
    ProblemDetail importRefused(ImportRefusedException e, Locale locale) {
        ProblemDetail pd = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "problem.import-refused",
                e.localizedMessage(AgentMessages.of(locale).locale()), locale);
        pd.setProperty("reason", e.messageKey());
        if (e.report() != null) {
            pd.setProperty("report", e.report());
        }
        log.info("import refused reason={}", e.messageKey());
        return pd;
    }

    @ExceptionHandler
    ProblemDetail unknownType(UnknownCommandTypeException e, Locale locale) {
        return problem(HttpStatus.BAD_REQUEST, "problem.bad-request", e, locale);
    }

    @ExceptionHandler
    ProblemDetail identity(EnrollmentException e, Locale locale) {
        log.error("agent identity unusable reason={}", e.messageKey());
        return problem(HttpStatus.SERVICE_UNAVAILABLE, "problem.identity-unusable", e, locale);
    }

    @ExceptionHandler
    ProblemDetail store(StoreException e, Locale locale) {
        log.error("store failed error={}", e.getMessage());
        return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "problem.store-unavailable",
                AgentMessages.of(locale).get("problem.store-unavailable.detail"), locale);
    }

    private static ProblemDetail problem(HttpStatus status, String titleKey, AgentException e, Locale locale) {
        ProblemDetail pd = Problems.of(status, titleKey, AgentMessages.of(locale).render(e), locale);
        pd.setProperty("reason", e.messageKey());
        return pd;
    }
}
