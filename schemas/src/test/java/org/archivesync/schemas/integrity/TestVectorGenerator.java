package org.archivesync.schemas.integrity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.JsonEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.BoxState;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.WireFormat;

/**
 * Writes the integrity test vectors under {@code src/test/resources/vectors/} (see the README.md there), so the agent,
 * the hub and any other implementation can check their chain hash and signatures against fixed bytes.
 *
 * <p>Run once and commit the output; from the repository root:
 * <pre>
 * ./mvnw -pl schemas test-compile exec:java -Dexec.mainClass=org.archivesync.schemas.integrity.TestVectorGenerator \
 *     -Dexec.classpathScope=test -Dexec.args=schemas/src/test/resources/vectors
 * </pre>
 * or run {@link #main} from an IDE; without an argument it writes to {@code src/test/resources/vectors} under the
 * working directory, which must then be the schemas module. The key pair is generated only when the folder has none: re-running with the committed key re-derives every
 * other file byte for byte (Avro binary is canonical and Ed25519 is deterministic), which is what
 * {@code TestVectorsTest} checks on every build. Never regenerate the key of committed vectors: other
 * implementations test against them.
 */
public final class TestVectorGenerator {

    static final String SITE = "CM.CAINUOC.UBND";
    static final int SCHEMA_ID = 1;
    static final String PRIVATE_KEY_FILE = "ed25519-private-key.pkcs8.b64";
    static final String PUBLIC_KEY_FILE = "ed25519-public-key.x509.b64";
    static final String KEY_ID_FILE = "key-id.txt";
    static final String SCHEMA_FORM_FILE = "writer-schema.pcf.json";
    static final String SCHEMA_FINGERPRINT_FILE = "writer-schema.fingerprint.hex";

    private TestVectorGenerator() {
    }

    /** The first event of the site: a FileRecorded with a Vietnamese title, chained to the zero hash. */
    static SiteEvent event1() {
        return SiteEvent.newBuilder()
                .setEventId(UUID.fromString("3f2a5c1e-8b7d-4e6f-9a1b-2c3d4e5f6a7b"))
                .setSiteCode(SITE)
                .setSequence(1L)
                .setPreviousHash(new Sha256(ChainHash.genesis()))
                .setOccurredAt(Instant.parse("2025-07-01T02:30:00Z"))
                .setRecordedBy("nguyen.thi.hoa")
                .setAgentVersion("0.1.0")
                .setPayload(FileRecorded.newBuilder()
                        .setFondsCode("CM-CN-UBND")
                        .setFileCode("HS-0001")
                        .setBoxCode("H-0042")
                        .setTitle("Hồ sơ về việc sáp nhập xã Tạ An Khương vào xã Đầm Dơi, huyện Cái Nước")
                        .setStartDate(LocalDate.of(2025, 3, 12))
                        .setEndDate(LocalDate.of(2025, 6, 16))
                        .setSheetCount(87)
                        .setPageCount(152)
                        .setRetention(RetentionKind.FIXED_TERM)
                        .setRetentionYears(70)
                        .setAccessRegime(AccessRegime.OPEN)
                        .setLanguage("vi")
                        .setKeywords(List.of("sáp nhập", "Cà Mau"))
                        .setPhysicalCondition("Tốt")
                        .build())
                .build();
    }

    /** The second event, chained to the first: the box that file was sealed in. */
    static SiteEvent event2(byte[] hashOfEvent1) {
        return SiteEvent.newBuilder()
                .setEventId(UUID.fromString("7c9e6679-7425-40de-944b-e07fc1f90ae7"))
                .setSiteCode(SITE)
                .setSequence(2L)
                .setPreviousHash(new Sha256(hashOfEvent1.clone()))
                .setOccurredAt(Instant.parse("2025-07-01T02:31:00.500Z"))
                .setRecordedBy("nguyen.thi.hoa")
                .setAgentVersion("0.1.0")
                .setPayload(BoxRecorded.newBuilder()
                        .setBoxCode("H-0042")
                        .setFondsCode("CM-CN-UBND")
                        .setLocationCode("KHO-1/GIA-03")
                        .setMetres(new BigDecimal("0.10"))
                        .setState(BoxState.SEALED)
                        .setSealNumber("NP-2025-000117")
                        .build())
                .build();
    }

    /** Avro's JSON encoding of an event: readable, and decodable by any Avro library with the SiteEvent schema. */
    static String avroJson(SiteEvent event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonEncoder encoder = EncoderFactory.get().jsonEncoder(SiteEvent.getClassSchema(), out, true);
        new SpecificDatumWriter<SiteEvent>(SiteEvent.getClassSchema(), SpecificData.getForSchema(SiteEvent.getClassSchema()))
                .write(event, encoder);
        encoder.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "src/test/resources/vectors");
        Files.createDirectories(dir);
        Path privateFile = dir.resolve(PRIVATE_KEY_FILE);
        PrivateKey privateKey;
        PublicKey publicKey;
        if (Files.exists(privateFile)) {
            privateKey = SiteKeys.decodePrivate(Files.readString(privateFile));
            publicKey = SiteKeys.decodePublic(Files.readString(dir.resolve(PUBLIC_KEY_FILE)));
        } else {
            var pair = SiteKeys.generate();
            privateKey = pair.getPrivate();
            publicKey = pair.getPublic();
            write(dir, PRIVATE_KEY_FILE, SiteKeys.encodePrivate(privateKey));
            write(dir, PUBLIC_KEY_FILE, SiteKeys.encodePublic(publicKey));
        }
        write(dir, KEY_ID_FILE, SiteKeys.keyId(publicKey));
        write(dir, SCHEMA_FORM_FILE, SchemaNormalization.toParsingForm(SiteEvent.getClassSchema()));
        write(dir, SCHEMA_FINGERPRINT_FILE, HexFormat.of().formatHex(SchemaFingerprint.of(SiteEvent.getClassSchema())));

        SiteEvent first = event1();
        byte[] hash1 = writeEvent(dir, "event-1", first, ChainHash.genesis(), privateKey);
        writeEvent(dir, "event-2", event2(hash1), hash1, privateKey);
        System.out.println("vectors written dir=" + dir.toAbsolutePath() + " keyId=" + SiteKeys.keyId(publicKey));
    }

    private static byte[] writeEvent(Path dir, String name, SiteEvent event, byte[] previousHash, PrivateKey key)
            throws IOException {
        byte[] body = AvroCodec.encode(event);
        byte[] hash = ChainHash.next(previousHash, SchemaFingerprint.of(SiteEvent.getClassSchema()), body);
        HexFormat hex = HexFormat.of();
        write(dir, name + ".avro.json", avroJson(event));
        write(dir, name + ".body.hex", hex.formatHex(body));
        write(dir, name + ".hash.hex", hex.formatHex(hash));
        write(dir, name + ".signature.hex", hex.formatHex(SiteKeys.sign(key, hash)));
        write(dir, name + ".wire-id-" + SCHEMA_ID + ".hex", hex.formatHex(WireFormat.frame(SCHEMA_ID, body)));
        return hash;
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Files.writeString(dir.resolve(file), text.strip() + "\n", StandardCharsets.UTF_8);
    }
}
