package org.archivesync.hub.lineage;

import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Reference data of the merger.
 *
 * @param loadOnStart load the shipped reference files at start-up (once per version of them)
 * @param defaultEffectiveOn the effective date of lineage records that give none (NQ 1655: units operate from
 *                           2025-07-01)
 * @param maxUpload the largest CSV an operator may upload
 */
@Validated
@ConfigurationProperties("archive-sync.hub.lineage")
record LineageProperties(@DefaultValue("true") boolean loadOnStart,
                         @DefaultValue("2025-07-01") @NotNull LocalDate defaultEffectiveOn,
                         @DefaultValue("5MB") @NotNull DataSize maxUpload) {
}
