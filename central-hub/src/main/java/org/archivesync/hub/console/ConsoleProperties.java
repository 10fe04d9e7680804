package org.archivesync.hub.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator console.
 *
 * @param silentAfter a site that sent nothing for this long shows as silent (mất liên lạc) and is listed on the
 *                    Alerts page; agents send only when something is recorded, so a quiet office looks silent too
 * @param pageSize rows per page of the long lists
 */
@Validated
@ConfigurationProperties("archive-sync.hub.console")
record ConsoleProperties(@DefaultValue("3d") Duration silentAfter, @DefaultValue("50") int pageSize) {
}
