package org.archivesync.hub.sites;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The tables {@code sites}, {@code site_keys} (V1) and {@code enrollment_tokens} (V4). Callers hold the transaction. */
final class SiteStore {

    /** A token row, locked until the end of the transaction that read it. */
    record TokenRow(String siteCode, Instant expiresAt, Instant usedAt) {
    }

    /** A key row. */
    record KeyRow(String keyId, String siteCode, String publicKey, Instant enrolledAt, Instant revokedAt) {
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

    private static final String KEY = """
            SELECT key_id, site_code, public_key, enrolled_at, revoked_at FROM site_keys WHERE key_id = :keyId""";

    private static final String KEYS_OF_SITE = """
            SELECT key_id, site_code, public_key, enrolled_at, revoked_at FROM site_keys
            WHERE site_code = :siteCode ORDER BY enrolled_at, key_id""";

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

    List<KeyRow> keysOf(String siteCode) {
        return jdbc.sql(KEYS_OF_SITE).param("siteCode", siteCode).query(SiteStore::key).list();
    }

    private static Site site(ResultSet rs, int row) throws SQLException {
        return new Site(rs.getString("site_code"), rs.getString("name"), rs.getString("unit_code"),
                SiteRole.valueOf(rs.getString("role")), instant(rs, "created_at"));
    }

    private static KeyRow key(ResultSet rs, int row) throws SQLException {
        return new KeyRow(rs.getString("key_id"), rs.getString("site_code"), rs.getString("public_key"),
                instant(rs, "enrolled_at"), instant(rs, "revoked_at"));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
