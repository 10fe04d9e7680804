package org.archivesync.agent.calendar;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link ActsClock acts clock}: the simulated calendar when one is set, else the PC's (primary) clock. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CalendarSettings.class)
class CalendarConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CalendarConfiguration.class);

    @Bean
    @ActsClock
    Clock actsClock(CalendarSettings settings, Clock clock) {
        Clock acts = SimulatedCalendar.forSetting(settings.simulatedCalendar(), clock);
        SimulatedCalendar.of(acts).ifPresent(c -> log.warn("simulated calendar from {}: records are dated {}, not "
                + "today (training and demo only)", c.file(), c.shown()));
        return acts;
    }
}
