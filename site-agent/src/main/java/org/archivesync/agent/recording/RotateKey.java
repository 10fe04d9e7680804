package org.archivesync.agent.recording;

/**
 * Announces the office's next signing key (khóa ký mới). Becomes {@code SiteKeyRotated}, signed with the current key.
 * Built by {@code KeyRotation.rotate}, which has written the new private key to {@code newKeyFile}; not offered by
 * the local API or a batch.
 *
 * @param newKeyId {@code SiteKeys.keyId} of the new key
 * @param newPublicKey {@code SiteKeys.encodePublic} of the new key
 * @param newKeyFile where the new private key is
 */
public record RotateKey(String newKeyId, String newPublicKey, String newKeyFile) implements Command {
}
