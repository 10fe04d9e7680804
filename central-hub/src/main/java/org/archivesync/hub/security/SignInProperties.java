package org.archivesync.hub.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How sign-in (console form and API basic alike) resists guessing, and how long a console session lasts.
 *
 * @param maxFailures failed sign-ins in a row for one account name (each within {@code lockout} of the previous one)
 *                    after which that name is refused for {@code lockout}, even with the right password; a success
 *                    starts the count again
 * @param maxFailuresPerAddress failed sign-ins from one client address, whatever the names, after which that address
 *                              is refused for {@code lockout}; a success does not start this count again
 * @param lockout how long a locked account or address is refused, and how long a failure is remembered
 * @param maxTracked at most this many account names are counted at once; beyond, new names are counted per address
 *                   only (hostile names cannot grow the table without bound) and the hub logs a warning
 * @param sessionMaxAge a console session ends this long after its sign-in, however busy it was (the idle limit is
 *                      {@code server.servlet.session.timeout})
 */
@Validated
@ConfigurationProperties("archive-sync.hub.security.sign-in")
record SignInProperties(@DefaultValue("10") @Min(1) @Max(1000) int maxFailures,
                        @DefaultValue("50") @Min(1) @Max(100000) int maxFailuresPerAddress,
                        @DefaultValue("15m") @NotNull Duration lockout,
                        @DefaultValue("100000") @Min(10) int maxTracked,
                        @DefaultValue("8h") @NotNull Duration sessionMaxAge) {

    SignInProperties {
        if (lockout.isNegative() || lockout.isZero() || sessionMaxAge.isNegative() || sessionMaxAge.isZero()) {
            throw new IllegalArgumentException("archive-sync.hub.security.sign-in.lockout and .session-max-age must"
                    + " be positive");
        }
    }
}
