package org.archivesync.hub.bundles;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for bundle uploads, from the message bundles. */
@RestControllerAdvice(assignableTypes = BundleController.class)
class BundleProblems {

    private final MessageSource messages;

    BundleProblems(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler
    ProblemDetail rejected(BundleRejectedException e, Locale locale) {
        ProblemDetail pd = ProblemDetail.forStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        pd.setTitle(messages.getMessage("bundles.problem.rejected.title", null, locale));
        pd.setDetail(messages.getMessage(e.reason().messageKey() + ".detail", null, locale));
        pd.setProperty("reason", e.reason().name());
        return pd;
    }
}
