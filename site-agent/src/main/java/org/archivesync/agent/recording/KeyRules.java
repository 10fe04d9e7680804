package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.refuse;
import static org.archivesync.agent.recording.Fields.required;

import java.sql.SQLException;
import java.util.Optional;
import org.archivesync.agent.identity.KeyRotation;
import org.archivesync.avro.SiteKeyRotated;
import org.archivesync.schemas.integrity.SiteKeys;

/** The site's signing key: a new key is announced once the previous rotation is settled. */
final class KeyRules {

    private final RuleContext ctx;

    KeyRules(RuleContext ctx) {
        this.ctx = ctx;
    }

    SiteKeyRotated rotate(RotateKey c, long sequence) throws SQLException {
        Optional<KeyRotation.Pending> pending = KeyRotation.pending(ctx.state().connection());
        if (pending.isPresent()) {
            throw refuse(Refusal.KEY_ROTATION_PENDING, "newKeyId", pending.get().sequence());
        }
        String derived;
        try {
            derived = SiteKeys.keyId(SiteKeys.decodePublic(required(c.newPublicKey(), "newPublicKey")));
        } catch (IllegalArgumentException e) {
            throw refuse(Refusal.KEY_ID_MISMATCH, "newPublicKey", c.newKeyId());
        }
        if (!derived.equals(c.newKeyId())) {
            throw refuse(Refusal.KEY_ID_MISMATCH, "newKeyId", c.newKeyId());
        }
        KeyRotation.recordPending(ctx.state().connection(), sequence, derived, c.newPublicKey(),
                required(c.newKeyFile(), "newKeyFile"), ctx.now().toEpochMilli());
        return SiteKeyRotated.newBuilder().setNewKeyId(derived).setNewPublicKey(c.newPublicKey()).build();
    }
}
