package org.archivesync.hub.progress;

import java.math.BigDecimal;

/**
 * One fonds of a site.
 *
 * @param name null when the fonds is not registered at the hub
 * @param packingSource BOXES (itemised boxes), EXTENTS (reported totals), MIXED (some figures each way, e.g.
 *        packed as reported and sealed from boxes) or NONE
 */
public record FondsFigures(String fondsCode, String name, BigDecimal inventoriedMetres, BigDecimal unsortedMetres,
                           BigDecimal boxedMetres, BigDecimal sealedMetres, String packingSource) {
}
