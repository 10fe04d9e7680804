package org.archivesync.hub.security;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The console's users (người dùng): stored with a hashed password (bcrypt through Spring Security's delegating
 * encoder, so a later encoder can take over hash by hash) and one {@link Role}. There is no default user and no
 * default password: the first operator comes from {@code create-user} on the command line or from
 * {@code archive-sync.hub.security.initial-operator} on first start.
 */
public class Users implements UserDetailsService {

    private static final Logger log = LoggerFactory.getLogger(Users.class);
    static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._-]{2,63}$");

    private static final String INSERT = """
            INSERT INTO console_users (username, display_name, password_hash, role, created_at, created_by)
            VALUES (:username, :display, :hash, :role, :at, :by)""";
    private static final String FIND = """
            SELECT username, password_hash, role, enabled, credentials_version, totp_secret IS NOT NULL
            FROM console_users WHERE username = :username""";
    private static final String SESSION_STATE = """
            SELECT enabled, credentials_version, role, totp_secret IS NOT NULL FROM console_users WHERE username = :u""";
    // Raising the version ends every console session of the user (SessionGuard).
    private static final String SET_ENABLED = """
            UPDATE console_users SET enabled = :enabled, credentials_version = credentials_version + 1
            WHERE username = :username""";
    private static final String SET_PASSWORD = """
            UPDATE console_users SET password_hash = :hash, credentials_version = credentials_version + 1
            WHERE username = :u RETURNING credentials_version""";
    private static final String OTHER_OPERATORS = """
            SELECT count(*) FROM console_users WHERE role = 'OPERATOR' AND enabled AND username <> :username""";
    private static final String LIST = """
            SELECT username, display_name, role, enabled, created_at, created_by, totp_secret IS NOT NULL AS second_factor
            FROM console_users ORDER BY username""";

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final Clock clock;
    private final int minPasswordLength;

    public Users(JdbcClient jdbc, PasswordEncoder encoder, Clock clock, int minPasswordLength) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.clock = clock;
        this.minPasswordLength = minPasswordLength;
    }

    /**
     * Creates a user.
     *
     * @param displayName may be null
     * @param createdBy who creates it: a username, {@code cli} or {@code configuration}
     * @throws InvalidUserException when the name is malformed or taken, or the password too short or blank
     */
    public User create(String username, String displayName, char[] password, Role role, String createdBy) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new InvalidUserException("user.bad-username", "username must match " + USERNAME.pattern());
        }
        checkPassword(password);
        var at = clock.instant();
        try {
            jdbc.sql(INSERT).param("username", username).param("display", displayName)
                    .param("hash", encoder.encode(new String(password))).param("role", role.name())
                    .param("at", at.atOffset(ZoneOffset.UTC)).param("by", createdBy).update();
        } catch (DuplicateKeyException e) {
            throw new InvalidUserException("user.exists", "user " + username + " exists");
        }
        log.info("console user created username={} role={} createdBy={}", username, role, createdBy);
        return new User(username, displayName, role, true, at, createdBy, false);
    }

    /**
     * Enables or disables a user. A disabled user cannot sign in or call the API, and their open console sessions end
     * at their next request.
     *
     * @param by who does it (an operator's username)
     * @throws InvalidUserException {@code user.unknown}; {@code user.cannot-disable-self} (an operator locking
     *                              themselves out); {@code user.last-operator} (no enabled operator would be left)
     */
    public void setEnabled(String username, boolean enabled, String by) {
        if (!exists(username)) {
            throw new InvalidUserException("user.unknown", "no user " + username);
        }
        if (!enabled && username.equals(by)) {
            throw new InvalidUserException("user.cannot-disable-self", by + " cannot disable themselves");
        }
        if (!enabled && jdbc.sql(OTHER_OPERATORS).param("username", username).query(Long.class).single() == 0) {
            throw new InvalidUserException("user.last-operator", "no other enabled operator would be left");
        }
        jdbc.sql(SET_ENABLED).param("enabled", enabled).param("username", username).update();
        log.info("console user {} username={} by={}", enabled ? "enabled" : "disabled", username, by);
    }

    /**
     * Changes a user's own password after checking the current one. Every console session of the user ends at its
     * next request, except the one the caller keeps with {@link SignedInSessions#keep}.
     *
     * @return the user's new credentials version, for {@link SignedInSessions#keep}
     * @throws InvalidUserException {@code user.unknown}, {@code user.wrong-password} or {@code user.password-too-short}
     */
    public int changePassword(String username, char[] current, char[] replacement) {
        String hash = jdbc.sql("SELECT password_hash FROM console_users WHERE username = :u").param("u", username)
                .query(String.class).optional()
                .orElseThrow(() -> new InvalidUserException("user.unknown", "no user " + username));
        if (current == null || !encoder.matches(new String(current), hash)) {
            throw new InvalidUserException("user.wrong-password", "the current password does not match");
        }
        checkPassword(replacement);
        int version = jdbc.sql(SET_PASSWORD).param("hash", encoder.encode(new String(replacement)))
                .param("u", username).query(Integer.class).single();
        log.info("console user changed password username={}", username);
        return version;
    }

    /**
     * An operator sets another user's password (the user forgot theirs); every console session of that user ends at
     * its next request. An operator changes their own password on the Account page, with the current one.
     *
     * @param by the operator's username
     * @throws InvalidUserException {@code user.unknown}, {@code user.reset-self} or {@code user.password-too-short}
     */
    public void resetPassword(String username, char[] replacement, String by) {
        if (username.equals(by)) {
            throw new InvalidUserException("user.reset-self", by + " changes their own password on the Account page");
        }
        checkPassword(replacement);
        if (jdbc.sql(SET_PASSWORD).param("hash", encoder.encode(new String(replacement))).param("u", username)
                .query(Integer.class).optional().isEmpty()) {
            throw new InvalidUserException("user.unknown", "no user " + username);
        }
        log.info("console user password reset username={} by={}", username, by);
    }

    /** Enabled, credentials version, role and second factor of a user, for a session's check; empty when unknown. */
    Optional<SignedInUser> current(String username) {
        return jdbc.sql(SESSION_STATE).param("u", username)
                .query((rs, n) -> new SignedInUser(username, "", Role.valueOf(rs.getString(3)), rs.getBoolean(1),
                        rs.getInt(2), rs.getBoolean(4)))
                .optional();
    }

    private void checkPassword(char[] password) {
        if (password == null || password.length < minPasswordLength || new String(password).isBlank()) {
            throw new InvalidUserException("user.password-too-short",
                    "password must have at least " + minPasswordLength + " characters");
        }
    }

    /** True when {@code username} exists. */
    public boolean exists(String username) {
        return jdbc.sql("SELECT count(*) FROM console_users WHERE username = :u").param("u", username)
                .query(Long.class).single() > 0;
    }

    /** The minimum length of a password, for forms to say. */
    public int minPasswordLength() {
        return minPasswordLength;
    }

    /** Every user, by name. */
    public List<User> list() {
        return jdbc.sql(LIST).query((rs, n) -> new User(rs.getString("username"), rs.getString("display_name"),
                Role.valueOf(rs.getString("role")), rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"), rs.getBoolean("second_factor")))
                .list();
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return jdbc.sql(FIND).param("username", username)
                .query((rs, n) -> new SignedInUser(rs.getString(1), rs.getString(2), Role.valueOf(rs.getString(3)),
                        rs.getBoolean(4), rs.getInt(5), rs.getBoolean(6)))
                .optional()
                .orElseThrow(() -> new UsernameNotFoundException("no console user " + username));
    }
}
