package org.archivesync.hub.sites;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The tables {@code sites}, {@code site_keys} (V1, V19) and {@code enrollment_tokens} (V4). Callers hold the
 * transaction.
 */
final class SiteStore {

    /** A token row, locked until the end of the transaction that read it. */
    record TokenRow(String siteCode, Instant expiresAt, Instant usedAt) {
    }

    /**
     * A key row.
     *
     * @param validThrough null while the key is not retired
     * @param retiredReason ROTATED, REVOKED or REENROLLED; null while the key is not retired
     * @param retiredBy the operator who revoked it; null otherwise
     * @param announcedBy the key that signed the rotation announcing this one; null for an enrolled key
     * @param retiresOthers the key was announced by a rotation and another key of its site is still not retired: its
     *                      first applied signature retires them
     */
    record KeyRow(String keyId, String siteCode, String publicKey, Instant enrolledAt, Instant revokedAt,
                  long validFrom, Long validThrough, String retiredReason, String retiredBy, String announcedBy,
                  boolean retiresOthers) {
    }

    private static final String INSERT_SITE = """
            INSERT INTO sites (site_code, name, unit_code, role, created_at)
            VALUES (:siteCode, :name, :unitCode, :role, :createdAt)
            ON CONFLICT (site_code) DO NOTHING""";

    private static final String SITE = """
            SELECT site_code, name, unit_code, role, created_at FROM sites WHERE site_code = :siteCode""";

    private static final String SITES = """
            SELECT site_code, name, unit_code, role, created_at FROM sites ORDER BY site_code""";

    private static final String INSERT_TOKEN = """
            INSERT INTO enrollment_tokens (token_hash, site_code, issued_at, expires_at)
            VALUES (:hash, :siteCode, :issuedAt, :expiresAt)""";

    // FOR UPDATE: a second enrollment with the same token waits here until the first commits, then sees it used.
    private static final String LOCK_TOKEN = """
            SELECT site_code, expires_at, used_at FROM enrollment_tokens WHERE token_hash = :hash FOR UPDATE""";

    private static final String USE_TOKEN = """
            UPDATE enrollment_tokens SET used_at = :usedAt, key_id = :keyId
            WHERE token_hash = :hash AND used_at IS NULL""";

    private static final String INSERT_KEY = """
            INSERT INTO site_keys (key_id, site_code, public_key, enrolled_at)
            VALUES (:keyId, :siteCode, :publicKey, :enrolledAt)
            ON CONFLICT (key_id) DO NOTHING""";

    private static final String KEY_COLUMNS = """
            k.key_id, k.site_code, k.public_key, k.enrolled_at, k.revoked_at, k.valid_from_sequence,
            k.valid_through_sequence, k.retired_reason, k.retired_by, k.announced_by,
            k.announced_by IS NOT NULL AND EXISTS (SELECT 1 FROM site_keys o WHERE o.site_code = k.site_code
                AND o.key_id <> k.key_id AND o.revoked_at IS NULL) AS retires_others""";

    private static final String KEY = "SELECT " + KEY_COLUMNS + " FROM site_keys k WHERE k.key_id = :keyId";

    private static final String KEYS_OF_SITE = "SELECT " + KEY_COLUMNS
            + " FROM site_keys k WHERE k.site_code = :siteCode ORDER BY k.enrolled_at, k.key_id";

    private static final String ALL_KEYS = "SELECT " + KEY_COLUMNS + " FROM site_keys k ORDER BY k.site_code,"
            + " k.enrolled_at, k.key_id";

    // A key announced by a rotation: valid after the announcing event. A replayed announcement changes nothing.
    private static final String INSERT_ANNOUNCED_KEY = """
            INSERT INTO site_keys (key_id, site_code, public_key, enrolled_at, valid_from_sequence, announced_by)
            VALUES (:keyId, :siteCode, :publicKey, :enrolledAt, :validFrom, :announcedBy)
            ON CONFLICT (key_id) DO NOTHING""";

    // Retires the site's keys other than :keyId that are not retired yet, after :through.
    private static final String RETIRE_OTHERS = """
            UPDATE site_keys SET valid_through_sequence = :through, revoked_at = :at, retired_reason = :reason
            WHERE site_code = :siteCode AND key_id <> :keyId AND revoked_at IS NULL""";

    // A revocation may shorten a rotated key's life, never lengthen it.
    private static final String REVOKE = """
            UPDATE site_keys SET valid_through_sequence = LEAST(COALESCE(valid_through_sequence, :through), :through),
                revoked_at = :at, retired_reason = 'REVOKED', retired_by = :by
            WHERE site_code = :siteCode AND key_id = :keyId AND retired_reason IS DISTINCT FROM 'REVOKED'""";

    // Locks the site's cursor: ingest cannot apply events of the site while a key of it is being retired.
    private static final String APPLIED_SEQUENCE = """
            SELECT last_sequence FROM site_cursors WHERE site_code = :siteCode FOR UPDATE""";

    private final JdbcClient jdbc;

    SiteStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when a site with this code exists already. */
    boolean insertSite(Site site) {
        return jdbc.sql(INSERT_SITE).param("siteCode", site.siteCode()).param("name", site.name())
                .param("unitCode", site.unitCode()).param("role", site.role().name())
                .param("createdAt", timestamp(site.createdAt())).update() == 1;
    }

    Optional<Site> site(String siteCode) {
        return jdbc.sql(SITE).param("siteCode", siteCode).query(SiteStore::site).optional();
    }

    List<Site> sites() {
        return jdbc.sql(SITES).query(SiteStore::site).list();
    }

    void insertToken(byte[] hash, String siteCode, Instant issuedAt, Instant expiresAt) {
        jdbc.sql(INSERT_TOKEN).param("hash", hash).param("siteCode", siteCode)
                .param("issuedAt", timestamp(issuedAt)).param("expiresAt", timestamp(expiresAt)).update();
    }

    Optional<TokenRow> lockToken(byte[] hash) {
        return jdbc.sql(LOCK_TOKEN).param("hash", hash).query((rs, n) -> new TokenRow(rs.getString("site_code"),
                instant(rs, "expires_at"), instant(rs, "used_at"))).optional();
    }

    /** False when the token was used meanwhile (it cannot be: the caller locked it). */
    boolean useToken(byte[] hash, String keyId, Instant usedAt) {
        return jdbc.sql(USE_TOKEN).param("hash", hash).param("keyId", keyId).param("usedAt", timestamp(usedAt))
                .update() == 1;
    }

    /** False when a key with this id exists already. */
    boolean insertKey(String keyId, String siteCode, String publicKey, Instant enrolledAt) {
        return jdbc.sql(INSERT_KEY).param("keyId", keyId).param("siteCode", siteCode).param("publicKey", publicKey)
                .param("enrolledAt", timestamp(enrolledAt)).update() == 1;
    }

    Optional<KeyRow> key(String keyId) {
        return jdbc.sql(KEY).param("keyId", keyId).query(SiteStore::key).optional();
    }

    List<KeyRow> allKeys() {
        return jdbc.sql(ALL_KEYS).query(SiteStore::key).list();
    }

    List<KeyRow> keysOf(String siteCode) {
        return jdbc.sql(KEYS_OF_SITE).param("siteCode", siteCode).query(SiteStore::key).list();
    }

    private static Site site(ResultSet rs, int row) throws SQLException {
        return new Site(rs.getString("site_code"), rs.getString("name"), rs.getString("unit_code"),
                SiteRole.valueOf(rs.getString("role")), instant(rs, "created_at"));
    }

    /** False when a key with this id exists already (a replayed announcement, or another site's key). */
    boolean insertAnnouncedKey(String keyId, String siteCode, String publicKey, Instant at, long validFrom,
                               String announcedBy) {
        return jdbc.sql(INSERT_ANNOUNCED_KEY).param("keyId", keyId).param("siteCode", siteCode)
                .param("publicKey", publicKey).param("enrolledAt", timestamp(at)).param("validFrom", validFrom)
                .param("announcedBy", announcedBy).update() == 1;
    }

    /** Retires the site's other keys that are not retired yet; returns how many. */
    int retireOthers(String siteCode, String keyId, long through, String reason, Instant at) {
        return jdbc.sql(RETIRE_OTHERS).param("siteCode", siteCode).param("keyId", keyId).param("through", through)
                .param("reason", reason).param("at", timestamp(at)).update();
    }

    /** False when the site has no such key, or it is revoked already. */
    boolean revoke(String siteCode, String keyId, long through, String by, Instant at) {
        return jdbc.sql(REVOKE).param("siteCode", siteCode).param("keyId", keyId).param("through", through)
                .param("by", by).param("at", timestamp(at)).update() == 1;
    }

    /** The site's applied sequence (0 before its first event), its cursor locked until the transaction ends. */
    long lockAppliedSequence(String siteCode) {
        return jdbc.sql(APPLIED_SEQUENCE).param("siteCode", siteCode).query(Long.class).optional().orElse(0L);
    }

    private static KeyRow key(ResultSet rs, int row) throws SQLException {
        long through = rs.getLong("valid_through_sequence");
        Long validThrough = rs.wasNull() ? null : through;
        return new KeyRow(rs.getString("key_id"), rs.getString("site_code"), rs.getString("public_key"),
                instant(rs, "enrolled_at"), instant(rs, "revoked_at"), rs.getLong("valid_from_sequence"),
                validThrough, rs.getString("retired_reason"), rs.getString("retired_by"),
                rs.getString("announced_by"), rs.getBoolean("retires_others"));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
