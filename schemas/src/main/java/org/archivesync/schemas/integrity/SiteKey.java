package org.archivesync.schemas.integrity;

import java.security.PublicKey;

/**
 * A public key enrolled for a site, with the sequences of the site it may sign.
 *
 * <p>A key enrolled with a token is valid from sequence 1; a key announced by a {@code SiteKeyRotated} event at
 * sequence s from s + 1. A key stays valid until it is retired: by the first event signed with its successor, by an
 * operator's revocation, or by a new enrollment of the site. A retired key signs nothing after its last sequence, and
 * proves nothing about what is already applied (docs/contracts.md, Keys).
 *
 * @param keyId {@link SiteKeys#keyId} of the key (never null)
 * @param siteCode the site the key was enrolled for (never null)
 * @param publicKey the Ed25519 public key (never null)
 * @param validFrom the first sequence the key may sign (at least 1)
 * @param validThrough the last sequence the key may sign; {@link Long#MAX_VALUE} while it is not retired
 */
public record SiteKey(String keyId, String siteCode, PublicKey publicKey, long validFrom, long validThrough) {

    /** A key that is valid for every sequence of its site. */
    public SiteKey(String keyId, String siteCode, PublicKey publicKey) {
        this(keyId, siteCode, publicKey, 1, Long.MAX_VALUE);
    }

    /** A site key whose id is derived from the public key, valid for every sequence. */
    public static SiteKey of(String siteCode, PublicKey publicKey) {
        return new SiteKey(SiteKeys.keyId(publicKey), siteCode, publicKey);
    }

    /** True once the key was retired (rotated, revoked or replaced by a new enrollment). */
    public boolean retired() {
        return validThrough != Long.MAX_VALUE;
    }

    /**
     * Whether the key may sign {@code sequence} of its site, whose applied cursor is at {@code cursor}: within its
     * sequences, and, once retired, only above the cursor (a retired key cannot prove a fork of the applied history).
     */
    public boolean signs(long sequence, long cursor) {
        return sequence >= validFrom && sequence <= validThrough && !(retired() && sequence <= cursor);
    }
}
