package org.archivesync.agent.recording;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Reports a fonds' totals in linear metres; replaces the previous report. Becomes {@code ExtentReported}. */
public record ReportExtents(String fondsCode, BigDecimal sortedMetres, BigDecimal unsortedMetres,
                            BigDecimal readyToDigitizeMetres, LocalDate asOf) implements Command {
}
