package org.archivesync.agent.testing;

import java.security.KeyPair;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.schemas.integrity.ChainVerifier;
import org.archivesync.schemas.integrity.SiteKey;
import org.archivesync.schemas.integrity.SiteKeys;

/** A site with a fresh Ed25519 key, as enrollment would leave it. */
public record TestSite(String siteCode, KeyPair keys, String keyId) {

    public static TestSite create(String siteCode) {
        KeyPair keys = SiteKeys.generate();
        return new TestSite(siteCode, keys, SiteKeys.keyId(keys.getPublic()));
    }

    public SiteIdentity identity() {
        return new SiteIdentity(siteCode, keys.getPrivate(), keyId);
    }

    public SiteKey siteKey() {
        return new SiteKey(keyId, siteCode, keys.getPublic());
    }

    /** A verifier that knows only this site's key. */
    public ChainVerifier verifier() {
        SiteKey key = siteKey();
        return new ChainVerifier(id -> id.equals(key.keyId()) ? key : null);
    }
}
