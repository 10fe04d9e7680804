package org.archivesync.agent.watcher;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the scan-folder watcher, under {@code archive-sync.agent.scans}. No {@code dir}, no watcher.
 *
 * @param dir            the watched folder
 * @param pathPattern    which file a scan belongs to: a regular expression over its '/'-separated path under
 *                       {@code dir} with groups {@code fonds} and {@code file} (see {@link ScanLayout})
 * @param defaultFonds   the fonds of every scan when the pattern has no {@code fonds} group
 * @param stableFor      a scan is taken once its size and modification time have not changed for this long
 *                       (a scanner or a copy may still be writing it)
 * @param rescanInterval how often the whole folder is walked, besides the file-system events (which some file
 *                       systems, e.g. network shares, do not deliver)
 * @param pollInterval   how often waiting scans are looked at again
 */
@Validated
@ConfigurationProperties("archive-sync.agent.scans")
record ScanSettings(String dir,
                    @NotBlank @DefaultValue(ScanLayout.DEFAULT) String pathPattern,
                    String defaultFonds,
                    @NotNull @DefaultValue("10s") Duration stableFor,
                    @NotNull @DefaultValue("2m") Duration rescanInterval,
                    @NotNull @DefaultValue("1s") Duration pollInterval) {
}
