package org.archivesync.schemas.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The chain rule shared by agent and hub, {@code hash(n) = SHA-256(hash(n-1) || F(n) || body(n))}, stated with its
 * exact bytes in docs/contracts.md, "Chain rule": {@code F(n)} is the {@link SchemaFingerprint} of the schema
 * {@code body(n)} was written with, {@code body(n)} the Avro binary body of the site's n-th {@code SiteEvent} (without
 * the 5-byte Confluent wire prefix) and {@code hash(0)} 32 zero bytes.
 */
public final class ChainHash {

    /** Length of every hash in the chain, in bytes. */
    public static final int LENGTH = 32;

    private static final byte[] GENESIS = new byte[LENGTH];

    private ChainHash() {
    }

    /** The hash before a site's first event: 32 zero bytes (a fresh copy). */
    public static byte[] genesis() {
        return GENESIS.clone();
    }

    /**
     * The hash of the next event.
     *
     * @param previous the hash of the previous event (32 bytes, never null)
     * @param schemaFingerprint the {@link SchemaFingerprint} of the schema the body was written with (32 bytes, never
     *                          null)
     * @param body the event's Avro binary body (never null)
     * @return a new 32-byte array
     */
    public static byte[] next(byte[] previous, byte[] schemaFingerprint, byte[] body) {
        return next(previous, schemaFingerprint, body, 0, body.length);
    }

    /** As {@link #next(byte[], byte[], byte[])}, over {@code body[offset, offset+length)}. */
    public static byte[] next(byte[] previous, byte[] schemaFingerprint, byte[] body, int offset, int length) {
        if (previous.length != LENGTH) {
            throw new IllegalArgumentException("previous hash must be " + LENGTH + " bytes, was " + previous.length);
        }
        if (schemaFingerprint.length != SchemaFingerprint.LENGTH) {
            throw new IllegalArgumentException("schema fingerprint must be " + SchemaFingerprint.LENGTH + " bytes, was "
                    + schemaFingerprint.length);
        }
        MessageDigest sha = sha256();
        sha.update(previous);
        sha.update(schemaFingerprint);
        sha.update(body, offset, length);
        return sha.digest();
    }

    /** Lower-case hex of a hash, for logs and test vectors. */
    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    /** Constant-time comparison; null-safe (false when either is null). */
    public static boolean same(byte[] a, byte[] b) {
        return a != null && b != null && MessageDigest.isEqual(a, b);
    }

    static boolean isGenesis(byte[] hash) {
        return Arrays.equals(hash, GENESIS);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
