package org.archivesync.agent.identity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.schemas.integrity.SiteKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotation of the office's signing key (đổi khóa ký), the table {@code key_rotations} (agent V5).
 *
 * <p>{@link #rotate} writes a new private key beside the current one and records a {@code SiteKeyRotated} event
 * announcing it, signed with the current key. The agent keeps signing with the current key until the hub's cursor
 * shows the announcement applied (the hub has enrolled the new key for the sequences after it); then
 * {@link #signingIdentity}, called by the recorder inside its write transaction, switches {@code site_identity} to the
 * new key, and the next recording deletes the retired key file. Signing and switching share the SQLite write lock, so
 * no event is ever signed with the old key after one signed with the new (the hub retires the old key at the first
 * event signed with the new one; docs/contracts.md, Keys).
 */
public final class KeyRotation {

    private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

    private static final String PENDING = """
            SELECT sequence, new_key_id FROM key_rotations WHERE completed_at IS NULL""";
    private static final String INSERT = """
            INSERT INTO key_rotations (sequence, new_key_id, new_public_key, new_key_file, recorded_at)
            VALUES (?, ?, ?, ?, ?)""";
    // The hub has applied the announcement once its cursor reached it.
    private static final String CONFIRMED = """
            SELECT r.sequence, r.new_key_id, r.new_public_key, r.new_key_file FROM key_rotations r, delivery_state d
            WHERE r.completed_at IS NULL AND d.id = 1 AND d.hub_cursor_sequence >= r.sequence""";
    private static final String IDENTITY = "SELECT key_id, key_file FROM site_identity WHERE id = 1";
    private static final String SWITCH = "UPDATE site_identity SET key_id = ?, public_key = ?, key_file = ? WHERE id = 1";
    private static final String COMPLETE = """
            UPDATE key_rotations SET completed_at = ?, retired_key_file = ? WHERE sequence = ?""";
    private static final String RETIRED_FILES = """
            SELECT sequence, retired_key_file FROM key_rotations
            WHERE completed_at IS NOT NULL AND retired_deleted_at IS NULL""";
    private static final String DELETED = "UPDATE key_rotations SET retired_deleted_at = ? WHERE sequence = ?";

    /** Records the announcement of a new key (the recorder's {@code RotateKey}) and returns its sequence. */
    @FunctionalInterface
    public interface Announcer {
        long announce(String newKeyId, String newPublicKey, Path newKeyFile);
    }

    /** A rotation waiting for the hub. */
    public record Pending(long sequence, String newKeyId) {
    }

    private KeyRotation() {
    }

    /**
     * Announces a new key: writes it (owner-only) beside the current key file, then records the announcement with
     * {@code announce}, which must record a {@code RotateKey} command and return its sequence. Nothing is kept when
     * recording fails.
     *
     * @param enrollment the agent's enrollment (never null)
     * @param announce records {@code RotateKey(newKeyId, newPublicKey, newKeyFile)} (never null)
     * @return the announced key's id
     * @throws EnrollmentException when the agent is not enrolled or the key file cannot be written
     */
    public static String rotate(Enrollment enrollment, Announcer announce) {
        Enrollment.Enrolled current = enrollment.enrolled()
                .orElseThrow(() -> new EnrollmentException("identity.not-enrolled"));
        KeyPair pair = SiteKeys.generate();
        String keyId = SiteKeys.keyId(pair.getPublic());
        Path file = current.keyFile().toAbsolutePath().resolveSibling(current.keyFile().getFileName() + "." + keyId);
        try {
            KeyFiles.writeNew(file, pair.getPrivate());
        } catch (IOException e) {
            throw new EnrollmentException(e, "enrollment.key-file-failed", file.toString());
        }
        boolean kept = false;
        try {
            long sequence = announce.announce(keyId, SiteKeys.encodePublic(pair.getPublic()), file);
            kept = true;
            log.info("key rotation announced siteCode={} sequence={} oldKeyId={} newKeyId={}", current.siteCode(),
                    sequence, current.keyId(), keyId);
            return keyId;
        } finally {
            if (!kept) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    log.warn("cannot delete unused key file={} error={}", file, e.toString());
                }
            }
        }
    }

    /** The rotation waiting for the hub, if any. */
    public static Optional<Pending> pending(AgentStore store) {
        return store.read(KeyRotation::pending);
    }

    /** As {@link #pending(AgentStore)}, on the caller's connection. */
    public static Optional<Pending> pending(Connection c) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(PENDING); ResultSet rs = p.executeQuery()) {
            return rs.next() ? Optional.of(new Pending(rs.getLong(1), rs.getString(2))) : Optional.empty();
        }
    }

    /**
     * Keeps an announced rotation, in the recorder's transaction that appends its event.
     *
     * @param sequence the announcing event's sequence
     */
    public static void recordPending(Connection c, long sequence, String newKeyId, String newPublicKey,
                                     String newKeyFile, long recordedAtMillis) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            p.setLong(1, sequence);
            p.setString(2, newKeyId);
            p.setString(3, newPublicKey);
            p.setString(4, newKeyFile);
            p.setLong(5, recordedAtMillis);
            p.executeUpdate();
        }
    }

    /**
     * The identity to sign with, inside the caller's write transaction on {@code c}: completes a rotation the hub has
     * confirmed, deletes key files retired by earlier (committed) switches, and reads the current key.
     *
     * @param current the identity the caller holds (never null)
     * @param latest the identity this method returned last, reused when it is still current; may be null
     * @return {@code latest} or {@code current} when still current, else the switched-to identity (never null)
     * @throws EnrollmentException when the new key file cannot be read
     */
    public static SiteIdentity signingIdentity(Connection c, SiteIdentity current, SiteIdentity latest, Clock clock)
            throws SQLException {
        deleteRetiredFiles(c, clock);
        String[] confirmed = null;
        try (PreparedStatement p = c.prepareStatement(CONFIRMED); ResultSet rs = p.executeQuery()) {
            if (rs.next()) {
                confirmed = new String[] {Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4)};
            }
        }
        String keyId;
        String keyFile;
        try (PreparedStatement p = c.prepareStatement(IDENTITY); ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
                return current;
            }
            keyId = rs.getString(1);
            keyFile = rs.getString(2);
        }
        if (confirmed != null) {
            try (PreparedStatement p = c.prepareStatement(SWITCH)) {
                p.setString(1, confirmed[1]);
                p.setString(2, confirmed[2]);
                p.setString(3, confirmed[3]);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(COMPLETE)) {
                p.setLong(1, clock.millis());
                p.setString(2, keyFile);
                p.setLong(3, Long.parseLong(confirmed[0]));
                p.executeUpdate();
            }
            log.info("signing key switched siteCode={} rotationSequence={} oldKeyId={} newKeyId={}", current.siteCode(),
                    confirmed[0], keyId, confirmed[1]);
            keyId = confirmed[1];
            keyFile = confirmed[3];
        }
        if (keyId.equals(current.keyId())) {
            return current;
        }
        if (latest != null && keyId.equals(latest.keyId())) {
            return latest;
        }
        PrivateKey key;
        try {
            key = KeyFiles.read(Path.of(keyFile));
        } catch (IOException | IllegalArgumentException e) {
            throw new EnrollmentException(e, "identity.key-file-unreadable", keyFile);
        }
        return new SiteIdentity(current.siteCode(), key, keyId);
    }

    private static void deleteRetiredFiles(Connection c, Clock clock) throws SQLException {
        List<Object[]> retired = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(RETIRED_FILES); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                retired.add(new Object[] {rs.getLong(1), rs.getString(2)});
            }
        }
        for (Object[] r : retired) {
            try {
                Files.deleteIfExists(Path.of((String) r[1]));
            } catch (IOException e) {
                log.warn("cannot delete retired key file={} error={}", r[1], e.toString());
                continue;
            }
            try (PreparedStatement p = c.prepareStatement(DELETED)) {
                p.setLong(1, clock.millis());
                p.setLong(2, (Long) r[0]);
                p.executeUpdate();
            }
            log.info("retired key file deleted file={}", r[1]);
        }
    }
}
