package org.archivesync.hub.search;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * File search settings.
 *
 * @param wordSimilarity the least pg_trgm word similarity of a typo-tolerant match (0..1, pg_trgm's default 0.6); used only when
 *                       nothing matches exactly. Lower finds more typos and more noise, and costs more: Vietnamese
 *                       syllables are short and share many trigrams
 * @param fuzzyCandidates the most similar files a fuzzy search ranks and filters (its answer is at most this many)
 * @param indexInterval how often the search indexer looks for files recorded since its last run
 * @param indexBatchEvents at most this many events of one site are indexed per transaction
 */
@Validated
@ConfigurationProperties("archive-sync.hub.search")
record SearchProperties(@DefaultValue("0.7") @DecimalMin("0.1") @DecimalMax("1.0") double wordSimilarity,
                        @DefaultValue("500") @Min(1) @Max(10000) int fuzzyCandidates,
                        @DefaultValue("1s") @NotNull Duration indexInterval,
                        @DefaultValue("50000") @Min(1) int indexBatchEvents) {
}
