package org.archivesync.hub.ingest;

import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.integrity.ChainEvent;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.WireFormat;

/**
 * Turns wire bytes into SiteEvents: the size bound, the wire prefix, the writer schema by id from the registry (cached
 * by the client), Avro resolution into the SiteEvent class. The chain hash is over the body after the 5-byte prefix
 * and the fingerprint of the writer schema the prefix's id resolves to, so a body re-prefixed with the id of another
 * registered schema no longer verifies (docs/contracts.md, "Chain rule"). Events stored with their schema id (the event
 * log, parked events) are decoded the same way, so a rebuild or a release computes the same hashes.
 */
final class EventDecoder {

    private final SchemaRegistryClient registry;
    private final long maxRecordBytes;

    /**
     * @param maxRecordBytes a larger record value is undecodable without being parsed ({@code max-record-size})
     */
    EventDecoder(SchemaRegistryClient registry, long maxRecordBytes) {
        this.registry = registry;
        this.maxRecordBytes = maxRecordBytes;
    }

    /**
     * A decoded event with what the chain needs.
     *
     * @param schemaId the writer schema id of the wire prefix
     * @param body the Avro body (the bytes the chain hash covers, with the fingerprint of that id's schema)
     * @param chain the chain's view of it, with the signature headers
     */
    record Decoded(String origin, int schemaId, byte[] body, SiteEvent event, ChainEvent chain) {
    }

    /**
     * Decodes a record.
     *
     * @throws UndecodableRecordException when the bytes are not a SiteEvent the registry can explain
     * @throws SchemaRegistryException when the registry cannot answer now (retriable): the record may decode later
     */
    Decoded decode(InboundRecord record) {
        if (record.value().length > maxRecordBytes) {
            // Refused before a byte of it is parsed: no legitimate event comes near the bound.
            throw new UndecodableRecordException("record of " + record.value().length + " bytes exceeds max-record-size "
                    + maxRecordBytes + " bytes", null);
        }
        WireFormat.Framed framed;
        try {
            framed = WireFormat.parse(record.value());
        } catch (RuntimeException e) {
            throw new UndecodableRecordException(e.getMessage(), e);
        }
        return decode(record.origin(), framed.schemaId(), framed.bodyBytes(), record.signature(), record.keyId());
    }

    /**
     * Decodes a body stored with its schema id (a parked event, or the event log a rebuild replays): the same schema
     * and so the same fingerprint as when it arrived.
     */
    Decoded decode(String origin, int schemaId, byte[] body, byte[] signature, String keyId) {
        Schema writer = writerSchema(schemaId);
        SiteEvent event;
        try {
            event = AvroCodec.decode(ByteBuffer.wrap(body), writer, SiteEvent.getClassSchema());
        } catch (RuntimeException e) {
            throw new UndecodableRecordException("not a SiteEvent with writer schema id " + schemaId + ": " + e.getMessage(), e);
        }
        ChainEvent chain = new ChainEvent(event.getSiteCode(), event.getSequence(), event.getPreviousHash().bytes(),
                SchemaFingerprint.of(writer), body, signature, keyId);
        return new Decoded(origin, schemaId, body, event, chain);
    }

    private Schema writerSchema(int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.retriable()) {
                // The registry is down, not the record: the batch is retried.
                throw e;
            }
            throw new UndecodableRecordException("schema id " + id + " is unknown to the registry: " + e.getMessage(), e);
        }
    }
}
