package org.archivesync.hub.custody;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Custody settings.
 *
 * @param overdueAfter an in-transit handover older than this (from its handover date) is overdue
 */
@Validated
@ConfigurationProperties("archive-sync.hub.custody")
record CustodyProperties(@DefaultValue("14d") @NotNull Duration overdueAfter) {
}
