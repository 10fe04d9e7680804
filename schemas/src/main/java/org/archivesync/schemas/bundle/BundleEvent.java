package org.archivesync.schemas.bundle;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.integrity.ChainEvent;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.wire.AvroCodec;

/**
 * One event of a bundle, exactly as in the outbox.
 *
 * @param sequence the site's sequence
 * @param hash its chain hash (32 bytes)
 * @param body the Avro body recorded at the office (no wire prefix)
 * @param signature 64 bytes when signed, else null
 * @param keyId the key id when signed, else null
 */
public record BundleEvent(long sequence, byte[] hash, byte[] body, byte[] signature, String keyId) {

    /**
     * The event as the chain verifier sees it: the body read with {@code writer}, the schema the bundle's manifest
     * names, whose fingerprint the chain hash covers; the envelope's previousHash is read from the body.
     *
     * @param writer the manifest's writer schema ({@link BundleManifest#writerSchema()} parsed), never null
     */
    public ChainEvent toChainEvent(Schema writer) {
        SiteEvent e = AvroCodec.decode(ByteBuffer.wrap(body), writer, SiteEvent.getClassSchema());
        return new ChainEvent(e.getSiteCode(), e.getSequence(), e.getPreviousHash().bytes(), SchemaFingerprint.of(writer),
                body, signature, keyId);
    }

    @Override
    public String toString() {
        return "BundleEvent[sequence=" + sequence + ", signed=" + (signature != null) + "]";
    }
}
