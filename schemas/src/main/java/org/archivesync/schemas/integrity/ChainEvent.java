package org.archivesync.schemas.integrity;

/**
 * One event of a site's stream as the verifier sees it: the envelope fields the chain depends on, the exact Avro body
 * it was recorded as with the fingerprint of the schema it is read with, and the signature headers when the event
 * closed a local transaction.
 *
 * @param siteCode the envelope's site code (never null)
 * @param sequence the envelope's sequence, from 1
 * @param previousHash the envelope's previousHash (32 bytes, never null)
 * @param schemaFingerprint the {@link SchemaFingerprint} of the writer schema: the one the agent serialized with, or
 *                          at the hub the one the wire prefix (or bundle) names, so that reading the body through
 *                          another schema breaks the hash (32 bytes, never null)
 * @param body the Avro binary body, without the 5-byte wire prefix (never null)
 * @param signature the {@code as-signature} header, or null for an event inside a transaction
 * @param keyId the {@code as-key-id} header, or null when unsigned
 */
public record ChainEvent(String siteCode, long sequence, byte[] previousHash, byte[] schemaFingerprint, byte[] body,
                         byte[] signature, String keyId) {

    /** True when this event carries a signature. */
    public boolean signed() {
        return signature != null;
    }

    /** This event's chain hash: {@code SHA-256(previousHash || schemaFingerprint || body)} ({@link ChainHash}). */
    public byte[] hash() {
        return ChainHash.next(previousHash, schemaFingerprint, body);
    }

    @Override
    public String toString() {
        // Never print the body: it may describe a file.
        return "ChainEvent[siteCode=" + siteCode + ", sequence=" + sequence + ", signed=" + signed() + "]";
    }
}
