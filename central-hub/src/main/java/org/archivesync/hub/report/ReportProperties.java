package org.archivesync.hub.report;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The campaign report.
 *
 * @param template a UTF-8 properties file with every text of the report's layout; null for the shipped
 *        {@code report/so-noi-vu.properties}
 */
@ConfigurationProperties("archive-sync.hub.report")
record ReportProperties(Path template) {
}
