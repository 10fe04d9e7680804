package org.archivesync.agent.identity;

import java.security.PrivateKey;
import java.util.Objects;

/**
 * Who this agent records as: the enrolled site code, its Ed25519 private key (never leaves the office PC) and the key
 * id the hub returned at enrollment, sent in the {@code as-key-id} header with each signature.
 *
 * @param siteCode e.g. {@code CM.CAINUOC.UBND} (never null)
 * @param privateKey the site's Ed25519 private key (never null)
 * @param keyId 16 hex characters (never null)
 */
public record SiteIdentity(String siteCode, PrivateKey privateKey, String keyId) {

    public SiteIdentity {
        Objects.requireNonNull(siteCode, "siteCode");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(keyId, "keyId");
    }

    @Override
    public String toString() {
        return "SiteIdentity[siteCode=" + siteCode + ", keyId=" + keyId + "]";
    }
}
