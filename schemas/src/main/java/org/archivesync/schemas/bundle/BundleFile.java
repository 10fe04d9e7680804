package org.archivesync.schemas.bundle;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.archivesync.schemas.bundle.BundleFormatException.Problem;

/**
 * Reads one bundle file ({@link BundleFormat}): its manifest, then its events streamed in order, checking that the
 * sequences run from the manifest's first to its last without a gap. What a reader trusts beyond that (the SHA-256
 * against the manifest, the manifest's signature with the site's key, each event's chain and signature) is the
 * reader's to check. The file is read through, never loaded whole; arguments are never null.
 */
public final class BundleFile {

    private final Path path;

    public BundleFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * The manifest, never null.
     *
     * @throws BundleFormatException {@code NOT_A_BUNDLE} when the file or its manifest is unreadable,
     *                               {@code UNKNOWN_FORMAT} when the manifest names another format
     */
    public BundleManifest manifest() {
        BundleManifest m;
        try (ZipFile zip = new ZipFile(path.toFile()); InputStream in = zip.getInputStream(entry(zip, BundleFormat.MANIFEST_ENTRY))) {
            m = BundleFormat.parseManifest(in.readNBytes(BundleFormat.MAX_MANIFEST_BYTES));
        } catch (IOException e) {
            throw new BundleFormatException(Problem.NOT_A_BUNDLE, "manifest.json is unreadable: " + e.getMessage(), e);
        }
        if (!BundleFormat.FORMAT.equals(m.format())) {
            throw new BundleFormatException(Problem.UNKNOWN_FORMAT, "format " + m.format() + " is not " + BundleFormat.FORMAT);
        }
        return m;
    }

    /**
     * Streams every event of {@code events.bin} to {@code sink}, in order; returns the SHA-256 of the entry (compare
     * it with {@link #matches}). The sink has seen every event when this returns.
     *
     * @throws BundleFormatException {@code NOT_A_BUNDLE} when an event is malformed or cut short,
     *                               {@code RANGE_MISMATCH} when the sequences have a gap or end elsewhere than the
     *                               manifest says
     */
    public byte[] read(BundleManifest manifest, Consumer<BundleEvent> sink) {
        MessageDigest sha = sha256();
        long expected = manifest.fromSequence();
        try (ZipFile zip = new ZipFile(path.toFile());
             DataInputStream in = new DataInputStream(new DigestInputStream(
                     new BufferedInputStream(zip.getInputStream(entry(zip, BundleFormat.EVENTS_ENTRY)), 1 << 16), sha))) {
            BundleEvent e;
            while ((e = BundleFormat.readEvent(in)) != null) {
                if (e.sequence() != expected) {
                    throw new BundleFormatException(Problem.RANGE_MISMATCH, "sequence " + e.sequence() + " where "
                            + expected + " was expected");
                }
                expected++;
                sink.accept(e);
            }
        } catch (IOException e) {
            throw new BundleFormatException(Problem.NOT_A_BUNDLE, "events.bin is unreadable: " + e.getMessage(), e);
        }
        long count = expected - manifest.fromSequence();
        if (count != manifest.count() || expected - 1 != manifest.toSequence()) {
            throw new BundleFormatException(Problem.RANGE_MISMATCH, "events.bin holds " + count + " events up to "
                    + (expected - 1) + ", the manifest says " + manifest.count() + " up to " + manifest.toSequence());
        }
        return sha.digest();
    }

    /** True when {@code sha256} (from {@link #read}) is the manifest's {@code contentSha256}. */
    public static boolean matches(byte[] sha256, BundleManifest manifest) {
        return HexFormat.of().formatHex(sha256).equalsIgnoreCase(manifest.contentSha256());
    }

    private static ZipEntry entry(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException("no " + name);
        }
        return entry;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
