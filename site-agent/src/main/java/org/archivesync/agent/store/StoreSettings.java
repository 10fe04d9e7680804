package org.archivesync.agent.store;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the store, under {@code archive-sync.agent.store}.
 *
 * @param path the SQLite file; the CLI's {@code --db} default is the same
 * @param busyTimeout how long a write waits for another process (the CLI, the service) to release the file
 */
@Validated
@ConfigurationProperties("archive-sync.agent.store")
record StoreSettings(@NotBlank @DefaultValue("data/agent.sqlite") String path,
                            @NotNull @DefaultValue("30s") Duration busyTimeout) {
}
