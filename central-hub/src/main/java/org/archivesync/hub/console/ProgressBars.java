package org.archivesync.hub.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.archivesync.hub.progress.Figures;
import org.archivesync.hub.progress.MilestoneProgress;
import org.archivesync.hub.progress.MilestoneStatus;
import org.archivesync.hub.progress.Row;

/** The arithmetic of the progress bars, for the templates: every stage as a share of the metres inventoried. */
public final class ProgressBars {

    /** One bar: its label key, the metres, and the percentage of the whole (0–100). */
    public record Bar(String key, BigDecimal metres, int percent) {
    }

    /** The bars of one row: inventoried, sorted, boxed, sealed, digitized, handed over (transferred + successor). */
    public List<Bar> of(Figures f) {
        BigDecimal whole = f.inventoriedMetres();
        BigDecimal sorted = f.sortedMetres().max(BigDecimal.ZERO);
        BigDecimal handedOver = f.transferredMetres().add(f.handedOverMetres());
        return List.of(bar("stage.inventoried", whole, whole), bar("stage.sorted", sorted, whole),
                bar("stage.boxed", f.boxedMetres(), whole), bar("stage.sealed", f.sealedMetres(), whole),
                bar("stage.digitized", f.digitizedMetres(), whole), bar("stage.handed-over", handedOver, whole));
    }

    /** Whether a bar's metres come (at least in part) from reported totals rather than itemised boxes. */
    public boolean reported(Bar bar, Figures f) {
        return ("stage.boxed".equals(bar.key()) || "stage.sealed".equals(bar.key()))
                && ("EXTENTS".equals(f.packingSource()) || "MIXED".equals(f.packingSource()));
    }

    /** Whether a milestone is past its due date as of {@code asOf} and not done (it is at risk and late already). */
    public boolean overdue(MilestoneProgress m, java.time.LocalDate asOf) {
        return m.status() == MilestoneStatus.AT_RISK && m.dueOn().isBefore(asOf);
    }

    /** The names of a shared row's communes, in one line. */
    public String communes(Row r) {
        return String.join(", ", r.sharedAmong());
    }

    /** A milestone's achieved share, 0–100. */
    public int percent(MilestoneProgress m) {
        return m.fraction() == null ? 0 : m.fraction().movePointRight(2).setScale(0, RoundingMode.DOWN).intValue();
    }

    private static Bar bar(String key, BigDecimal metres, BigDecimal whole) {
        int percent = whole.signum() == 0 ? 0
                : metres.multiply(BigDecimal.valueOf(100)).divide(whole, 0, RoundingMode.DOWN).min(BigDecimal.valueOf(100))
                .intValue();
        return new Bar(key, metres, percent);
    }

    /** The province's figures: the sum over sites (each site once). */
    static Figures total(List<Row> siteRows) {
        return siteRows.stream().map(Row::figures).reduce(Figures.ZERO, Figures::plus);
    }
}
