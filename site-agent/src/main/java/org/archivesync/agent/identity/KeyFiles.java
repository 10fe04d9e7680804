package org.archivesync.agent.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivateKey;
import org.archivesync.agent.secrets.SecretFiles;
import org.archivesync.schemas.integrity.SiteKeys;

/**
 * The private key file: PKCS#8 DER in base64, readable and writable by its owner only ({@code rw-------} on POSIX,
 * an ACL of the owner and Administrators on Windows: {@link SecretFiles}).
 */
final class KeyFiles {

    private KeyFiles() {
    }

    /** Writes {@code key} to a new file, restricted before any byte is written. */
    static void writeNew(Path file, PrivateKey key) throws IOException {
        SecretFiles.writeNew(file, (SiteKeys.encodePrivate(key) + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    static void moveIntoPlace(Path pending, Path target) throws IOException {
        Files.move(pending, target, StandardCopyOption.ATOMIC_MOVE);
    }

    static PrivateKey read(Path file) throws IOException {
        return SiteKeys.decodePrivate(Files.readString(file, StandardCharsets.US_ASCII));
    }
}
