package org.archivesync.hub.security;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A user's second factor (xác thực hai bước): an RFC 6238 secret the user puts in an authenticator app and proves
 * with a code before it counts. Once confirmed, console sign-in asks for a code after the password and every API call
 * carries one in {@code X-Archive-OTP}. The secret is stored readable in {@code console_users.totp_secret} (a code
 * cannot be checked against a hash): the database and its backups must be protected.
 */
public class SecondFactor {

    private static final Logger log = LoggerFactory.getLogger(SecondFactor.class);

    private static final String SECRET = "SELECT totp_secret FROM console_users WHERE username = :u AND totp_secret IS NOT NULL";
    private static final String ENABLE = """
            UPDATE console_users SET totp_secret = :secret, totp_enabled_at = :at, totp_last_step = :step
            WHERE username = :u""";
    private static final String DISABLE = """
            UPDATE console_users SET totp_secret = NULL, totp_enabled_at = NULL, credentials_version = credentials_version + 1
            WHERE username = :u""";
    // A console sign-in consumes its step: the same code cannot sign in twice.
    private static final String CONSUME = """
            UPDATE console_users SET totp_last_step = :step WHERE username = :u AND totp_last_step < :step""";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TotpProperties settings;
    private final SecureRandom random = new SecureRandom();

    SecondFactor(JdbcClient jdbc, Clock clock, TotpProperties settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /** A fresh secret to propose, Base32; nothing is stored until {@link #enable} confirms it. */
    public String newSecret() {
        return Totp.newSecret(random);
    }

    /** The {@code otpauth://} URI of {@code secret} for {@code username}, for authenticator apps. */
    public String uri(String username, String secret) {
        return Totp.uri(settings.issuer(), username, secret);
    }

    /** True when {@code username} has a confirmed second factor; false for an unknown user. */
    public boolean enabled(String username) {
        return jdbc.sql(SECRET).param("u", username).query(String.class).optional().isPresent();
    }

    /** True when operators must have a second factor ({@code archive-sync.hub.security.totp.required-for-operators}). */
    public boolean requiredForOperators() {
        return settings.requiredForOperators();
    }

    /**
     * Stores {@code secret} as the user's second factor when {@code code} is its current code; a wrong code stores
     * nothing.
     *
     * @param secret the secret proposed by {@link #newSecret()}, may be null (then false)
     * @param code may be null (then false)
     * @return whether it is now enabled
     */
    public boolean enable(String username, String secret, String code) {
        OptionalLong step = Totp.matchingStep(secret, code, clock.instant());
        if (step.isEmpty()) {
            return false;
        }
        jdbc.sql(ENABLE).param("secret", secret).param("at", clock.instant().atOffset(ZoneOffset.UTC))
                .param("step", step.getAsLong()).param("u", username).update();
        log.info("second factor enabled username={}", username);
        return true;
    }

    /**
     * Removes a user's second factor (a lost phone) and ends their console sessions.
     *
     * @param by the operator who does it
     * @throws InvalidUserException {@code user.unknown}
     */
    public void disable(String username, String by) {
        if (jdbc.sql(DISABLE).param("u", username).update() == 0) {
            throw new InvalidUserException("user.unknown", "no user " + username);
        }
        log.info("second factor removed username={} by={}", username, by);
    }

    /** True when {@code code} is valid now for the user (an API call: the same code serves its 30-second window). */
    boolean accepts(String username, String code) {
        return matchingStep(username, code).isPresent();
    }

    /** True when {@code code} is valid now and its step was not used by an earlier console sign-in; uses it. */
    boolean acceptsOnce(String username, String code) {
        OptionalLong step = matchingStep(username, code);
        return step.isPresent()
                && jdbc.sql(CONSUME).param("step", step.getAsLong()).param("u", username).update() == 1;
    }

    private OptionalLong matchingStep(String username, String code) {
        String secret = jdbc.sql(SECRET).param("u", username).query(String.class).optional().orElse(null);
        return Totp.matchingStep(secret, code, clock.instant());
    }
}
