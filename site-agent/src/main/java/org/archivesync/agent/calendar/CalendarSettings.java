package org.archivesync.agent.calendar;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The agent-wide setting {@code archive-sync.agent.simulated-calendar}.
 *
 * @param simulatedCalendar the path of the simulated calendar's file (training and demo only); null or blank, the
 *                          default, dates records on the PC's clock
 */
@ConfigurationProperties("archive-sync.agent")
record CalendarSettings(String simulatedCalendar) {
}
