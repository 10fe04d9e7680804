package org.archivesync.schemas.integrity;

import java.security.PublicKey;

/**
 * A public key enrolled for a site.
 *
 * @param keyId {@link SiteKeys#keyId} of the key (never null)
 * @param siteCode the site the key was enrolled for (never null)
 * @param publicKey the Ed25519 public key (never null)
 */
public record SiteKey(String keyId, String siteCode, PublicKey publicKey) {

    /** A site key whose id is derived from the public key. */
    public static SiteKey of(String siteCode, PublicKey publicKey) {
        return new SiteKey(SiteKeys.keyId(publicKey), siteCode, publicKey);
    }
}
