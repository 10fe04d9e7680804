package org.archivesync.agent.recording;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Reports a fonds' totals in linear metres, for the fonds as a whole ({@code locationCode} null) or at one storage
 * location; replaces the previous report for the same (fonds, location). Becomes {@code ExtentReported}. Bulk work is
 * reported here without itemising boxes: packed ≤ sorted, sealed ≤ packed; null packed/sealed figures are not reported.
 */
public record ReportExtents(String fondsCode, String locationCode, BigDecimal sortedMetres, BigDecimal packedMetres,
                            BigDecimal sealedMetres, Integer packedBoxes, Integer sealedBoxes,
                            BigDecimal unsortedMetres, BigDecimal readyToDigitizeMetres, LocalDate asOf)
        implements Command {

    /** Totals for the fonds as a whole, without packed or sealed figures (the shape before bulk extents). */
    public ReportExtents(String fondsCode, BigDecimal sortedMetres, BigDecimal unsortedMetres,
                         BigDecimal readyToDigitizeMetres, LocalDate asOf) {
        this(fondsCode, null, sortedMetres, null, null, null, null, unsortedMetres, readyToDigitizeMetres, asOf);
    }
}
