package org.archivesync.agent.bundle;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
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
import java.util.zip.ZipOutputStream;
import org.apache.avro.Schema;
import org.archivesync.agent.AgentVersion;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxStatus;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.bundle.BundleEvent;
import org.archivesync.schemas.bundle.BundleFile;
import org.archivesync.schemas.bundle.BundleFormat;
import org.archivesync.schemas.bundle.BundleFormatException;
import org.archivesync.schemas.bundle.BundleManifest;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.SiteKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * USB bundles: the outbox events from a sequence on, in one ZIP file with {@code events.bin} (the events, byte for
 * byte as recorded) and {@code manifest.json} (site, range, count, SHA-256 of {@code events.bin}, signed with the
 * site key). The format is {@link BundleFormat}, in {@code schemas}, which the hub's {@code import-bundle} reads too; the hub
 * verifies each event's chain and signature exactly as for Kafka, and skips what it already has by its cursor.
 */
public final class Bundles {


    private static final Logger log = LoggerFactory.getLogger(Bundles.class);

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
                zip.putNextEntry(new ZipEntry(BundleFormat.EVENTS_ENTRY));
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
                        BundleFormat.writeEvent(out, new BundleEvent(row.sequence(), row.hash(), row.body(), row.signature(), row.keyId()));
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
                BundleManifest manifest = new BundleManifest(BundleFormat.FORMAT, site.siteCode(), site.keyId(), fromSequence, to,
                        count[0], ChainHash.hex(previous), ChainHash.hex(last[0]), HexFormat.of().formatHex(content),
                        Base64.getEncoder().encodeToString(SiteKeys.sign(site.privateKey(), content)),
                        Instant.ofEpochMilli(clock.millis()), AgentVersion.current(), SiteEvent.getClassSchema().toString());
                zip.putNextEntry(new ZipEntry(BundleFormat.MANIFEST_ENTRY));
                zip.write(BundleFormat.manifestJson(manifest).getBytes(StandardCharsets.UTF_8));
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
        try {
            BundleFile bundle = new BundleFile(file);
            BundleManifest manifest = bundle.manifest();
            byte[] content = bundle.read(manifest, sink);
            if (!BundleFile.matches(content, manifest)) {
                throw new BundleException("bundle.corrupt", file.toString(), "SHA-256 of events.bin does not match the manifest");
            }
            if (publicKey != null && !SiteKeys.verify(publicKey, content, Base64.getDecoder().decode(manifest.signature()))) {
                throw new BundleException("bundle.corrupt", file.toString(), "manifest signature does not verify");
            }
            return manifest;
        } catch (BundleFormatException e) {
            throw new BundleException(e, "bundle.corrupt", file.toString(), e.getMessage());
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
