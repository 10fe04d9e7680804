package org.archivesync.hub.database;

/**
 * Where the catalogue's database lives, for messages that must tell an operator which one the hub opened: the embedded
 * PostgreSQL's absolute data directory. Absent when the hub uses an external PostgreSQL.
 *
 * @param description the absolute data directory, never null
 */
public record CatalogueLocation(String description) {
}
