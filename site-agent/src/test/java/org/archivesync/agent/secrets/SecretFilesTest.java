package org.archivesync.agent.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.List;
import org.archivesync.agent.testing.TestPaths;
import org.junit.jupiter.api.Test;

/**
 * Secret files on Linux (the real file system: POSIX mode) and on a Windows-like file system: Jimfs configured as
 * Windows with the {@code acl} and {@code owner} views, whose new files inherit {@code Everyone: read} and
 * {@code BUILTIN\Users: read} as files under {@code C:\ProgramData} do.
 */
class SecretFilesTest {

    static FileSystem windows() {
        FileSystem probe = Jimfs.newFileSystem(Configuration.windows().toBuilder().setAttributeViews("acl").build());
        try {
            UserPrincipal everyone = probe.getUserPrincipalLookupService().lookupPrincipalByGroupName("Everyone");
            UserPrincipal users = probe.getUserPrincipalLookupService().lookupPrincipalByGroupName("BUILTIN\\Users");
            List<AclEntry> inherited = List.of(
                    AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(everyone)
                            .setPermissions(AclEntryPermission.READ_DATA).build(),
                    AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(users)
                            .setPermissions(AclEntryPermission.READ_DATA, AclEntryPermission.READ_ATTRIBUTES).build());
            return Jimfs.newFileSystem(Configuration.windows().toBuilder().setAttributeViews("basic", "owner", "acl")
                    .setDefaultAttributeValue("owner:owner", "LOCAL SERVICE")
                    .setDefaultAttributeValue("acl:acl", inherited).build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void onWindowsOnlyTheOwnerAndAdministratorsAreGrantedAndInheritedEntriesAreGone() throws Exception {
        try (FileSystem fs = windows()) {
            Path dir = fs.getPath("C:\\ProgramData\\archive-sync-agent");
            Files.createDirectories(dir);
            Path file = dir.resolve("api-token");
            // Before: a file created there is readable by everyone, as the old File.setReadable calls left it.
            Path plain = Files.createFile(dir.resolve("plain"));
            assertThat(Files.getFileAttributeView(plain, AclFileAttributeView.class).getAcl())
                    .extracting(e -> e.principal().getName()).contains("Everyone", "BUILTIN\\Users");

            SecretFiles.writeNew(file, "s3cret".getBytes(StandardCharsets.US_ASCII));

            AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
            assertThat(view.getOwner().getName()).isEqualTo("LOCAL SERVICE");
            assertThat(view.getAcl()).hasSize(2).allSatisfy(e -> {
                assertThat(e.type()).isEqualTo(AclEntryType.ALLOW);
                assertThat(e.flags()).isEmpty();
            });
            assertThat(view.getAcl().get(0).principal().getName()).isEqualTo("LOCAL SERVICE");
            assertThat(view.getAcl().get(0).permissions()).contains(AclEntryPermission.READ_DATA,
                    AclEntryPermission.WRITE_DATA).doesNotContain(AclEntryPermission.WRITE_ACL,
                    AclEntryPermission.WRITE_OWNER);
            assertThat(view.getAcl().get(1).principal().getName()).isEqualTo("BUILTIN\\Administrators");
            assertThat(view.getAcl().get(1).permissions()).isEqualTo(EnumSet.allOf(AclEntryPermission.class));
            assertThat(Files.readString(file)).isEqualTo("s3cret");
        }
    }

    @Test
    void theEntriesAreTheOwnerAndAdministratorsOnly() throws Exception {
        try (FileSystem fs = windows()) {
            UserPrincipal owner = fs.getUserPrincipalLookupService().lookupPrincipalByName("LOCAL SERVICE");
            UserPrincipal admins = fs.getUserPrincipalLookupService().lookupPrincipalByGroupName("BUILTIN\\Administrators");
            UserPrincipal users = fs.getUserPrincipalLookupService().lookupPrincipalByGroupName("BUILTIN\\Users");

            assertThat(OwnerOnlyAcl.entries(owner, admins)).extracting(AclEntry::principal).containsExactly(owner, admins);
            assertThat(OwnerOnlyAcl.entries(owner, null)).extracting(AclEntry::principal).containsExactly(owner);
            assertThat(OwnerOnlyAcl.entries(admins, admins)).extracting(AclEntry::principal).containsExactly(admins);
            assertThat(OwnerOnlyAcl.grantsOnly(OwnerOnlyAcl.entries(owner, admins), owner, admins)).isTrue();
            List<AclEntry> leaky = List.of(OwnerOnlyAcl.entries(owner, admins).get(0), AclEntry.newBuilder()
                    .setType(AclEntryType.ALLOW).setPrincipal(users).setPermissions(AclEntryPermission.READ_DATA).build());
            assertThat(OwnerOnlyAcl.grantsOnly(leaky, owner, admins)).isFalse();
        }
    }

    @Test
    void aFileSystemWithoutPermissionsIsRefusedAndNothingIsWritten() throws Exception {
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.windows().toBuilder().setAttributeViews("basic").build())) {
            Path file = fs.getPath("C:\\usb\\site-key.pk8");
            assertThatThrownBy(() -> SecretFiles.writeNew(file, "s3cret".getBytes(StandardCharsets.US_ASCII)))
                    .isInstanceOf(IOException.class).hasMessageContaining("neither POSIX permissions nor ACLs");
            assertThat(file).doesNotExist();
        }
    }

    @Test
    void onLinuxTheFileIsCreatedOwnerOnlyAndAnExistingFileIsNeverOverwritten() throws Exception {
        Path file = TestPaths.directory("secret-files").resolve("api-token");

        SecretFiles.writeNew(file, "s3cret".getBytes(StandardCharsets.US_ASCII));

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file)).isEqualTo("s3cret");
        assertThatThrownBy(() -> SecretFiles.writeNew(file, "other".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo("s3cret");
    }
}
