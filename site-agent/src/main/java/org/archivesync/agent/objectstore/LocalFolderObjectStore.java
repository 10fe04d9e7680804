package org.archivesync.agent.objectstore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Objects as files under a root folder, the key being the relative path. A copy is written to
 * {@code .incoming/<random>.part}, forced to disk, read back and hashed, compared with the hash the caller gave, and
 * only then renamed (atomically where the file system can) to its key. A crash leaves at most a {@code .part} file,
 * removed by {@link #clearIncomplete()}.
 */
final class LocalFolderObjectStore implements ObjectStore {

    static final String INCOMING = ".incoming";
    static final int BUFFER = 1 << 20;

    private final Path root;

    LocalFolderObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StoredObject put(Path source, String mediaType, String key, byte[] sha256) throws IOException {
        Path target = resolve(key);
        Path incoming = Files.createDirectories(root.resolve(INCOMING));
        Path part = incoming.resolve(UUID.randomUUID() + ".part");
        boolean kept = false;
        try {
            long size = 0;
            byte[] buffer = new byte[BUFFER];
            try (InputStream in = Files.newInputStream(source);
                 FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                    size += n;
                }
                out.flush();
                channel.force(true);
            }
            // Read back what was written: the copy, not the buffer we wrote from, must have the source's hash.
            if (!Arrays.equals(sha256, hash(part, buffer))) {
                throw new CopyVerificationException(key, describe());
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
            }
            kept = true;
            forceDirectory(target.getParent());
            return new StoredObject(key, sha256.clone(), size);
        } finally {
            if (!kept) {
                Files.deleteIfExists(part);
            }
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public String describe() {
        return root.toString();
    }

    /** Removes copies left half-written by a crash. */
    @Override
    public void clearIncomplete() throws IOException {
        Path incoming = root.resolve(INCOMING);
        if (!Files.isDirectory(incoming)) {
            return;
        }
        try (Stream<Path> parts = Files.list(incoming)) {
            for (Path part : parts.toList()) {
                Files.deleteIfExists(part);
            }
        }
    }

    /** The file of a key; never outside the root. */
    Path resolve(String key) {
        Path target = root.resolve(ObjectKeys.check(key)).normalize();
        if (!target.startsWith(root) || target.startsWith(root.resolve(INCOMING))) {
            throw new IllegalArgumentException("object key outside the store: " + key);
        }
        return target;
    }

    static byte[] hash(Path file, byte[] buffer) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** Makes the rename durable on POSIX file systems; Windows cannot open a directory, and needs no such step. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not supported here: the rename is as durable as the file system makes it.
        }
    }
}
