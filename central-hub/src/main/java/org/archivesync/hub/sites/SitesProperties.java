package org.archivesync.hub.sites;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Site enrollment.
 *
 * @param tokenTtl how long an enrollment token stays valid after it is issued
 */
@Validated
@ConfigurationProperties("archive-sync.hub.sites")
record SitesProperties(@DefaultValue("24h") @DurationMin(minutes = 1) Duration tokenTtl) {
}
