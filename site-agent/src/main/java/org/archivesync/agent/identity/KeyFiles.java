package org.archivesync.agent.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.Set;
import org.archivesync.schemas.integrity.SiteKeys;

/** The private key file: PKCS#8 DER in base64, readable and writable by its owner only. */
final class KeyFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private KeyFiles() {
    }

    /** Writes {@code key} to a new file; the permissions are set when the file is created, before any byte is written. */
    static void writeNew(Path file, PrivateKey key) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attributes = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Files.createFile(file, attributes);
        if (!posix) {
            // Windows: no POSIX modes; at least take read access away from everyone but the owner.
            java.io.File f = file.toFile();
            f.setReadable(false, false);
            f.setReadable(true, true);
            f.setWritable(false, false);
            f.setWritable(true, true);
        }
        Files.write(file, (SiteKeys.encodePrivate(key) + "\n").getBytes(StandardCharsets.US_ASCII),
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
    }

    static void moveIntoPlace(Path pending, Path target) throws IOException {
        Files.move(pending, target, StandardCopyOption.ATOMIC_MOVE);
    }

    static PrivateKey read(Path file) throws IOException {
        return SiteKeys.decodePrivate(Files.readString(file, StandardCharsets.US_ASCII));
    }
}
