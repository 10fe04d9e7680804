package org.archivesync.schemas.integrity;

import java.security.KeyPair;
import java.util.HashMap;
import java.util.Map;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.SampleRecords;
import org.archivesync.schemas.wire.AvroCodec;

/**
 * Builds a site's chain the way the agent does: each event a real {@link SiteEvent} encoded once with
 * {@link AvroCodec}, chained to the previous hash, and signed with the site's Ed25519 key when it closes a
 * transaction. Remembers every hash so tests can state the expected cursor.
 */
final class SiteChain {

    private final String siteCode;
    private final KeyPair keys;
    private final String keyId;
    /** The fingerprint of the schema the agent writes with: the generated class's. */
    static final byte[] FINGERPRINT = SchemaFingerprint.of(SiteEvent.getClassSchema());

    private final String filePrefix;
    private final Map<Long, byte[]> hashes = new HashMap<>();
    private byte[] previous = ChainHash.genesis();
    private long sequence;

    SiteChain(String siteCode, KeyPair keys) {
        this(siteCode, keys, "HS-");
    }

    /** A chain whose files are named {@code filePrefix + sequence}: another history of the same site. */
    SiteChain(String siteCode, KeyPair keys, String filePrefix) {
        this.filePrefix = filePrefix;
        this.siteCode = siteCode;
        this.keys = keys;
        this.keyId = SiteKeys.keyId(keys.getPublic());
        hashes.put(0L, ChainHash.genesis());
    }

    /** The enrolled key of this site, for the verifier's key lookup. */
    SiteKey siteKey() {
        return new SiteKey(keyId, siteCode, keys.getPublic());
    }

    /** The next event, inside a transaction (unsigned). */
    ChainEvent next() {
        return append(false);
    }

    /** The next event, closing a transaction (signed). */
    ChainEvent nextSigned() {
        return append(true);
    }

    /** The chain hash of {@code sequence} as built, or null past the end. */
    byte[] hash(long sequence) {
        return hashes.get(sequence);
    }

    /** The position after {@code sequence}. */
    ChainPosition at(long sequence) {
        return new ChainPosition(sequence, hash(sequence));
    }

    private ChainEvent append(boolean signed) {
        sequence++;
        byte[] body = AvroCodec.encode(SampleRecords.siteEvent(siteCode, sequence, previous,
                SampleRecords.fileRecorded(filePrefix + sequence, SampleRecords.TITLE)));
        byte[] hash = ChainHash.next(previous, FINGERPRINT, body);
        ChainEvent event = new ChainEvent(siteCode, sequence, previous, FINGERPRINT, body,
                signed ? SiteKeys.sign(keys.getPrivate(), hash) : null, signed ? keyId : null);
        hashes.put(sequence, hash);
        previous = hash;
        return event;
    }

    /** A different event at the same place: same sequence and previousHash, another file, hence another hash. */
    ChainEvent forkOf(ChainEvent original, boolean signed) {
        byte[] body = AvroCodec.encode(SampleRecords.siteEvent(siteCode, original.sequence(), original.previousHash(),
                SampleRecords.fileRecorded("HS-REWRITTEN", SampleRecords.TITLE)));
        byte[] hash = ChainHash.next(original.previousHash(), FINGERPRINT, body);
        return new ChainEvent(siteCode, original.sequence(), original.previousHash(), FINGERPRINT, body,
                signed ? SiteKeys.sign(keys.getPrivate(), hash) : null, signed ? keyId : null);
    }

    /** {@code event} with one byte of its body flipped and everything else, signature included, unchanged. */
    static ChainEvent tampered(ChainEvent event) {
        byte[] body = event.body().clone();
        // The last byte belongs to the file's notes: a change that still decodes, as a careful forger would make.
        body[body.length - 1] ^= 0x01;
        return new ChainEvent(event.siteCode(), event.sequence(), event.previousHash(), event.schemaFingerprint(), body,
                event.signature(), event.keyId());
    }

    /**
     * {@code event} with its body and signature unchanged, read with a schema of another fingerprint: what the hub sees
     * when a record is re-prefixed with another registered schema's id.
     */
    static ChainEvent readWith(ChainEvent event, byte[] otherFingerprint) {
        return new ChainEvent(event.siteCode(), event.sequence(), event.previousHash(), otherFingerprint, event.body(),
                event.signature(), event.keyId());
    }

    /** {@code event} signed with another key pair. */
    static ChainEvent signedWith(ChainEvent event, KeyPair other) {
        return new ChainEvent(event.siteCode(), event.sequence(), event.previousHash(), event.schemaFingerprint(),
                event.body(), SiteKeys.sign(other.getPrivate(), event.hash()), SiteKeys.keyId(other.getPublic()));
    }

    /** An event of {@code forger}'s content chained to {@code position}, signed with its keys or not. */
    static ChainEvent chainedTo(SiteChain forger, ChainPosition position, boolean signed) {
        long sequence = position.sequence() + 1;
        byte[] body = AvroCodec.encode(SampleRecords.siteEvent(forger.siteCode, sequence, position.hash(),
                SampleRecords.fileRecorded(forger.filePrefix + sequence, SampleRecords.TITLE)));
        byte[] hash = ChainHash.next(position.hash(), FINGERPRINT, body);
        return new ChainEvent(forger.siteCode, sequence, position.hash(), FINGERPRINT, body,
                signed ? SiteKeys.sign(forger.keys.getPrivate(), hash) : null, signed ? forger.keyId : null);
    }
}
