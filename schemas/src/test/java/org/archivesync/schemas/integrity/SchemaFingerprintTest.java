package org.archivesync.schemas.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.archivesync.avro.SiteEvent;
import org.junit.jupiter.api.Test;

/** What the writer-schema fingerprint of the chain sees, and what it does not. */
class SchemaFingerprintTest {

    private static final String SITE_EVENT = SiteEvent.getClassSchema().toString();

    @Test
    void fingerprintIsSha256OfTheParsingCanonicalForm() throws NoSuchAlgorithmException {
        Schema schema = SiteEvent.getClassSchema();
        byte[] expected = MessageDigest.getInstance("SHA-256")
                .digest(SchemaNormalization.toParsingForm(schema).getBytes(StandardCharsets.UTF_8));

        assertThat(SchemaFingerprint.of(schema)).hasSize(SchemaFingerprint.LENGTH).isEqualTo(expected);
    }

    @Test
    void reorderedEnumSymbolsChangeTheFingerprint() {
        // The same bytes would read KEEP_AT_SUCCESSOR as DESTROY.
        Schema swapped = parse(SITE_EVENT.replace("\"KEEP_AT_SUCCESSOR\",\"DESTROY\"", "\"DESTROY\",\"KEEP_AT_SUCCESSOR\""));

        assertThat(swapped.toString()).isNotEqualTo(SITE_EVENT);
        assertThat(SchemaFingerprint.of(swapped)).isNotEqualTo(SchemaFingerprint.of(SiteEvent.getClassSchema()));
    }

    @Test
    void docsDoNotChangeTheFingerprint() {
        Schema redocumented = parse(SITE_EVENT.replace("\"doc\":\"", "\"doc\":\"Edited. "));

        assertThat(redocumented.toString()).isNotEqualTo(SITE_EVENT);
        assertThat(SchemaFingerprint.of(redocumented)).isEqualTo(SchemaFingerprint.of(SiteEvent.getClassSchema()));
    }

    @Test
    void equalSchemasParsedApartShareTheFingerprint() {
        assertThat(SchemaFingerprint.of(parse(SITE_EVENT))).isEqualTo(SchemaFingerprint.of(parse(SITE_EVENT)));
    }

    @Test
    void callersGetACopy() {
        SchemaFingerprint.of(SiteEvent.getClassSchema())[0] ^= 1;

        assertThat(SchemaFingerprint.of(SiteEvent.getClassSchema())).isEqualTo(fresh(SiteEvent.getClassSchema()));
    }

    @Test
    void cacheKeepsAtMostItsBound() {
        for (int i = 0; i < SchemaFingerprint.CACHED_SCHEMAS + 20; i++) {
            SchemaFingerprint.of(parse("{\"type\":\"record\",\"name\":\"R" + i + "\",\"fields\":[]}"));
        }

        assertThat(SchemaFingerprint.cachedSchemas()).isEqualTo(SchemaFingerprint.CACHED_SCHEMAS);
    }

    private static byte[] fresh(Schema schema) {
        try {
            return SchemaNormalization.parsingFingerprint("SHA-256", schema);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
