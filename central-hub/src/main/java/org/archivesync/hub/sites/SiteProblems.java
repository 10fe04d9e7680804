package org.archivesync.hub.sites;

import java.util.Locale;
import org.archivesync.hub.api.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** RFC 9457 problem details for the sites and enrollment API, titled and explained from the message bundles. */
@RestControllerAdvice(assignableTypes = {SiteController.class, EnrollmentController.class})
class SiteProblems {

    private final Problems problems;

    SiteProblems(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler
    ProblemDetail unknownSite(UnknownSiteException e, Locale locale) {
        ProblemDetail pd = problem(HttpStatus.NOT_FOUND, "sites.problem.unknown-site", locale, e.siteCode());
        pd.setProperty("siteCode", e.siteCode());
        return pd;
    }

    @ExceptionHandler
    ProblemDetail unknownKey(UnknownKeyException e, Locale locale) {
        ProblemDetail pd = problem(HttpStatus.NOT_FOUND, "sites.problem.unknown-key", locale, e.siteCode(), e.keyId());
        pd.setProperty("siteCode", e.siteCode());
        pd.setProperty("keyId", e.keyId());
        return pd;
    }

    @ExceptionHandler
    ProblemDetail siteExists(SiteAlreadyExistsException e, Locale locale) {
        ProblemDetail pd = problem(HttpStatus.CONFLICT, "sites.problem.site-exists", locale, e.siteCode());
        pd.setProperty("siteCode", e.siteCode());
        return pd;
    }

    @ExceptionHandler
    ProblemDetail invalidField(InvalidSiteFieldException e, Locale locale) {
        ProblemDetail pd = problems.of(HttpStatus.BAD_REQUEST, "sites.problem.invalid-field",
                "sites.problem.invalid-field." + e.field() + ".detail", locale);
        pd.setProperty("field", e.field());
        return pd;
    }

    /** One answer for every refused token; the reason is there for the clerk, who holds the token anyway. */
    @ExceptionHandler
    ProblemDetail invalidToken(InvalidEnrollmentTokenException e, Locale locale) {
        ProblemDetail pd = problem(HttpStatus.UNAUTHORIZED, "sites.problem.invalid-token", locale);
        pd.setProperty("siteCode", e.siteCode());
        pd.setProperty("reason", e.reason().name());
        return pd;
    }

    @ExceptionHandler
    ProblemDetail keyElsewhere(KeyEnrolledElsewhereException e, Locale locale) {
        ProblemDetail pd = problem(HttpStatus.CONFLICT, "sites.problem.key-enrolled-elsewhere", locale);
        pd.setProperty("keyId", e.keyId());
        return pd;
    }

    @ExceptionHandler
    ProblemDetail unreadable(HttpMessageNotReadableException e, Locale locale) {
        return problem(HttpStatus.BAD_REQUEST, "sites.problem.unreadable", locale);
    }

    private ProblemDetail problem(HttpStatus status, String key, Locale locale, Object... args) {
        return problems.of(status, key, locale, args);
    }
}
