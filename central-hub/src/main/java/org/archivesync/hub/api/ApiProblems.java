package org.archivesync.hub.api;

import jakarta.validation.ConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * RFC 9457 problem details for the catalogue's REST API (lineage, custody, destruction, progress, search, exports):
 * one advice for the errors they share, titled and explained from the message bundles. Every refused parameter is
 * listed under {@code errors} as {@code {parameter, value, reason}}.
 */
@RestControllerAdvice(basePackages = {"org.archivesync.hub.lineage", "org.archivesync.hub.custody",
        "org.archivesync.hub.destruction", "org.archivesync.hub.progress", "org.archivesync.hub.search",
        "org.archivesync.hub.exports", "org.archivesync.hub.catalogue",
        "org.archivesync.hub.report"})
class ApiProblems {

    private final Problems problems;

    ApiProblems(Problems problems) {
        this.problems = problems;
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e, Locale locale) {
        return about(HttpStatus.NOT_FOUND, "api.problem.not-found", e.kind(), e.key(), locale);
    }

    @ExceptionHandler
    ProblemDetail conflict(ConflictException e, Locale locale) {
        return about(HttpStatus.CONFLICT, "api.problem.conflict", e.kind(), e.key(), locale);
    }

    @ExceptionHandler
    ProblemDetail body(MethodArgumentNotValidException e, Locale locale) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        e.getBindingResult().getFieldErrors().forEach(f -> errors.add(new InvalidRequestException.FieldError(
                f.getField(), f.getRejectedValue(), f.getDefaultMessage())));
        e.getBindingResult().getGlobalErrors().forEach(g -> errors.add(new InvalidRequestException.FieldError(
                g.getObjectName(), null, g.getDefaultMessage())));
        return invalid(errors, locale);
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidRequestException e, Locale locale) {
        return invalid(e.errors(), locale);
    }

    @ExceptionHandler
    ProblemDetail methodValidation(HandlerMethodValidationException e, Locale locale) {
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        e.getParameterValidationResults().forEach(r -> {
            String name = r.getMethodParameter().getParameterName();
            for (MessageSourceResolvable m : r.getResolvableErrors()) {
                errors.add(new InvalidRequestException.FieldError(name, r.getArgument(), m.getDefaultMessage()));
            }
        });
        return invalid(errors, locale);
    }

    @ExceptionHandler
    ProblemDetail constraint(ConstraintViolationException e, Locale locale) {
        List<InvalidRequestException.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new InvalidRequestException.FieldError(last(v.getPropertyPath().toString()),
                        v.getInvalidValue(), v.getMessage()))
                .toList();
        return invalid(errors, locale);
    }

    @ExceptionHandler
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e, Locale locale) {
        String expected = e.getRequiredType() == null ? "?" : e.getRequiredType().getSimpleName();
        return invalid(List.of(new InvalidRequestException.FieldError(e.getName(), e.getValue(),
                "not a valid " + expected + (e.getRequiredType() != null && e.getRequiredType().isEnum()
                        ? " (one of " + List.of(e.getRequiredType().getEnumConstants()) + ")" : ""))), locale);
    }

    @ExceptionHandler
    ProblemDetail missing(MissingServletRequestParameterException e, Locale locale) {
        return invalid(List.of(new InvalidRequestException.FieldError(e.getParameterName(), null, "required")), locale);
    }

    @ExceptionHandler
    ProblemDetail missingPart(MissingServletRequestPartException e, Locale locale) {
        return invalid(List.of(new InvalidRequestException.FieldError(e.getRequestPartName(), null, "required")), locale);
    }

    @ExceptionHandler
    ProblemDetail unreadable(HttpMessageNotReadableException e, Locale locale) {
        return problem(HttpStatus.BAD_REQUEST, "api.problem.unreadable", locale);
    }

    private ProblemDetail invalid(List<InvalidRequestException.FieldError> errors, Locale locale) {
        ProblemDetail pd = problem(HttpStatus.BAD_REQUEST, "api.problem.invalid-parameters", locale,
                errors.stream().map(InvalidRequestException.FieldError::parameter).distinct()
                        .reduce((a, b) -> a + ", " + b).orElse(""));
        pd.setProperty("errors", errors);
        return pd;
    }

    /** A problem with one thing of a kind (a fonds, a handover, ...) named by its key. */
    private ProblemDetail about(HttpStatus status, String key, String kind, String thing, Locale locale) {
        ProblemDetail pd = problem(status, key, locale, problems.text("api.thing." + kind, kind, locale), thing);
        pd.setProperty("kind", kind);
        pd.setProperty("key", thing);
        return pd;
    }

    private ProblemDetail problem(HttpStatus status, String key, Locale locale, Object... args) {
        return problems.of(status, key, locale, args);
    }

    private static String last(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
