package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Running totals of one measure per former district over the same days, oldest first. */
public record History(String measure, List<LocalDate> days, List<Series> series) {

    /** One former district's running total of a measure, one value per day in {@code days} of the history. */
    public record Series(String key, String name, List<BigDecimal> cumulative) {
    }
}
