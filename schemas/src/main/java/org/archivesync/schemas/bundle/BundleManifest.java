package org.archivesync.schemas.bundle;

import java.time.Instant;

/**
 * The manifest of a USB bundle ({@code manifest.json}), as the agent writes it and the hub reads it; the layout is
 * {@link BundleFormat}. Fields a reader does not find are empty strings (numbers 0).
 *
 * @param format always {@link BundleFormat#FORMAT} in a bundle a reader accepts
 * @param siteCode the site whose events these are
 * @param keyId the key that signed the manifest (and the signed events)
 * @param fromSequence first sequence in the bundle
 * @param toSequence last sequence; always a signed event
 * @param count {@code toSequence - fromSequence + 1}
 * @param previousHash hex chain hash of {@code fromSequence - 1} (zeros when it is 0)
 * @param lastHash hex chain hash of {@code toSequence}
 * @param contentSha256 hex SHA-256 of {@code events.bin}
 * @param signature base64 Ed25519 signature over the 32 bytes of {@code contentSha256}
 * @param createdAt when the bundle was written
 * @param agentVersion the writing agent
 * @param writerSchema the SiteEvent schema (JSON) the bodies were written with, for readers without a registry
 */
public record BundleManifest(String format, String siteCode, String keyId, long fromSequence, long toSequence,
                             long count, String previousHash, String lastHash, String contentSha256, String signature,
                             Instant createdAt, String agentVersion, String writerSchema) {
}
