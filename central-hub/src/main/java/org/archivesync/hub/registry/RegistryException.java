package org.archivesync.hub.registry;

/**
 * A request the registry refuses, with the HTTP status and Confluent {@code error_code} it answers with. The
 * {@link Kind} names what happened; the message is the text of Confluent's {@code message} field.
 */
public final class RegistryException extends RuntimeException {

    /** What went wrong, with Confluent's documented status and error code. */
    public enum Kind {
        SUBJECT_NOT_FOUND(404, 40401),
        VERSION_NOT_FOUND(404, 40402),
        SCHEMA_NOT_FOUND(404, 40403),
        SUBJECT_COMPATIBILITY_NOT_CONFIGURED(404, 40408),
        INCOMPATIBLE_SCHEMA(409, 409),
        INVALID_SCHEMA(422, 42201),
        INVALID_VERSION(422, 42202),
        INVALID_COMPATIBILITY_LEVEL(422, 42203),
        UNREADABLE_REQUEST(400, 400),
        NOT_FOUND(404, 404),
        UNSUPPORTED_MEDIA_TYPE(415, 415);

        private final int status;
        private final int errorCode;

        Kind(int status, int errorCode) {
            this.status = status;
            this.errorCode = errorCode;
        }

        /** The HTTP status. */
        public int status() {
            return status;
        }

        /** Confluent's {@code error_code}. */
        public int errorCode() {
            return errorCode;
        }
    }

    private final Kind kind;

    RegistryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /** What went wrong (never null). */
    public Kind kind() {
        return kind;
    }

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(Kind.SUBJECT_NOT_FOUND, "Subject '" + subject + "' does not exist.");
    }

    static RegistryException versionNotFound(String subject, int version) {
        return new RegistryException(Kind.VERSION_NOT_FOUND,
                "Subject '" + subject + "' has no version " + version + ".");
    }

    static RegistryException schemaNotFound(String what) {
        return new RegistryException(Kind.SCHEMA_NOT_FOUND, what);
    }

    static RegistryException compatibilityNotConfigured(String subject) {
        return new RegistryException(Kind.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' has no subject-level compatibility level.");
    }

    static RegistryException incompatible(String message) {
        return new RegistryException(Kind.INCOMPATIBLE_SCHEMA, message);
    }

    static RegistryException invalidSchema(String message) {
        return new RegistryException(Kind.INVALID_SCHEMA, message);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(Kind.INVALID_VERSION, "'" + version
                + "' is not a version: use a whole number from 1 to 2147483647, -1 or 'latest'.");
    }

    static RegistryException invalidCompatibilityLevel(String level) {
        return new RegistryException(Kind.INVALID_COMPATIBILITY_LEVEL, "'" + level
                + "' is not a compatibility level: use NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD,"
                + " FORWARD_TRANSITIVE, FULL or FULL_TRANSITIVE.");
    }

    static RegistryException unreadable(String message) {
        return new RegistryException(Kind.UNREADABLE_REQUEST, message);
    }

    static RegistryException notFound(String method, String path) {
        return new RegistryException(Kind.NOT_FOUND, "HTTP 404: " + method + " " + path + " is not served here.");
    }

    static RegistryException unsupportedMediaType(String contentType) {
        return new RegistryException(Kind.UNSUPPORTED_MEDIA_TYPE, "HTTP 415: requests of type " + contentType
                + " are not read; send application/vnd.schemaregistry.v1+json.");
    }
}
