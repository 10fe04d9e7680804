package org.archivesync.hub.bundles;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.archivesync.hub.bundles.BundleRejectedException.Reason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the USB bundle format the site agent writes (site-agent/README.md, "USB bundle"): a ZIP with
 * {@code manifest.json} and {@code events.bin}, each event {@code sequence (int64) | hash (32) | body length (int32) |
 * body | signature length (uint16) | signature | key id length (uint16) | key id}, all big-endian. Written from that
 * description: the hub does not depend on the agent's code.
 */
final class BundleFile {

    static final String FORMAT = "archive-sync-bundle/1";
    private static final String MANIFEST = "manifest.json";
    private static final String EVENTS = "events.bin";
    private static final int HASH_BYTES = 32;
    /** The agent refuses to write a larger body; a larger length here is damage. */
    private static final int MAX_BODY_BYTES = 16 << 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The manifest's fields the hub uses. */
    record Manifest(String format, String siteCode, String keyId, long fromSequence, long toSequence, long count,
                    String contentSha256, String signature, Instant createdAt, String writerSchema) {
    }

    /** One event as written in {@code events.bin}; signature and key id null on an unsigned event. */
    record Event(long sequence, byte[] hash, byte[] body, byte[] signature, String keyId) {
    }

    private final Path path;

    BundleFile(Path path) {
        this.path = path;
    }

    Manifest manifest() {
        try (ZipFile zip = open()) {
            ZipEntry entry = entry(zip, MANIFEST);
            try (InputStream in = zip.getInputStream(entry)) {
                JsonNode n = JSON.readTree(in.readNBytes(1 << 20));
                Manifest m = new Manifest(n.path("format").asString(), n.path("siteCode").asString(),
                        n.path("keyId").asString(), n.path("fromSequence").asLong(), n.path("toSequence").asLong(),
                        n.path("count").asLong(), n.path("contentSha256").asString(), n.path("signature").asString(),
                        Instant.parse(n.path("createdAt").asString()), n.path("writerSchema").asString());
                if (!FORMAT.equals(m.format())) {
                    throw new BundleRejectedException(Reason.UNKNOWN_FORMAT, "format " + m.format() + " is not " + FORMAT);
                }
                return m;
            }
        } catch (IOException | JacksonException | java.time.format.DateTimeParseException e) {
            throw new BundleRejectedException(Reason.NOT_A_BUNDLE, "manifest.json is unreadable: " + e.getMessage(), e);
        }
    }

    /**
     * Streams every event of {@code events.bin} to {@code sink}, checking that the sequences run from the manifest's
     * first to its last without a gap; returns the SHA-256 of the entry.
     */
    byte[] read(Manifest manifest, Consumer<Event> sink) {
        MessageDigest sha = sha256();
        long expected = manifest.fromSequence();
        try (ZipFile zip = open();
             DataInputStream in = new DataInputStream(new DigestInputStream(
                     new BufferedInputStream(zip.getInputStream(entry(zip, EVENTS)), 1 << 16), sha))) {
            Event e;
            while ((e = next(in)) != null) {
                if (e.sequence() != expected) {
                    throw new BundleRejectedException(Reason.RANGE_MISMATCH, "sequence " + e.sequence() + " where "
                            + expected + " was expected");
                }
                expected++;
                sink.accept(e);
            }
        } catch (IOException e) {
            throw new BundleRejectedException(Reason.NOT_A_BUNDLE, "events.bin is unreadable: " + e.getMessage(), e);
        }
        long count = expected - manifest.fromSequence();
        if (count != manifest.count() || expected - 1 != manifest.toSequence()) {
            throw new BundleRejectedException(Reason.RANGE_MISMATCH, "events.bin holds " + count + " events up to "
                    + (expected - 1) + ", the manifest says " + manifest.count() + " up to " + manifest.toSequence());
        }
        return sha.digest();
    }

    static boolean matches(byte[] sha256, Manifest manifest) {
        return HexFormat.of().formatHex(sha256).equalsIgnoreCase(manifest.contentSha256());
    }

    private static Event next(DataInputStream in) throws IOException {
        long sequence;
        try {
            sequence = in.readLong();
        } catch (EOFException end) {
            return null;
        }
        byte[] hash = in.readNBytes(HASH_BYTES);
        int length = in.readInt();
        if (hash.length != HASH_BYTES || length < 0 || length > MAX_BODY_BYTES) {
            throw new IOException("malformed event at sequence " + sequence);
        }
        byte[] body = in.readNBytes(length);
        byte[] signature = in.readNBytes(in.readUnsignedShort());
        byte[] keyId = in.readNBytes(in.readUnsignedShort());
        if (body.length != length) {
            throw new EOFException("truncated event at sequence " + sequence);
        }
        return new Event(sequence, hash, body, signature.length == 0 ? null : signature,
                keyId.length == 0 ? null : new String(keyId, StandardCharsets.UTF_8));
    }

    private ZipFile open() throws IOException {
        return new ZipFile(path.toFile());
    }

    private static ZipEntry entry(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException("no " + name);
        }
        return entry;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
