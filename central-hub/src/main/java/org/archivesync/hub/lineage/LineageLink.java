package org.archivesync.hub.lineage;

import java.time.LocalDate;

/**
 * A predecessor or successor of a unit.
 *
 * @param unit the unit at the other end
 * @param coverage WHOLE when all of the old unit went to the new one, PART otherwise (along a chain: PART when any
 *                 step is)
 * @param effectiveOn when the (last) step took effect
 * @param legalBasis the resolution, e.g. {@code 1655/NQ-UBTVQH15}
 * @param derived true for a former district, whose territory went to the new unit through its communes
 * @param depth 1 for a direct link, 2 for a predecessor of a predecessor, ...
 */
public record LineageLink(Unit unit, String coverage, LocalDate effectiveOn, String legalBasis, boolean derived,
                          int depth) {
}
