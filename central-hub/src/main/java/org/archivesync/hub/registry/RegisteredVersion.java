package org.archivesync.hub.registry;

/**
 * A schema as registered under a subject.
 *
 * @param subject the subject (never null)
 * @param id the global schema id
 * @param version the version under the subject, from 1
 * @param schema the schema's canonical JSON, as the registry stores and returns it (never null)
 */
public record RegisteredVersion(String subject, int id, int version, String schema) {
}
