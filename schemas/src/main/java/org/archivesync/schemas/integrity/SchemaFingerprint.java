package org.archivesync.schemas.integrity;

import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The writer-schema fingerprint the chain hashes with every body ({@code F(n)} in docs/contracts.md, "Chain rule"):
 * SHA-256 over the UTF-8 bytes of the schema's Avro Parsing Canonical Form. Two schemas share a fingerprint exactly
 * when they read the same bytes the same way: names, field order, types, enum symbols and their order count; docs,
 * aliases, defaults and logical types do not (Parsing Canonical Form drops them, and the hub's reader schema, not the
 * writer's, supplies defaults and logical types).
 *
 * <p>Computed once per schema instance: a small LRU keyed by identity, as agents hash with one generated schema and the
 * hub with the few its registry client holds. Thread-safe.
 */
public final class SchemaFingerprint {

    /** Length of a fingerprint, in bytes. */
    public static final int LENGTH = 32;
    /** Schema instances whose fingerprint is kept: as many as a registry client keeps schemas. */
    static final int CACHED_SCHEMAS = 256;

    private static final Map<Identity, byte[]> CACHE = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Identity, byte[]> eldest) {
                    return size() > CACHED_SCHEMAS;
                }
            });

    /** Keys the cache by instance: equal schemas need not be the same object, and equals walks the whole tree. */
    private record Identity(Schema schema) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Identity other && other.schema == schema;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(schema);
        }
    }

    private SchemaFingerprint() {
    }

    /**
     * The fingerprint of a writer schema.
     *
     * @param writer the schema the body was (or claims to be) written with, never null
     * @return a new 32-byte array
     */
    public static byte[] of(Schema writer) {
        Identity key = new Identity(writer);
        byte[] cached = CACHE.get(key);
        if (cached == null) {
            cached = compute(writer);
            CACHE.put(key, cached);
        }
        return cached.clone();
    }

    /** How many schemas the cache holds now; for tests of its bound. */
    static int cachedSchemas() {
        return CACHE.size();
    }

    private static byte[] compute(Schema writer) {
        try {
            return SchemaNormalization.parsingFingerprint("SHA-256", writer);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
