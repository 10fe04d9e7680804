package org.archivesync.schemas.registry;

/**
 * An error answered by a schema registry, with Confluent's HTTP status and {@code error_code}. Subclasses name the
 * documented codes; {@link #retriable()} says whether asking again later can help (server-side 5xx errors, connection
 * failures, 408 request timeout and 429 rate limiting) or not (every other 4xx).
 */
public class SchemaRegistryException extends RuntimeException {

    private final int status;
    private final int errorCode;

    public SchemaRegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.errorCode = -1;
    }

    /** HTTP status, or -1 when no answer came. */
    public int status() {
        return status;
    }

    /** Confluent's {@code error_code}, or -1 when none. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the same request may succeed later. */
    public boolean retriable() {
        // 408 and 429 are the registry (or Confluent Cloud's rate limiter) saying "not now", not "never".
        return status < 0 || status >= 500 || status == 408 || status == 429;
    }

    /** 40401: the subject does not exist. */
    public static final class SubjectNotFoundException extends SchemaRegistryException {
        public SubjectNotFoundException(int status, String message) {
            super(status, 40401, message);
        }
    }

    /** 40402: the subject has no such version. */
    public static final class VersionNotFoundException extends SchemaRegistryException {
        public VersionNotFoundException(int status, String message) {
            super(status, 40402, message);
        }
    }

    /** 40403: no schema with that id, or the schema is not registered under the subject. */
    public static final class SchemaNotFoundException extends SchemaRegistryException {
        public SchemaNotFoundException(int status, String message) {
            super(status, 40403, message);
        }
    }

    /** HTTP 409: the schema is incompatible with earlier versions under the subject's compatibility level. */
    public static final class IncompatibleSchemaException extends SchemaRegistryException {
        public IncompatibleSchemaException(int errorCode, String message) {
            super(409, errorCode, message);
        }
    }

    /** 42201: the schema text is not a valid schema. */
    public static final class InvalidSchemaException extends SchemaRegistryException {
        public InvalidSchemaException(int status, String message) {
            super(status, 42201, message);
        }
    }

    /** 42202: the version is neither a positive integer nor "latest". */
    public static final class InvalidVersionException extends SchemaRegistryException {
        public InvalidVersionException(int status, String message) {
            super(status, 42202, message);
        }
    }

    /** 42203: the compatibility level is not one Confluent defines. */
    public static final class InvalidCompatibilityLevelException extends SchemaRegistryException {
        public InvalidCompatibilityLevelException(int status, String message) {
            super(status, 42203, message);
        }
    }

    /**
     * HTTP 401 (no or wrong credentials) or 403 (the user may not do this): the message names the registry and the
     * user, never the password. Not retriable: asking again with the same credentials gets the same answer.
     */
    public static final class AccessDeniedException extends SchemaRegistryException {
        private final String user;

        public AccessDeniedException(int status, int errorCode, String user, String message) {
            super(status, errorCode, message);
            this.user = user;
        }

        /** The user the client signed in as, or null when it sent no credentials. */
        public String user() {
            return user;
        }
    }

    /** Builds the exception for a Confluent error body. */
    static SchemaRegistryException of(int status, int errorCode, String message) {
        return switch (errorCode) {
            case 40401 -> new SubjectNotFoundException(status, message);
            case 40402 -> new VersionNotFoundException(status, message);
            case 40403 -> new SchemaNotFoundException(status, message);
            case 42201 -> new InvalidSchemaException(status, message);
            case 42202 -> new InvalidVersionException(status, message);
            case 42203 -> new InvalidCompatibilityLevelException(status, message);
            default -> status == 409 ? new IncompatibleSchemaException(errorCode, message)
                    : new SchemaRegistryException(status, errorCode, message);
        };
    }
}
