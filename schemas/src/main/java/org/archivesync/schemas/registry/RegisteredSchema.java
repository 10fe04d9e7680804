package org.archivesync.schemas.registry;

import org.apache.avro.Schema;

/**
 * A schema as registered under a subject.
 *
 * @param subject the subject, e.g. {@code archive.site-events-value}
 * @param id the global schema id (the one in the wire prefix)
 * @param version the version under the subject, from 1
 * @param schema the parsed Avro schema
 */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
}
