package org.archivesync.schemas.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.registry.LocalRegistryServer;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.AvroWireSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Re-derives every committed test vector from the committed key and events and requires the same bytes. A change
 * here means a change to the chain contract: every stored chain and every other implementation would break.
 */
class TestVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    private static PrivateKey privateKey;
    private static PublicKey publicKey;
    private static SiteEvent event1;
    private static SiteEvent event2;

    @BeforeAll
    static void readVectors() throws IOException {
        privateKey = SiteKeys.decodePrivate(text(TestVectorGenerator.PRIVATE_KEY_FILE));
        publicKey = SiteKeys.decodePublic(text(TestVectorGenerator.PUBLIC_KEY_FILE));
        event1 = fromAvroJson(text("event-1.avro.json"));
        event2 = fromAvroJson(text("event-2.avro.json"));
    }

    @Test
    void committedKeysArePairedAndMatchTheirKeyId() {
        assertThat(SiteKeys.keyId(publicKey)).isEqualTo(text(TestVectorGenerator.KEY_ID_FILE)).matches("[0-9a-f]{16}");
        byte[] probe = ChainHash.genesis();
        assertThat(SiteKeys.verify(publicKey, probe, SiteKeys.sign(privateKey, probe))).isTrue();
    }

    @Test
    void committedEventsAreTheFixedEvents() {
        assertThat(event1).isEqualTo(TestVectorGenerator.event1());
        assertThat(event2).isEqualTo(TestVectorGenerator.event2(hex("event-1.hash.hex")));
        assertThat(event1.getSiteCode()).isEqualTo("CM.CAINUOC.UBND");
        assertThat(event1.getSequence()).isEqualTo(1);
        assertThat(event1.getPreviousHash().bytes()).isEqualTo(new byte[32]);
        String title = ((FileRecorded) event1.getPayload()).getTitle();
        assertThat(title).contains("Tạ An Khương");
        assertThat(Normalizer.isNormalized(title, Normalizer.Form.NFC)).as("vectors carry NFC text").isTrue();
    }

    @Test
    void bodiesAreTheAvroBinaryOfTheEvents() {
        assertThat(HEX.formatHex(AvroCodec.encode(event1))).isEqualTo(text("event-1.body.hex"));
        assertThat(HEX.formatHex(AvroCodec.encode(event2))).isEqualTo(text("event-2.body.hex"));
        assertThat((SiteEvent) AvroCodec.decode(hex("event-1.body.hex"), SiteEvent.getClassSchema())).isEqualTo(event1);
        assertThat((SiteEvent) AvroCodec.decode(hex("event-2.body.hex"), SiteEvent.getClassSchema())).isEqualTo(event2);
    }

    @Test
    void writerSchemaFingerprintIsSha256OfItsParsingCanonicalForm() throws NoSuchAlgorithmException {
        String form = text(TestVectorGenerator.SCHEMA_FORM_FILE);

        assertThat(form).isEqualTo(SchemaNormalization.toParsingForm(SiteEvent.getClassSchema()));
        assertThat(HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(form.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(text(TestVectorGenerator.SCHEMA_FINGERPRINT_FILE));
        assertThat(SchemaFingerprint.of(SiteEvent.getClassSchema()))
                .isEqualTo(hex(TestVectorGenerator.SCHEMA_FINGERPRINT_FILE));
    }

    @Test
    void hashesFollowTheChainRule() throws NoSuchAlgorithmException {
        byte[] fingerprint = hex(TestVectorGenerator.SCHEMA_FINGERPRINT_FILE);
        byte[] body1 = hex("event-1.body.hex");
        byte[] body2 = hex("event-2.body.hex");

        // Computed here with a bare MessageDigest, so a bug shared by ChainHash and the vectors cannot hide.
        byte[] hash1 = sha256(new byte[32], fingerprint, body1);
        byte[] hash2 = sha256(hash1, fingerprint, body2);

        assertThat(HEX.formatHex(hash1)).isEqualTo(text("event-1.hash.hex"));
        assertThat(HEX.formatHex(hash2)).isEqualTo(text("event-2.hash.hex"));
        assertThat(ChainHash.next(ChainHash.genesis(), fingerprint, body1)).isEqualTo(hash1);
        assertThat(ChainHash.next(hash1, fingerprint, body2)).isEqualTo(hash2);
        assertThat(event2.getPreviousHash().bytes()).as("event 2 names event 1's hash").isEqualTo(hash1);
    }

    @Test
    void signaturesAreTheDeterministicEd25519OfTheHashes() {
        for (String event : List.of("event-1", "event-2")) {
            byte[] hash = hex(event + ".hash.hex");
            byte[] signature = hex(event + ".signature.hex");

            assertThat(HEX.formatHex(SiteKeys.sign(privateKey, hash))).as(event).isEqualTo(text(event + ".signature.hex"));
            assertThat(SiteKeys.verify(publicKey, hash, signature)).as(event).isTrue();
        }
    }

    @Test
    void wireBytesAreTheBodyAfterAPrefixWithSchemaIdOne() {
        for (String event : List.of("event-1", "event-2")) {
            byte[] wire = hex(event + ".wire-id-1.hex");

            assertThat(Arrays.copyOf(wire, 5)).as(event).containsExactly(0, 0, 0, 0, 1);
            assertThat(Arrays.copyOfRange(wire, 5, wire.length)).as(event).isEqualTo(hex(event + ".body.hex"));
        }
        // The real serializer against a fresh registry (which hands out id 1 first) writes the same bytes.
        try (LocalRegistryServer registry = LocalRegistryServer.start()) {
            AvroWireSerializer serializer = new AvroWireSerializer(registry.client(), true);
            assertThat(serializer.serialize("archive.site-events", event1)).isEqualTo(hex("event-1.wire-id-1.hex"));
            assertThat(serializer.serialize("archive.site-events", event2)).isEqualTo(hex("event-2.wire-id-1.hex"));
        }
    }

    @Test
    void verifierAcceptsTheVectorChain() {
        SiteKey key = SiteKey.of(TestVectorGenerator.SITE, publicKey);
        byte[] fingerprint = hex(TestVectorGenerator.SCHEMA_FINGERPRINT_FILE);
        ChainEvent e1 = new ChainEvent(TestVectorGenerator.SITE, 1, new byte[32], fingerprint, hex("event-1.body.hex"),
                hex("event-1.signature.hex"), key.keyId());
        ChainEvent e2 = new ChainEvent(TestVectorGenerator.SITE, 2, hex("event-1.hash.hex"), fingerprint,
                hex("event-2.body.hex"), hex("event-2.signature.hex"), key.keyId());

        ChainVerdict verdict = new ChainVerifier(id -> id.equals(key.keyId()) ? key : null)
                .verify(TestVectorGenerator.SITE, ChainPosition.start(), seq -> null, List.of(e1, e2));

        assertThat(verdict.failed()).isEmpty();
        assertThat(verdict.accepted()).hasSize(2);
        assertThat(verdict.position()).isEqualTo(new ChainPosition(2, hex("event-2.hash.hex")));
    }

    private static byte[] sha256(byte[] previous, byte[] fingerprint, byte[] body) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update(previous);
        sha.update(fingerprint);
        sha.update(body);
        return sha.digest();
    }

    private static SiteEvent fromAvroJson(String json) throws IOException {
        return new SpecificDatumReader<SiteEvent>(SiteEvent.getClassSchema(), SiteEvent.getClassSchema(),
                SpecificData.getForSchema(SiteEvent.getClassSchema()))
                .read(null, DecoderFactory.get().jsonDecoder(SiteEvent.getClassSchema(), json));
    }

    private static byte[] hex(String file) {
        return HEX.parseHex(text(file));
    }

    private static String text(String file) {
        try (InputStream in = TestVectorsTest.class.getResourceAsStream("/vectors/" + file)) {
            assertThat(in).as("committed vector file vectors/" + file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
