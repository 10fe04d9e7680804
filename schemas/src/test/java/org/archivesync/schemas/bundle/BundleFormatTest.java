package org.archivesync.schemas.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.avro.Schema;
import org.archivesync.schemas.bundle.BundleFormatException.Problem;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerdict;
import org.archivesync.schemas.integrity.ChainVerifier;
import org.archivesync.schemas.integrity.SiteKey;
import org.archivesync.schemas.integrity.SiteKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The USB bundle format, read by the agent and the hub through this one reader. {@code archive-sync-bundle-1.asb} was
 * exported by the site agent's {@code export-bundle} before the format moved into {@code schemas} (4 events of
 * CM.TRANVANTHOI.UBND in three transactions, each ending signed), with the public key beside it: it must read the same for ever.
 */
class BundleFormatTest {

    @TempDir
    Path dir;

    @Test
    void aBundleTheAgentExportedBeforeTheFormatMovedStillReadsAndVerifies() throws Exception {
        Path file = resource("archive-sync-bundle-1.asb");
        PublicKey key = SiteKeys.decodePublic(Files.readString(resource("archive-sync-bundle-1.public-key")).strip());
        BundleFile bundle = new BundleFile(file);

        BundleManifest manifest = bundle.manifest();
        List<BundleEvent> events = new ArrayList<>();
        byte[] content = bundle.read(manifest, events::add);

        assertThat(manifest.format()).isEqualTo("archive-sync-bundle/1");
        assertThat(manifest.siteCode()).isEqualTo("CM.TRANVANTHOI.UBND");
        assertThat(manifest.fromSequence()).isEqualTo(1);
        assertThat(manifest.toSequence()).isEqualTo(4);
        assertThat(manifest.count()).isEqualTo(4);
        assertThat(manifest.keyId()).isEqualTo(SiteKeys.keyId(key));
        assertThat(BundleFile.matches(content, manifest)).isTrue();
        assertThat(SiteKeys.verify(key, content, Base64.getDecoder().decode(manifest.signature()))).isTrue();
        assertThat(events).extracting(BundleEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events).extracting(e -> e.signature() != null).containsExactly(true, false, true, true);

        Schema writer = new Schema.Parser().parse(manifest.writerSchema());
        ChainVerdict verdict = new ChainVerifier(id -> id.equals(manifest.keyId())
                ? new SiteKey(manifest.keyId(), manifest.siteCode(), key) : null)
                .verify(manifest.siteCode(), ChainPosition.start(), s -> null,
                        events.stream().map(e -> e.toChainEvent(writer)).toList());
        assertThat(verdict.failure()).isNull();
        assertThat(verdict.verifiedThrough()).isEqualTo(4);
    }

    @Test
    void theWriterWritesTheOldBundleByteForByte() throws Exception {
        Path file = resource("archive-sync-bundle-1.asb");
        BundleFile bundle = new BundleFile(file);
        BundleManifest manifest = bundle.manifest();
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(again);
        bundle.read(manifest, e -> {
            try {
                BundleFormat.writeEvent(out, e);
            } catch (IOException failure) {
                throw new AssertionError(failure);
            }
        });
        out.flush();

        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertThat(again.toByteArray()).isEqualTo(bytes(zip, BundleFormat.EVENTS_ENTRY));
            assertThat(BundleFormat.parseManifest(BundleFormat.manifestJson(manifest).getBytes(StandardCharsets.UTF_8)))
                    .isEqualTo(manifest);
            assertThat(BundleFormat.manifestJson(manifest))
                    .isEqualTo(new String(bytes(zip, BundleFormat.MANIFEST_ENTRY), StandardCharsets.UTF_8));
        }
    }

    @Test
    void aGapInTheSequencesIsARangeMismatch() throws Exception {
        Path file = rewritten("gap.asb", events -> events.remove(1));
        BundleFile bundle = new BundleFile(file);
        BundleManifest manifest = bundle.manifest();

        assertThatThrownBy(() -> bundle.read(manifest, e -> { })).isInstanceOfSatisfying(BundleFormatException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.RANGE_MISMATCH));
    }

    @Test
    void fewerEventsThanTheManifestSaysIsARangeMismatch() throws Exception {
        Path file = rewritten("short.asb", events -> events.remove(3));
        BundleFile bundle = new BundleFile(file);
        BundleManifest manifest = bundle.manifest();

        assertThatThrownBy(() -> bundle.read(manifest, e -> { })).isInstanceOfSatisfying(BundleFormatException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.RANGE_MISMATCH));
    }

    @Test
    void aBodyLengthBeyondTheLimitIsRefusedBeforeItIsRead() throws Exception {
        ByteArrayOutputStream hostile = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(hostile);
        out.writeLong(1);
        out.write(new byte[32]);
        out.writeInt(BundleFormat.MAX_BODY_BYTES + 1);
        Path file = zip("hostile.asb", manifestBytes(), hostile.toByteArray());
        BundleFile bundle = new BundleFile(file);
        BundleManifest manifest = bundle.manifest();

        assertThatThrownBy(() -> bundle.read(manifest, e -> { })).isInstanceOfSatisfying(BundleFormatException.class,
                e -> assertThat(e.problem()).isEqualTo(Problem.NOT_A_BUNDLE));
    }

    @Test
    void anotherFormatAndAFileThatIsNoZipAreRefused() throws Exception {
        String other = new String(manifestBytes(), StandardCharsets.UTF_8).replace("archive-sync-bundle/1",
                "archive-sync-bundle/2");
        Path otherFormat = zip("other.asb", other.getBytes(StandardCharsets.UTF_8), new byte[0]);
        Path notZip = Files.writeString(dir.resolve("notes.asb"), "not a bundle");

        assertThatThrownBy(() -> new BundleFile(otherFormat).manifest()).isInstanceOfSatisfying(
                BundleFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.UNKNOWN_FORMAT));
        assertThatThrownBy(() -> new BundleFile(notZip).manifest()).isInstanceOfSatisfying(
                BundleFormatException.class, e -> assertThat(e.problem()).isEqualTo(Problem.NOT_A_BUNDLE));
    }

    private interface Edit {
        void apply(List<BundleEvent> events);
    }

    /** The old bundle with its events edited, the manifest unchanged. */
    private Path rewritten(String name, Edit edit) throws IOException, URISyntaxException {
        BundleFile bundle = new BundleFile(resource("archive-sync-bundle-1.asb"));
        List<BundleEvent> events = new ArrayList<>();
        bundle.read(bundle.manifest(), events::add);
        edit.apply(events);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        for (BundleEvent e : events) {
            BundleFormat.writeEvent(out, e);
        }
        out.flush();
        return zip(name, manifestBytes(), body.toByteArray());
    }

    private byte[] manifestBytes() throws IOException, URISyntaxException {
        try (ZipFile zip = new ZipFile(resource("archive-sync-bundle-1.asb").toFile())) {
            return bytes(zip, BundleFormat.MANIFEST_ENTRY);
        }
    }

    private Path zip(String name, byte[] manifest, byte[] events) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream raw = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(raw)) {
            zip.putNextEntry(new ZipEntry(BundleFormat.EVENTS_ENTRY));
            zip.write(events);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(BundleFormat.MANIFEST_ENTRY));
            zip.write(manifest);
            zip.closeEntry();
        }
        return file;
    }

    private static byte[] bytes(ZipFile zip, String entry) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            return in.readAllBytes();
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(BundleFormatTest.class.getResource("/bundles/" + name).toURI());
    }
}
