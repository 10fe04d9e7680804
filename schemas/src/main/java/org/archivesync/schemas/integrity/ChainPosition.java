package org.archivesync.schemas.integrity;

import java.util.Arrays;

/**
 * A point in a site's chain: the last sequence and its hash. The hub stores one per site as its cursor.
 *
 * @param sequence the last sequence, 0 before the first event
 * @param hash its chain hash, 32 zero bytes before the first event (never null)
 */
public record ChainPosition(long sequence, byte[] hash) {

    public ChainPosition {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
        }
        if (hash == null || hash.length != ChainHash.LENGTH) {
            throw new IllegalArgumentException("hash must be " + ChainHash.LENGTH + " bytes");
        }
    }

    /** Before a site's first event. */
    public static ChainPosition start() {
        return new ChainPosition(0, ChainHash.genesis());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainPosition p && p.sequence == sequence && Arrays.equals(p.hash, hash);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(sequence) * 31 + Arrays.hashCode(hash);
    }

    @Override
    public String toString() {
        return "ChainPosition[sequence=" + sequence + ", hash=" + ChainHash.hex(hash) + "]";
    }
}
