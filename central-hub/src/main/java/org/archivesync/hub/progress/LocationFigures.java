package org.archivesync.hub.progress;

import java.math.BigDecimal;

/**
 * One storage location of a site.
 *
 * @param locationCode null for totals reported for a fonds as a whole and boxes with no location
 * @param name null when the site never registered the location (or for the null location)
 * @param registered false for a code the site used without registering it
 */
public record LocationFigures(String locationCode, String name, boolean registered, BigDecimal sortedMetres,
                              BigDecimal unsortedMetres, BigDecimal packedMetres, BigDecimal sealedMetres) {
}
