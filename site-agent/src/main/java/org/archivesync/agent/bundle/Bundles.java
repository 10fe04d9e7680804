package org.archivesync.agent.bundle;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.apache.avro.Schema;
import org.archivesync.agent.AgentVersion;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxStatus;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.SiteKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * USB bundles: the outbox events from a sequence on, in one ZIP file with {@code events.bin} (the events, byte for
 * byte as recorded) and {@code manifest.json} (site, range, count, SHA-256 of {@code events.bin}, signed with the
 * site key). The layout is documented in site-agent/README.md so the hub's {@code import-bundle} can read it; the hub
 * verifies each event's chain and signature exactly as for Kafka, and skips what it already has by its cursor.
 */
public final class Bundles {

    /** The format name and version written into every manifest. */
    public static final String FORMAT = "archive-sync-bundle/1";
    static final String EVENTS_ENTRY = "events.bin";
    static final String MANIFEST_ENTRY = "manifest.json";

    private static final Logger log = LoggerFactory.getLogger(Bundles.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private Bundles() {
    }

    /** A bundle read back and checked against its manifest. */
    public record Bundle(BundleManifest manifest, List<BundleEvent> events) {

        /**
         * The schema the manifest says the bodies were written with. The chain hash covers its fingerprint, so a
         * manifest naming another schema than the one the office wrote with fails verification.
         *
         * @throws BundleException when the manifest's schema is not an Avro schema
         */
        public Schema writerSchema() {
            try {
                return new Schema.Parser().parse(manifest.writerSchema());
            } catch (RuntimeException e) {
                throw new BundleException(e, "bundle.corrupt", "manifest.json", "writerSchema is not an Avro schema");
            }
        }
    }

    /**
     * Writes the events from {@code fromSequence} to the last recorded one into {@code target} (written to a
     * temporary file next to it, then moved into place, so a pulled USB stick never holds half a bundle).
     *
     * @throws BundleException when there is nothing to export from there or the file cannot be written
     */
    public static BundleManifest export(Outbox outbox, SiteIdentity site, long fromSequence, Path target, Clock clock) {
        OutboxStatus status = outbox.status();
        if (fromSequence < 1 || fromSequence > status.lastRecordedSequence()) {
            throw new BundleException("bundle.nothing-to-export", fromSequence, status.lastRecordedSequence());
        }
        long to = status.lastRecordedSequence();
        Long redacted = outbox.lastRedacted(fromSequence, to);
        if (redacted != null) {
            throw new BundleException("bundle.redacted", redacted);
        }
        byte[] previous = outbox.hashAt(fromSequence - 1);
        Path absolute = target.toAbsolutePath();
        Path temporary = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            MessageDigest sha = sha256();
            long[] count = {0};
            byte[][] last = {previous};
            try (java.io.FileOutputStream file = new java.io.FileOutputStream(temporary.toFile());
                 ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16))) {
                zip.putNextEntry(new ZipEntry(EVENTS_ENTRY));
                DataOutputStream out = new DataOutputStream(new DigestOutputStream(new NonClosing(zip), sha));
                IOException[] failure = {null};
                outbox.forEach(fromSequence, to, row -> {
                    if (failure[0] != null) {
                        return;
                    }
                    if (row.body().length == 0) {
                        // A state secret's earlier text, removed from this computer once the hub had it.
                        throw new BundleException("bundle.redacted", row.sequence());
                    }
                    try {
                        writeEvent(out, new BundleEvent(row.sequence(), row.hash(), row.body(), row.signature(), row.keyId()));
                        count[0]++;
                        last[0] = row.hash();
                    } catch (IOException e) {
                        failure[0] = e;
                    }
                });
                if (failure[0] != null) {
                    throw failure[0];
                }
                out.flush();
                zip.closeEntry();
                byte[] content = sha.digest();
                BundleManifest manifest = new BundleManifest(FORMAT, site.siteCode(), site.keyId(), fromSequence, to,
                        count[0], ChainHash.hex(previous), ChainHash.hex(last[0]), HexFormat.of().formatHex(content),
                        Base64.getEncoder().encodeToString(SiteKeys.sign(site.privateKey(), content)),
                        Instant.ofEpochMilli(clock.millis()), AgentVersion.current(), SiteEvent.getClassSchema().toString());
                zip.putNextEntry(new ZipEntry(MANIFEST_ENTRY));
                zip.write(manifestJson(manifest).getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                zip.finish();
                zip.flush();
                // On the stick before it is renamed into place: a clerk pulls the stick as soon as the CLI returns.
                file.getFD().sync();
                zip.close();
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                log.info("bundle written siteCode={} fromSequence={} toSequence={} count={} file={}", site.siteCode(),
                        fromSequence, to, count[0], absolute);
                return manifest;
            }
        } catch (IOException | BundleException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // Best effort: the partial file has a name no importer reads.
            }
            throw e instanceof BundleException b ? b : new BundleException(e, "bundle.write-failed", absolute.toString());
        }
    }

    /**
     * Reads a bundle and checks it: the manifest's format, the SHA-256 of {@code events.bin}, the count and the
     * contiguous range. The chain and the event signatures are left to {@code ChainVerifier}, as for Kafka.
     *
     * @param publicKey when not null, the manifest's signature must verify with it
     * @throws BundleException when the file is not a bundle or does not match its manifest
     */
    public static Bundle read(Path file, PublicKey publicKey) {
        List<BundleEvent> events = new ArrayList<>();
        BundleManifest manifest = read(file, publicKey, events::add);
        return new Bundle(manifest, List.copyOf(events));
    }

    /** As {@link #read(Path, PublicKey)}, streaming the events to {@code sink} before the final checks. */
    public static BundleManifest read(Path file, PublicKey publicKey, Consumer<BundleEvent> sink) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry manifestEntry = zip.getEntry(MANIFEST_ENTRY);
            ZipEntry eventsEntry = zip.getEntry(EVENTS_ENTRY);
            if (manifestEntry == null || eventsEntry == null) {
                throw new BundleException("bundle.corrupt", file.toString(), "missing manifest.json or events.bin");
            }
            BundleManifest manifest;
            try (InputStream in = zip.getInputStream(manifestEntry)) {
                manifest = parseManifest(in.readAllBytes());
            }
            if (!FORMAT.equals(manifest.format())) {
                throw new BundleException("bundle.corrupt", file.toString(), "unknown format " + manifest.format());
            }
            MessageDigest sha = sha256();
            long count = 0;
            long expected = manifest.fromSequence();
            try (InputStream raw = zip.getInputStream(eventsEntry);
                 DataInputStream in = new DataInputStream(new java.security.DigestInputStream(
                         new java.io.BufferedInputStream(raw, 1 << 16), sha))) {
                BundleEvent e;
                while ((e = readEvent(in)) != null) {
                    if (e.sequence() != expected) {
                        throw new BundleException("bundle.corrupt", file.toString(),
                                "sequence " + e.sequence() + " where " + expected + " was expected");
                    }
                    expected++;
                    count++;
                    sink.accept(e);
                }
            }
            byte[] content = sha.digest();
            if (!HexFormat.of().formatHex(content).equals(manifest.contentSha256())) {
                throw new BundleException("bundle.corrupt", file.toString(), "SHA-256 of events.bin does not match the manifest");
            }
            if (count != manifest.count() || expected - 1 != manifest.toSequence()) {
                throw new BundleException("bundle.corrupt", file.toString(), "holds " + count + " events, manifest says "
                        + manifest.count());
            }
            if (publicKey != null && !SiteKeys.verify(publicKey, content, Base64.getDecoder().decode(manifest.signature()))) {
                throw new BundleException("bundle.corrupt", file.toString(), "manifest signature does not verify");
            }
            return manifest;
        } catch (IOException e) {
            throw new BundleException(e, "bundle.corrupt", file.toString(), e.getClass().getSimpleName());
        }
    }

    static void writeEvent(DataOutputStream out, BundleEvent e) throws IOException {
        out.writeLong(e.sequence());
        out.write(e.hash());
        out.writeInt(e.body().length);
        out.write(e.body());
        byte[] signature = e.signature() == null ? new byte[0] : e.signature();
        byte[] keyId = e.keyId() == null ? new byte[0] : e.keyId().getBytes(StandardCharsets.UTF_8);
        out.writeShort(signature.length);
        out.write(signature);
        out.writeShort(keyId.length);
        out.write(keyId);
    }

    static BundleEvent readEvent(DataInputStream in) throws IOException {
        long sequence;
        try {
            sequence = in.readLong();
        } catch (EOFException end) {
            return null;
        }
        byte[] hash = in.readNBytes(ChainHash.LENGTH);
        int length = in.readInt();
        if (hash.length != ChainHash.LENGTH || length < 0 || length > 16 << 20) {
            throw new IOException("malformed event at sequence " + sequence);
        }
        byte[] body = in.readNBytes(length);
        byte[] signature = in.readNBytes(in.readUnsignedShort());
        byte[] keyId = in.readNBytes(in.readUnsignedShort());
        if (body.length != length) {
            throw new EOFException("truncated event at sequence " + sequence);
        }
        return new BundleEvent(sequence, hash, body, signature.length == 0 ? null : signature,
                keyId.length == 0 ? null : new String(keyId, StandardCharsets.UTF_8));
    }

    private static String manifestJson(BundleManifest m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", m.format());
        n.put("siteCode", m.siteCode());
        n.put("keyId", m.keyId());
        n.put("fromSequence", m.fromSequence());
        n.put("toSequence", m.toSequence());
        n.put("count", m.count());
        n.put("previousHash", m.previousHash());
        n.put("lastHash", m.lastHash());
        n.put("contentSha256", m.contentSha256());
        n.put("signature", m.signature());
        n.put("createdAt", m.createdAt().toString());
        n.put("agentVersion", m.agentVersion());
        n.put("writerSchema", m.writerSchema());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }

    private static BundleManifest parseManifest(byte[] json) {
        try {
            JsonNode n = JSON.readTree(json);
            return new BundleManifest(n.path("format").asString(), n.path("siteCode").asString(),
                    n.path("keyId").asString(), n.path("fromSequence").asLong(), n.path("toSequence").asLong(),
                    n.path("count").asLong(), n.path("previousHash").asString(), n.path("lastHash").asString(),
                    n.path("contentSha256").asString(), n.path("signature").asString(),
                    Instant.parse(n.path("createdAt").asString()), n.path("agentVersion").asString(),
                    n.path("writerSchema").asString());
        } catch (JacksonException | java.time.format.DateTimeParseException e) {
            throw new BundleException(e, "bundle.corrupt", "manifest.json", "not a valid manifest");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Lets the digest stream be flushed without closing the ZIP entry under it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
