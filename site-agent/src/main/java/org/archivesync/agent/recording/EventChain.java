package org.archivesync.agent.recording;

import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.wire.AvroCodec;

/**
 * The events of one recording transaction: each gets the next sequence and the previous event's hash, is serialized
 * once, chained with the fingerprint of the schema it was written with (docs/contracts.md, chain rule) and appended to
 * the outbox; the last one is signed.
 *
 * <p>The newest event is held back until the next one arrives or the transaction ends, so the last event appended is
 * the one signed even when the caller does not know in advance which command will be last (an import skips
 * unchanged and refused files). Not thread-safe: one per transaction.
 */
final class EventChain {

    /** Every body is written with the generated SiteEvent schema, the one the publisher registers. */
    private static final byte[] WRITER_FINGERPRINT = SchemaFingerprint.of(SiteEvent.getClassSchema());

    private final SiteIdentity signer;
    private final String clerk;
    private final String agentVersion;
    private final Instant occurredAt;
    private final Instant now;
    private final Outbox.Appender outbox;
    private final long first;
    private long sequence;
    private byte[] previous;
    private UUID pendingId;
    private String pendingType;
    private byte[] pendingBody;

    /**
     * @param head the outbox's last sequence and hash (never null)
     * @param signer the site and the key that signs the last event (never null)
     * @param clerk each event's {@code recordedBy} (never null)
     * @param agentVersion each event's {@code agentVersion} (never null)
     * @param occurredAt the acts' date (acts clock; never null)
     * @param now the outbox rows' {@code recorded_at} (the PC's clock: the backlog's age is measured on it; never null)
     * @param outbox the transaction's appender (never null)
     */
    EventChain(ChainPosition head, SiteIdentity signer, String clerk, String agentVersion, Instant occurredAt,
               Instant now, Outbox.Appender outbox) {
        this.signer = signer;
        this.clerk = clerk;
        this.agentVersion = agentVersion;
        this.occurredAt = occurredAt;
        this.now = now;
        this.outbox = outbox;
        this.first = head.sequence() + 1;
        this.sequence = head.sequence();
        this.previous = head.hash();
    }

    /** The sequence the next added event gets: rules write it into the state tables' {@code last_sequence}. */
    long nextSequence() {
        return sequence + 1;
    }

    /** Chains {@code payload} as the next event; it is appended once another one follows or at {@link #finish}. */
    void add(SpecificRecord payload) throws SQLException {
        flushPending(null);
        sequence++;
        UUID eventId = UUID.randomUUID();
        SiteEvent event = SiteEvent.newBuilder()
                .setEventId(eventId)
                .setSiteCode(signer.siteCode())
                .setSequence(sequence)
                .setPreviousHash(new Sha256(previous))
                .setOccurredAt(occurredAt)
                .setRecordedBy(clerk)
                .setAgentVersion(agentVersion)
                .setPayload(payload)
                .build();
        pendingId = eventId;
        pendingType = payload.getSchema().getName();
        pendingBody = AvroCodec.encode(event);
        previous = ChainHash.next(previous, WRITER_FINGERPRINT, pendingBody);
    }

    /** Appends the held-back event, signed when {@code signature} is given. */
    private void flushPending(byte[] signature) throws SQLException {
        if (pendingBody != null) {
            outbox.append(sequence, pendingId, pendingType, pendingBody, previous, signature,
                    signature == null ? null : signer.keyId(), now.toEpochMilli());
            pendingBody = null;
        }
    }

    /** Appends the last event, signed; null when no event was added. */
    Recorded finish() throws SQLException {
        if (pendingBody == null) {
            return null;
        }
        flushPending(SiteKeys.sign(signer.privateKey(), previous));
        return new Recorded(first, sequence, (int) (sequence - first + 1), previous, signer.keyId());
    }
}
