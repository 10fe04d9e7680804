package org.archivesync.agent.access;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.archivesync.agent.store.AgentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The office's named local accounts, kept in the agent's SQLite store: who may use the agent's HTTP API (HTTP basic)
 * and, through the account name, who an event records as {@code recordedBy}. The local administrator manages them
 * with the CLI ({@code archive-sync-agent users ...}), which works on the store directly; there is no HTTP endpoint
 * for it, so no API caller can create or promote an account.
 *
 * <p>Names are 1–64 characters of ASCII letters, digits, {@code .}, {@code _} and {@code -}, unique without regard to
 * case. Passwords have at least {@value #MIN_PASSWORD_LENGTH} characters and are kept only as a hash of Spring
 * Security's delegating encoder (bcrypt).
 */
public final class LocalAccounts {

    private static final Logger log = LoggerFactory.getLogger(LocalAccounts.class);

    /** The shortest password accepted. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private static final String INSERT = """
            INSERT INTO local_accounts (username, role, password_hash, enabled, created_at)
            VALUES (?, ?, ?, 1, ?)""";
    private static final String SELECT_ONE = """
            SELECT username, role, password_hash, enabled, created_at FROM local_accounts WHERE username = ?""";
    private static final String SELECT_ALL = """
            SELECT username, role, password_hash, enabled, created_at FROM local_accounts ORDER BY username""";
    private static final String SET_ENABLED = """
            UPDATE local_accounts SET enabled = ? WHERE username = ?""";
    private static final String SET_PASSWORD = """
            UPDATE local_accounts SET password_hash = ? WHERE username = ?""";

    /** What an account may do: {@code OFFICE_HEAD} also records destructions. */
    public enum Role {
        CLERK, OFFICE_HEAD
    }

    /**
     * An account as stored.
     *
     * @param username as created (never null)
     * @param role never null
     * @param enabled a disabled account cannot sign in
     * @param createdAt never null
     */
    public record Account(String username, Role role, boolean enabled, Instant createdAt) {
    }

    /** An account with its password hash, for the sign-in check only. */
    record Stored(Account account, String passwordHash) {
    }

    private final AgentStore store;
    private final PasswordEncoder encoder;
    private final Clock clock;

    /**
     * @param store the agent's store (never null)
     * @param clock for the creation time (never null)
     */
    public LocalAccounts(AgentStore store, Clock clock) {
        this(store, PasswordEncoderFactories.createDelegatingPasswordEncoder(), clock);
    }

    LocalAccounts(AgentStore store, PasswordEncoder encoder, Clock clock) {
        this.store = store;
        this.encoder = encoder;
        this.clock = clock;
    }

    /**
     * Creates an enabled account.
     *
     * @param username see the class comment (never null)
     * @param role never null
     * @param password at least {@value #MIN_PASSWORD_LENGTH} characters (never null)
     * @throws LocalAccountException for a bad name, a short password or a name already taken; nothing is stored then
     */
    public Account add(String username, Role role, String password) {
        requireName(username);
        requirePassword(password);
        if (find(username).isPresent()) {
            throw new LocalAccountException("access.account-exists", username);
        }
        Instant now = clock.instant();
        String hash = encoder.encode(password);
        store.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(INSERT)) {
                p.setString(1, username);
                p.setString(2, role.name());
                p.setString(3, hash);
                p.setLong(4, now.toEpochMilli());
                return p.executeUpdate();
            }
        });
        log.info("local account created username={} role={}", username, role);
        return new Account(username, role, true, now);
    }

    /** Every account, by name. */
    public List<Account> list() {
        return store.read(c -> {
            List<Account> all = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement(SELECT_ALL); ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    all.add(stored(rs).account());
                }
            }
            return all;
        });
    }

    /**
     * Enables or disables an account; a disabled account's requests are refused from the next request on.
     *
     * @throws LocalAccountException when there is no such account
     */
    public void setEnabled(String username, boolean enabled) {
        update(SET_ENABLED, username, enabled ? 1 : 0);
        log.info("local account {} username={}", enabled ? "enabled" : "disabled", username);
    }

    /**
     * Replaces an account's password.
     *
     * @throws LocalAccountException when there is no such account or the password is too short
     */
    public void setPassword(String username, String password) {
        requirePassword(password);
        update(SET_PASSWORD, username, encoder.encode(password));
        log.info("local account password changed username={}", username);
    }

    /**
     * The account named {@code username} (compared without regard to ASCII case), if any.
     *
     * @param username may be null (then empty)
     */
    Optional<Stored> find(String username) {
        if (username == null || !NAME.matcher(username).matches()) {
            return Optional.empty();
        }
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT_ONE)) {
                p.setString(1, username);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(stored(rs)) : Optional.empty();
                }
            }
        });
    }

    PasswordEncoder encoder() {
        return encoder;
    }

    private void update(String sql, String username, Object value) {
        int changed = store.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
                p.setObject(1, value);
                p.setString(2, username);
                return p.executeUpdate();
            }
        });
        if (changed == 0) {
            throw new LocalAccountException("access.unknown-account", String.valueOf(username));
        }
    }

    private static Stored stored(ResultSet rs) throws java.sql.SQLException {
        return new Stored(new Account(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getInt(4) == 1,
                Instant.ofEpochMilli(rs.getLong(5))), rs.getString(3));
    }

    private static void requireName(String username) {
        if (username == null || !NAME.matcher(username).matches()) {
            throw new LocalAccountException("access.bad-account-name", String.valueOf(username));
        }
    }

    private static void requirePassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new LocalAccountException("access.password-too-short", MIN_PASSWORD_LENGTH);
        }
    }
}
