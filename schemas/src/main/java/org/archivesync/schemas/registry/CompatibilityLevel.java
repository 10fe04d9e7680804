package org.archivesync.schemas.registry;

/** Confluent's compatibility levels, as written in {@code /config} bodies. */
public enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE
}
