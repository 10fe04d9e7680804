package org.archivesync.hub.ingest;

import org.archivesync.hub.fixtures.Agent;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerifier;
import org.archivesync.schemas.integrity.SiteKey;
import org.archivesync.schemas.registry.SchemaRegistryClient;

/**
 * Decoding and verifying without a registry server or a database, for the tests of ingest's pure parts: schema id
 * {@link #SCHEMA_ID} is the generated SiteEvent schema, known to the client beforehand, so no request is ever sent.
 */
final class Decoding {

    static final int SCHEMA_ID = 1;
    static final EventDecoder DECODER = new EventDecoder(registry(), 1_000_000);

    private Decoding() {
    }

    private static SchemaRegistryClient registry() {
        // Nothing listens there: a request would fail the test that made it.
        return new SchemaRegistryClient(URI.create("http://127.0.0.1:9")).withKnownSchemas(
                new SchemaRegistryClient.KnownSchemas() {
                    @Override
                    public Integer idOf(String subject, Schema schema) {
                        return null;
                    }

                    @Override
                    public Schema schemaById(int id) {
                        return id == SCHEMA_ID ? SiteEvent.getClassSchema() : null;
                    }

                    @Override
                    public void rememberId(String subject, Schema schema, int id) {
                    }

                    @Override
                    public void rememberSchema(int id, Schema schema) {
                    }
                });
    }

    /** The site's records of a batch, decoded as ingest decodes them. */
    static SiteRecords records(String site, List<Agent.Event> events) {
        List<InboundRecord> records = events.stream().map(e -> e.record(SCHEMA_ID)).toList();
        List<SiteRecords> groups = SiteRecords.group(DECODER, records);
        return groups.isEmpty() ? SiteRecords.none(site) : groups.get(0);
    }

    @SafeVarargs
    static List<Agent.Event> all(List<Agent.Event>... transactions) {
        return Arrays.stream(transactions).flatMap(List::stream).toList();
    }

    /** A cursor as the transaction locked it; sequence 0 is a site with nothing applied. */
    static IngestStore.Cursor cursor(String site, long sequence, byte[] hash) {
        return new IngestStore.Cursor(site, new ChainPosition(sequence, sequence == 0 ? ChainHash.genesis() : hash), false,
                null, false, 0, 0);
    }

    /** A verifier that knows the sites' keys, each for every sequence. */
    static ChainVerifier verifier(Agent... sites) {
        Map<String, SiteKey> keys = Stream.of(sites).collect(Collectors.toMap(s -> s.keyId(),
                s -> SiteKey.of(s.siteCode, s.keys().getPublic())));
        Function<String, SiteKey> lookup = keys::get;
        return new ChainVerifier(lookup);
    }
}
