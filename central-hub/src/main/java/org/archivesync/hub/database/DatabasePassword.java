package org.archivesync.hub.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL's superuser password, kept in a file of the hub's data home ({@code db-password} next to
 * the data directory by default). Whoever can read the file can sign in to the catalogue as its superuser over
 * loopback, so it is created readable and writable by the hub's account only (POSIX {@code rw-------}; on a file
 * system without POSIX permissions, such as NTFS, it inherits its directory's ACL, which is the hub's data home).
 */
final class DatabasePassword {

    private static final Logger log = LoggerFactory.getLogger(DatabasePassword.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DatabasePassword() {
    }

    /**
     * The password and whether it was generated just now.
     *
     * @param value never null nor blank, one line
     * @param generated true when the file did not exist and was created by this call
     */
    record Read(String value, boolean generated) {
    }

    /**
     * Reads the password from the first line of {@code file}, or generates one (24 random bytes from
     * {@link SecureRandom}, base64url) into a new file created owner-only before any byte is written. An existing file
     * that others may read is narrowed to owner-only, with a warning.
     *
     * @param file never null
     * @return never null
     * @throws IOException when the file cannot be read or created
     * @throws IllegalStateException when the file exists but its first line is blank
     */
    static Read readOrCreate(Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        if (!Files.exists(absolute)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            boolean posix = Files.getFileAttributeView(absolute.getParent(), PosixFileAttributeView.class) != null;
            FileAttribute<?>[] attributes = posix
                    ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                    : new FileAttribute<?>[0];
            try {
                Files.createFile(absolute, attributes);
                Files.writeString(absolute, password + "\n", StandardCharsets.US_ASCII);
                log.info("embedded postgres password generated file={}", absolute);
                return new Read(password, true);
            } catch (FileAlreadyExistsException raced) {
                // Another process created it between the check and the creation: read theirs.
            }
        }
        narrowToOwner(absolute);
        String text = Files.readString(absolute, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String password = (end < 0 ? text : text.substring(0, end)).strip();
        if (password.isEmpty()) {
            throw new IllegalStateException("the embedded PostgreSQL password file " + absolute
                    + " is empty: delete it to have a new password generated");
        }
        return new Read(password, false);
    }

    private static void narrowToOwner(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        Set<PosixFilePermission> others = EnumSet.copyOf(permissions);
        others.removeAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE));
        if (!others.isEmpty()) {
            log.warn("embedded postgres password file readable by others, narrowed to the owner file={} was={}", file,
                    PosixFilePermissions.toString(permissions));
            view.setPermissions(OWNER_ONLY);
        }
    }
}
