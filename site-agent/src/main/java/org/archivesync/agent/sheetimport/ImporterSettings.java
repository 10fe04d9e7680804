package org.archivesync.agent.sheetimport;

import java.math.BigDecimal;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.archivesync.agent.importer.ImportLimits;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of spreadsheet imports, under {@code archive-sync.agent.importer}; they become the {@link ImportLimits}.
 * The REST upload limit follows {@code max-file-size} (see application.yml).
 *
 * @param maxFileSize     a larger file is refused before it is opened
 * @param maxRows         a sheet with more rows (title rows included) is refused
 * @param minInflateRatio an .xlsx entry compressed more than 1 : (1 / this) is refused as a zip bomb (POI)
 * @param maxEntrySize    the largest uncompressed entry of an .xlsx (POI)
 * @param headerScanRows  how many rows from the top are searched for the header row
 * @param boxMetres       the shelf metres of each box an import creates ({@code --create-boxes}) unless the import
 *                        says; 0.10 (a 10 cm box)
 */
@Validated
@ConfigurationProperties("archive-sync.agent.importer")
record ImporterSettings(@NotNull @DefaultValue("64MB") DataSize maxFileSize,
                        @Min(1) @DefaultValue("200000") long maxRows,
                        @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false)
                        @DefaultValue("0.01") double minInflateRatio,
                        @NotNull @DefaultValue("512MB") DataSize maxEntrySize,
                        @Min(1) @DefaultValue("30") int headerScanRows,
                        @NotNull @DecimalMin(value = "0", inclusive = false) @DefaultValue("0.10")
                        BigDecimal boxMetres) {

    ImportLimits limits() {
        return new ImportLimits(maxFileSize.toBytes(), maxRows, minInflateRatio, maxEntrySize.toBytes(), headerScanRows);
    }
}
