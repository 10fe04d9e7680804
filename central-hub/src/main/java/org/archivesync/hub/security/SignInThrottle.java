package org.archivesync.hub.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts failed sign-ins per account name and per client address in PostgreSQL (so every hub instance sees the same
 * counts) and says when one is locked. Only recent failures are kept: a row is forgotten {@code lockout} after its
 * last failure or at the end of its lockout. A name is counted whether or not such a user exists, so a lockout tells
 * nothing about existence; a malformed name (which can never be a user) is counted per address only.
 */
class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

    /** What a lock applies to. */
    enum Scope { ACCOUNT, ADDRESS }

    /** A lock in force until {@code until}. */
    record Lock(Scope scope, Instant until) {
    }

    /**
     * What is known about a sign-in before its password is checked.
     *
     * @param lock the lock that refuses it, null when none does
     */
    record State(int accountFailures, Lock lock) {
    }

    private static final String STATE = """
            SELECT kind, failures, locked_until FROM sign_in_failures
            WHERE forget_after > :now AND ((kind = 'ACCOUNT' AND key = :account) OR (kind = 'ADDRESS' AND key = :address))""";
    private static final String FORGET = "DELETE FROM sign_in_failures WHERE forget_after <= :now";
    // A new name is counted only while fewer than max-tracked names are; a known one always is.
    private static final String FAILED_ACCOUNT = """
            INSERT INTO sign_in_failures AS f (kind, key, failures, locked_until, forget_after)
            SELECT 'ACCOUNT', :key, 1, CASE WHEN 1 >= :max THEN :forget END, :forget
            WHERE EXISTS (SELECT 1 FROM sign_in_failures WHERE kind = 'ACCOUNT' AND key = :key)
               OR (SELECT count(*) FROM sign_in_failures WHERE kind = 'ACCOUNT') < :tracked
            ON CONFLICT (kind, key) DO UPDATE SET failures = f.failures + 1,
                locked_until = CASE WHEN f.failures + 1 >= :max THEN :forget END, forget_after = :forget
            RETURNING failures""";
    private static final String FAILED_ADDRESS = """
            INSERT INTO sign_in_failures AS f (kind, key, failures, locked_until, forget_after)
            VALUES ('ADDRESS', :key, 1, CASE WHEN 1 >= :max THEN :forget END, :forget)
            ON CONFLICT (kind, key) DO UPDATE SET failures = f.failures + 1,
                locked_until = CASE WHEN f.failures + 1 >= :max THEN :forget END, forget_after = :forget
            RETURNING failures""";
    private static final String SUCCEEDED = "DELETE FROM sign_in_failures WHERE kind = 'ACCOUNT' AND key = :key";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SignInProperties settings;
    private volatile Instant warnedFullAt = Instant.EPOCH;

    SignInThrottle(JdbcClient jdbc, Clock clock, SignInProperties settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * The failures counted against {@code username} and the lock that refuses this sign-in, if any (the later one
     * when both the account and the address are locked). One indexed read.
     *
     * @param username as typed, may be null
     * @param address the client's address, may be null
     */
    State state(String username, String address) {
        Instant now = clock.instant();
        int accountFailures = 0;
        Lock lock = null;
        for (Row row : jdbc.sql(STATE).param("now", utc(now)).param("account", accountKey(username))
                .param("address", addressKey(address))
                .query((rs, n) -> new Row(Scope.valueOf(rs.getString(1)), rs.getInt(2), instant(rs.getTimestamp(3))))
                .list()) {
            if (row.scope() == Scope.ACCOUNT) {
                accountFailures = row.failures();
            }
            if (row.lockedUntil() != null && row.lockedUntil().isAfter(now)
                    && (lock == null || row.lockedUntil().isAfter(lock.until()))) {
                lock = new Lock(row.scope(), row.lockedUntil());
            }
        }
        return new State(accountFailures, lock);
    }

    private record Row(Scope scope, int failures, Instant lockedUntil) {
    }

    /**
     * Counts a failed sign-in against the name and the address.
     *
     * @param username as typed, may be null
     * @param address may be null
     * @return the locks this failure began (none, one or both)
     */
    List<Lock> failed(String username, String address) {
        Instant now = clock.instant();
        Instant forget = now.plus(settings.lockout());
        jdbc.sql(FORGET).param("now", utc(now)).update();
        List<Lock> begun = new ArrayList<>(2);
        String account = accountKey(username);
        if (account != null) {
            Optional<Integer> failures = jdbc.sql(FAILED_ACCOUNT).param("key", account)
                    .param("max", settings.maxFailures()).param("forget", utc(forget))
                    .param("tracked", settings.maxTracked()).query(Integer.class).optional();
            if (failures.isEmpty()) {
                warnFull(now);
            } else if (failures.get() == settings.maxFailures()) {
                begun.add(new Lock(Scope.ACCOUNT, forget));
            }
        }
        String addressKey = addressKey(address);
        if (addressKey != null) {
            int failures = jdbc.sql(FAILED_ADDRESS).param("key", addressKey)
                    .param("max", settings.maxFailuresPerAddress()).param("forget", utc(forget))
                    .query(Integer.class).single();
            if (failures == settings.maxFailuresPerAddress()) {
                begun.add(new Lock(Scope.ADDRESS, forget));
            }
        }
        return begun;
    }

    /** Starts the account's count again after a complete sign-in. */
    void succeeded(String username) {
        String account = accountKey(username);
        if (account != null) {
            jdbc.sql(SUCCEEDED).param("key", account).update();
        }
    }

    private void warnFull(Instant now) {
        if (warnedFullAt.plusSeconds(60).isBefore(now)) {
            warnedFullAt = now;
            log.warn("sign-in throttle full: new account names counted per address only maxTracked={}",
                    settings.maxTracked());
        }
    }

    /** Only a well-formed name can be a user; anything else is counted per address alone. */
    private static String accountKey(String username) {
        return username != null && Users.USERNAME.matcher(username).matches() ? username : null;
    }

    private static String addressKey(String address) {
        return address == null || address.isEmpty() || address.length() > 100 ? null : address;
    }

    private static java.time.OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(Timestamp at) {
        return at == null ? null : at.toInstant();
    }
}
