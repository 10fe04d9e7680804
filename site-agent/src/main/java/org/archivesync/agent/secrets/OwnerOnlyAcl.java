package org.archivesync.agent.secrets;

import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** The ACL of a secret file, and the check that an ACL read back grants nobody else. No I/O. */
final class OwnerOnlyAcl {

    /** What the owner needs to read, rewrite and delete its secret; not to hand it to others ({@code WRITE_ACL}). */
    static final Set<AclEntryPermission> OWNER = EnumSet.of(AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA,
            AclEntryPermission.APPEND_DATA, AclEntryPermission.READ_NAMED_ATTRS, AclEntryPermission.WRITE_NAMED_ATTRS,
            AclEntryPermission.READ_ATTRIBUTES, AclEntryPermission.WRITE_ATTRIBUTES, AclEntryPermission.DELETE,
            AclEntryPermission.READ_ACL, AclEntryPermission.SYNCHRONIZE);

    private OwnerOnlyAcl() {
    }

    /**
     * Two allow entries without inheritance flags: the owner ({@link #OWNER}) and the administrators (full control).
     * Being the whole list, it replaces every inherited entry.
     *
     * @param owner the file's owner (never null)
     * @param administrators {@code BUILTIN\Administrators}; null grants the owner only
     */
    static List<AclEntry> entries(UserPrincipal owner, UserPrincipal administrators) {
        Objects.requireNonNull(owner, "owner");
        List<AclEntry> acl = new ArrayList<>(2);
        acl.add(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(owner).setPermissions(OWNER).build());
        if (administrators != null && !administrators.equals(owner)) {
            acl.add(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(administrators)
                    .setPermissions(EnumSet.allOf(AclEntryPermission.class)).build());
        }
        return List.copyOf(acl);
    }

    /**
     * True when every {@code ALLOW} entry of {@code acl} names the owner or the administrators.
     *
     * @param acl as read back from the file (never null)
     * @param owner never null
     * @param administrators may be null
     */
    static boolean grantsOnly(List<AclEntry> acl, UserPrincipal owner, UserPrincipal administrators) {
        for (AclEntry e : acl) {
            if (e.type() == AclEntryType.ALLOW && !e.principal().equals(owner) && !e.principal().equals(administrators)) {
                return false;
            }
        }
        return true;
    }
}
