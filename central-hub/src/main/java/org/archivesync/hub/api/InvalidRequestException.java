package org.archivesync.hub.api;

import java.util.List;

/**
 * A request the API refuses after reading it (values that are each valid but do not go together, or a body whose
 * fields are wrong); answered 400 with the listed errors.
 */
public class InvalidRequestException extends RuntimeException {

    /**
     * One refused value.
     *
     * @param parameter the parameter or body field
     * @param value the value given (may be null)
     * @param reason why, in English (a message key of the bundles when {@code reasonKey} is set)
     */
    public record FieldError(String parameter, Object value, String reason) {
    }

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.toString());
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String parameter, Object value, String reason) {
        this(List.of(new FieldError(parameter, value, reason)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
