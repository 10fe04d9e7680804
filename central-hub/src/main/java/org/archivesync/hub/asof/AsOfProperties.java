package org.archivesync.hub.asof;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The catalogue as of a past day.
 *
 * @param maxCopies how many days' copies are kept (each a schema holding a copy of the projections); beyond it the
 *        least recently read is dropped
 */
@Validated
@ConfigurationProperties("archive-sync.hub.as-of")
record AsOfProperties(@DefaultValue("4") @Min(1) @Max(31) int maxCopies) {
}
