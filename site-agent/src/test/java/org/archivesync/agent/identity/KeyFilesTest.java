package org.archivesync.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.PrivateKey;
import java.util.List;
import org.archivesync.schemas.integrity.SiteKeys;
import org.junit.jupiter.api.Test;

/** The private key file on a Windows-like file system (Jimfs with the "acl" and "owner" views). */
class KeyFilesTest {

    @Test
    void onWindowsTheKeyFileIsReadableByItsOwnerAndAdministratorsOnly() throws Exception {
        FileSystem probe = Jimfs.newFileSystem(Configuration.windows().toBuilder().setAttributeViews("acl").build());
        UserPrincipalLookupService names = probe.getUserPrincipalLookupService();
        // What a file under C:\ProgramData inherits: read access for every local account.
        List<AclEntry> inherited = List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW)
                .setPrincipal(names.lookupPrincipalByGroupName("BUILTIN\\Users"))
                .setPermissions(AclEntryPermission.READ_DATA).build());
        try (FileSystem fs = Jimfs.newFileSystem(Configuration.windows().toBuilder()
                .setAttributeViews("basic", "owner", "acl")
                .setDefaultAttributeValue("owner:owner", "LOCAL SERVICE")
                .setDefaultAttributeValue("acl:acl", inherited).build())) {
            Path keyFile = fs.getPath("C:\\ProgramData\\archive-sync-agent\\site-key.pk8");
            PrivateKey key = SiteKeys.generate().getPrivate();

            KeyFiles.writeNew(keyFile, key);

            assertThat(Files.getFileAttributeView(keyFile, AclFileAttributeView.class).getAcl())
                    .extracting(e -> e.principal().getName())
                    .containsExactly("LOCAL SERVICE", "BUILTIN\\Administrators");
            assertThat(KeyFiles.read(keyFile).getEncoded()).isEqualTo(key.getEncoded());
        }
    }
}
