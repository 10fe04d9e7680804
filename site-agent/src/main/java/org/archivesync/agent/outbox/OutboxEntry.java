package org.archivesync.agent.outbox;

import java.util.UUID;

/**
 * One recorded event as stored: the Avro body exactly as serialized at record time and its chain hash.
 *
 * @param sequence the site's sequence, from 1
 * @param eventId the envelope's event id (never null)
 * @param type the payload's record name, e.g. {@code FileRecorded} (never null)
 * @param body Avro binary of the {@code SiteEvent}, without the wire prefix (never null)
 * @param hash {@code SHA-256(previous hash || writer schema fingerprint || body)}, the chain rule of
 *             docs/contracts.md (32 bytes, never null)
 * @param signature Ed25519 over {@code hash} when this event closed a transaction, else null
 * @param keyId the signing key's id when signed, else null
 * @param recordedAt epoch milliseconds of the recording transaction
 * @param publishedAt epoch milliseconds of the broker's acknowledgement, or null while unpublished
 */
public record OutboxEntry(long sequence, UUID eventId, String type, byte[] body, byte[] hash, byte[] signature,
                          String keyId, long recordedAt, Long publishedAt) {

    public boolean signed() {
        return signature != null;
    }

    @Override
    public String toString() {
        // Never the body: it may describe a file.
        return "OutboxEntry[sequence=" + sequence + ", type=" + type + ", signed=" + signed() + "]";
    }
}
