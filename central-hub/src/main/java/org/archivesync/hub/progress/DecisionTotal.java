package org.archivesync.hub.progress;

import java.math.BigDecimal;

/**
 * Metres (from sheets) and files per appraisal decision, NONE for files not appraised yet; withdrawn files left out.
 */
public record DecisionTotal(String decision, BigDecimal metres, long files) {
}
