package org.archivesync.hub.security;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Console and API users.
 *
 * @param initialOperator the first operator, created on start when it does not exist yet; both fields or neither
 * @param minPasswordLength shortest password accepted for a new user
 */
@Validated
@ConfigurationProperties("archive-sync.hub.security")
record SecurityProperties(InitialOperator initialOperator, @DefaultValue("12") @Min(8) int minPasswordLength) {

    /**
     * @param username the operator's name; null for none
     * @param passwordFile a file holding the password (first line); the hub never writes or logs it
     */
    record InitialOperator(String username, Path passwordFile) {
    }
}
