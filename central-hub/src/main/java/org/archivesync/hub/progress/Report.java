package org.archivesync.hub.progress;

import java.time.LocalDate;
import org.archivesync.hub.api.Page;

/** A progress view: the campaign, the day it is as of, the grouping and a page of rows (at risk first). */
public record Report(Campaign campaign, LocalDate asOf, String groupedBy, int rateWindowDays, Page<Row> rows) {
}
