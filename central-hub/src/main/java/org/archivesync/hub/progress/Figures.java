package org.archivesync.hub.progress;

import java.math.BigDecimal;

/**
 * What a site, district or unit has (as of a day). Metres are linear metres.
 *
 * @param sortedMetres sorted (đã chỉnh lý): inventoried − unsorted, the base of the SEALED milestone
 * @param digitizedMetres sheets of the files with scans, in metres
 * @param transferTargetMetres files appraised TRANSFER_TO_HISTORICAL, in metres (sheets)
 * @param handOverTargetMetres files appraised KEEP_AT_SUCCESSOR, in metres (sheets)
 * @param boxedMetres packed (đã đóng hộp): per fonds and storage location, the larger of the packed metres last
 *        reported there and its itemised boxes there
 * @param sealedMetres sealed (đã niêm phong), by the same rule
 * @param itemisedFonds fonds whose packed or sealed metres come, at some location, from itemised boxes (in a row
 *        apportioned per new commune: the office's fonds that contribute to it, not a share)
 * @param reportedFonds fonds whose packed or sealed metres come, at some location, from reported totals (likewise);
 *        a fonds with both counts in both
 * @param legacyRetentionFiles files whose retention is "Lâu dài" or "Tạm thời" as older lists wrote it, waiting for
 *        re-appraisal
 */
public record Figures(BigDecimal inventoriedMetres, BigDecimal unsortedMetres, BigDecimal sortedMetres,
                      BigDecimal boxedMetres, BigDecimal sealedMetres, BigDecimal digitizedMetres,
                      long digitizedPages, long fileCount, long appraisedTransfer, long appraisedKeep,
                      long appraisedDestroy, BigDecimal transferTargetMetres, BigDecimal handOverTargetMetres,
                      BigDecimal transferredMetres, BigDecimal handedOverMetres, BigDecimal destroyedMetres,
                      long itemisedFonds, long reportedFonds, long legacyRetentionFiles) {

    /** Nothing yet. */
    public static final Figures ZERO = new Figures(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0, 0, 0, BigDecimal.ZERO, BigDecimal.ZERO,
            BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, 0);

    /** The sum of two sites' or groups' figures. */
    public Figures plus(Figures o) {
        return new Figures(inventoriedMetres.add(o.inventoriedMetres), unsortedMetres.add(o.unsortedMetres),
                sortedMetres.add(o.sortedMetres), boxedMetres.add(o.boxedMetres), sealedMetres.add(o.sealedMetres),
                digitizedMetres.add(o.digitizedMetres), digitizedPages + o.digitizedPages, fileCount + o.fileCount,
                appraisedTransfer + o.appraisedTransfer, appraisedKeep + o.appraisedKeep,
                appraisedDestroy + o.appraisedDestroy, transferTargetMetres.add(o.transferTargetMetres),
                handOverTargetMetres.add(o.handOverTargetMetres), transferredMetres.add(o.transferredMetres),
                handedOverMetres.add(o.handedOverMetres), destroyedMetres.add(o.destroyedMetres),
                itemisedFonds + o.itemisedFonds, reportedFonds + o.reportedFonds,
                legacyRetentionFiles + o.legacyRetentionFiles);
    }

    /**
     * Where the packed and sealed metres come from: BOXES (itemised boxes only), EXTENTS (reported totals only),
     * MIXED (some of each), or NONE (nothing packed either way).
     */
    public String packingSource() {
        return source(itemisedFonds, reportedFonds);
    }

    static String source(long itemised, long reported) {
        return itemised > 0 ? (reported > 0 ? "MIXED" : "BOXES") : (reported > 0 ? "EXTENTS" : "NONE");
    }
}
