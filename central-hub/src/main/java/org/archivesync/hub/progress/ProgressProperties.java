package org.archivesync.hub.progress;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Campaign progress.
 *
 * @param recordInterval how often the recorder turns new events into daily activity
 * @param recordBatchEvents at most this many events of one site per transaction
 * @param rateWindow the forecast's rate is the activity of this many last days, per day
 * @param sheetsPerMetre sheets in one linear metre (mét giá ≈ 5,000 tờ), to put appraised files into metres
 * @param formerUnitsOn the day the old units are looked up on (per former district): their last day
 */
@Validated
@ConfigurationProperties("archive-sync.hub.progress")
record ProgressProperties(@DefaultValue("2s") @NotNull Duration recordInterval,
                          @DefaultValue("20000") @Min(1) int recordBatchEvents,
                          @DefaultValue("14d") @NotNull Duration rateWindow,
                          @DefaultValue("5000") @NotNull @DecimalMin("1") BigDecimal sheetsPerMetre,
                          @DefaultValue("2025-06-30") @NotNull LocalDate formerUnitsOn) {
}
