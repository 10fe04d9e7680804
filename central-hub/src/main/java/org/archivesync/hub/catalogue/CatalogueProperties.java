package org.archivesync.hub.catalogue;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The catalogue's background work.
 *
 * @param searchInterval how often the search indexer looks for files recorded since its last run
 * @param searchBatchEvents at most this many events of one site are indexed per transaction
 */
@Validated
@ConfigurationProperties("archive-sync.hub.catalogue")
record CatalogueProperties(@DefaultValue("1s") @NotNull Duration searchInterval,
                           @DefaultValue("50000") @Min(1) int searchBatchEvents) {
}
