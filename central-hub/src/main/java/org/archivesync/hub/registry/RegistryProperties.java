package org.archivesync.hub.registry;

import jakarta.validation.constraints.NotNull;
import org.archivesync.schemas.registry.CompatibilityLevel;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The hub's embedded schema registry endpoint.
 *
 * @param enabled serve the Confluent-compatible API under {@code /registry}; off when agents and hub use a real
 *                Confluent Schema Registry
 * @param compatibility the global compatibility level until an operator sets one with {@code PUT /config};
 *                      Confluent's default is BACKWARD
 * @param readAccess who may read schemas, look them up and test compatibility: everyone ({@code OPEN}, Confluent's
 *                   convention, so any Kafka client decodes the hub's topics) or signed-in hub users
 *                   ({@code AUTHENTICATED}, any role). Writes always need an operator
 * @param maxRequestSize the largest request body read; a larger one is refused with 413 before it is parsed (the
 *                       largest contract schema, SiteEvent, is about 20 KB)
 */
@Validated
@ConfigurationProperties("archive-sync.hub.registry")
record RegistryProperties(@DefaultValue("true") boolean enabled,
                          @DefaultValue("BACKWARD") @NotNull CompatibilityLevel compatibility,
                          @DefaultValue("OPEN") @NotNull ReadAccess readAccess,
                          @DefaultValue("1MB") @NotNull DataSize maxRequestSize) {

    /** Who may read the registry. */
    enum ReadAccess {
        /** Anyone who reaches the hub, as a Confluent Schema Registry without authentication. */
        OPEN,
        /** A hub user of any role (HTTP basic), or the hub itself. */
        AUTHENTICATED
    }

    RegistryProperties {
        if (maxRequestSize != null && (maxRequestSize.toBytes() < 1024 || maxRequestSize.toBytes() > Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(
                    "archive-sync.hub.registry.max-request-size must be between 1KB and 2GB: " + maxRequestSize);
        }
    }
}
