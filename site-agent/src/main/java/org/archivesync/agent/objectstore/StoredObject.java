package org.archivesync.agent.objectstore;

/**
 * An object written and verified.
 *
 * @param key       its key in the store
 * @param sha256    SHA-256 of its bytes (32 bytes), equal to the source's
 * @param sizeBytes its length
 */
public record StoredObject(String key, byte[] sha256, long sizeBytes) {
}
