package org.archivesync.hub.outbound;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How often the hub re-publishes every enrolled site's cursor to {@code archive.site-cursors}, changed or not. An
 * agent repairs when the cursor has stood still behind what it sent for its grace, so it must hear the cursor even
 * when nothing moves; a site that never sent anything gets a cursor at 0, so a lost first event is repaired too. The
 * heartbeat also tells an office the hub is alive. Under {@code archive-sync.hub.ingest} with ingest's other settings.
 *
 * @param cursorHeartbeat {@code archive-sync.hub.ingest.cursor-heartbeat}: the pause between two re-publications of
 *                        every cursor; keep it well under the agents' repair grace (2 minutes by default)
 */
@Validated
@ConfigurationProperties("archive-sync.hub.ingest")
record CursorHeartbeatProperties(@DefaultValue("1m") @NotNull Duration cursorHeartbeat) {

    CursorHeartbeatProperties {
        if (cursorHeartbeat != null && (cursorHeartbeat.isZero() || cursorHeartbeat.isNegative())) {
            throw new IllegalArgumentException("archive-sync.hub.ingest.cursor-heartbeat must be positive");
        }
    }
}
