package org.archivesync.hub.leader;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * One active hub: the writers run only on the hub that holds the leader lock in PostgreSQL ({@link HubLeadership}).
 *
 * @param enabled {@code archive-sync.hub.leader.enabled}: take the lock before starting the writers; false starts them
 *                at once whatever other hub runs on the same database (two such hubs both consume and both publish)
 * @param retry   {@code archive-sync.hub.leader.retry}: how often a standby tries the lock again, and how often the
 *                leader checks that its lock connection is alive (a lost lock is noticed within about this long)
 */
@Validated
@ConfigurationProperties("archive-sync.hub.leader")
record LeaderProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1s") @NotNull Duration retry) {

    LeaderProperties {
        if (retry != null && (retry.isZero() || retry.isNegative())) {
            throw new IllegalArgumentException("archive-sync.hub.leader.retry must be positive: " + retry);
        }
    }
}
