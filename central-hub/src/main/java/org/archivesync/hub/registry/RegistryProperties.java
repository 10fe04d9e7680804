package org.archivesync.hub.registry;

import jakarta.validation.constraints.NotNull;
import org.archivesync.schemas.registry.CompatibilityLevel;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The hub's embedded schema registry endpoint.
 *
 * @param enabled serve the Confluent-compatible API under {@code /registry}; off when agents and hub use a real
 *                Confluent Schema Registry
 * @param compatibility the global compatibility level until an operator sets one with {@code PUT /config};
 *                      Confluent's default is BACKWARD
 */
@Validated
@ConfigurationProperties("archive-sync.hub.registry")
record RegistryProperties(@DefaultValue("true") boolean enabled,
                          @DefaultValue("BACKWARD") @NotNull CompatibilityLevel compatibility) {
}
