package org.archivesync.hub.registry;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Confluent's error bodies, {@code {"error_code": N, "message": "..."}}, for the registry endpoint only (the rest of
 * the hub answers RFC 9457 problem details). The messages are protocol text for Kafka clients and tools, in English
 * like Confluent's own, not user-facing text.
 */
@RestControllerAdvice(assignableTypes = RegistryController.class)
class RegistryErrors {

    private static final Logger log = LoggerFactory.getLogger(RegistryErrors.class);
    private static final MediaType V1_JSON = MediaType.parseMediaType(RegistryController.V1_JSON);

    record ErrorBody(@JsonProperty("error_code") int errorCode, String message) {
    }

    @ExceptionHandler
    ResponseEntity<ErrorBody> refused(RegistryException e) {
        return body(e.kind().status(), e.kind().errorCode(), e.getMessage());
    }

    /** Spring's own request errors (unsupported media type, missing body...), with the HTTP status as error_code. */
    @ExceptionHandler
    ResponseEntity<ErrorBody> badRequest(Exception e) {
        if (e instanceof ErrorResponse response) {
            int status = response.getStatusCode().value();
            String detail = response.getBody().getDetail();
            return body(status, status, detail != null ? detail : "HTTP " + status);
        }
        log.error("schema registry request failed", e);
        // 50001: Confluent's code for a failure of the backing store.
        return body(500, 50001, "The registry's store failed; see the hub's log.");
    }

    private static ResponseEntity<ErrorBody> body(int status, int code, String message) {
        return ResponseEntity.status(status).contentType(V1_JSON).body(new ErrorBody(code, message));
    }
}
