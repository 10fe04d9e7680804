package org.archivesync.hub.bundles;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Import of USB bundles.
 *
 * @param sliceEvents events handed to ingest per transaction; a bundle of a long offline period is many slices
 */
@Validated
@ConfigurationProperties("archive-sync.hub.bundles")
record BundlesProperties(@DefaultValue("5000") @Min(1) int sliceEvents) {
}
