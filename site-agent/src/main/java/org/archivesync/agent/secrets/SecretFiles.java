package org.archivesync.agent.secrets;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files only the office's service account may read: the site's private key, the local API token. Where the file
 * system has POSIX permissions (Linux) the file is created {@code rw-------}; where it has ACLs instead (Windows,
 * NTFS) its ACL is replaced by two entries, the file's owner (the account that created it, the service account when
 * the service writes it) and {@code BUILTIN\Administrators}, which drops every inherited entry (such as
 * {@code Users: read} inherited from {@code C:\ProgramData}). The ACL is read back and checked before the first byte
 * is written. A file system with neither (FAT on a USB stick) is refused: the secret is not written at all.
 */
public final class SecretFiles {

    private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    static final String ADMINISTRATORS = "BUILTIN\\Administrators";

    private SecretFiles() {
    }

    /**
     * Creates {@code file} restricted to its owner (and Administrators on Windows), then writes {@code content} to it
     * and forces it to disk. The parent folders are created when missing.
     *
     * @param file the new file; must not exist (never null)
     * @param content what to write (never null)
     * @throws FileAlreadyExistsException when the file exists (it is left untouched)
     * @throws IOException when the file cannot be created or restricted; a file created here is deleted again, so no
     *                     readable copy of the secret is left behind
     */
    public static void writeNew(Path file, byte[] content) throws IOException {
        Set<String> views = file.getFileSystem().supportedFileAttributeViews();
        if (!views.contains("posix") && !views.contains("acl")) {
            throw new IOException("the file system of " + file + " has neither POSIX permissions nor ACLs: "
                    + "a secret written there would be readable by every account");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (views.contains("posix")) {
            // The mode is set when the file is created, before any byte is written.
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            createWithOwnerOnlyAcl(file);
        }
        boolean written = false;
        try {
            Files.write(file, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            written = true;
        } finally {
            if (!written) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static void createWithOwnerOnlyAcl(Path file) throws IOException {
        UserPrincipalLookupService principals = file.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal administrators = administrators(principals);
        try {
            // Windows applies an ACL given at creation atomically; a file system that takes none then gets it below.
            UserPrincipal me = principals.lookupPrincipalByName(System.getProperty("user.name"));
            List<AclEntry> acl = OwnerOnlyAcl.entries(me, administrators);
            Files.createFile(file, new FileAttribute<List<AclEntry>>() {
                @Override
                public String name() {
                    return "acl:acl";
                }

                @Override
                public List<AclEntry> value() {
                    return acl;
                }
            });
        } catch (UnsupportedOperationException | UserPrincipalNotFoundException e) {
            Files.createFile(file);
        }
        boolean restricted = false;
        try {
            AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
            // The owner is whoever created the file: the service account, or Administrators for an elevated prompt.
            List<AclEntry> acl = OwnerOnlyAcl.entries(view.getOwner(), administrators);
            view.setAcl(acl);
            List<AclEntry> actual = view.getAcl();
            if (!OwnerOnlyAcl.grantsOnly(actual, view.getOwner(), administrators)) {
                throw new IOException("the ACL of " + file + " still grants other accounts: " + actual);
            }
            restricted = true;
        } finally {
            if (!restricted) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** {@code BUILTIN\Administrators}, or null where that name does not resolve (then only the owner is granted). */
    private static UserPrincipal administrators(UserPrincipalLookupService principals) {
        try {
            return principals.lookupPrincipalByGroupName(ADMINISTRATORS);
        } catch (IOException | UnsupportedOperationException e) {
            log.warn("group not found, secret files are granted to their owner only group={} error={}", ADMINISTRATORS,
                    e.toString());
            return null;
        }
    }
}
