package org.archivesync.agent.status;

import java.time.Clock;
import org.archivesync.agent.calendar.ActsClock;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.outbox.Outbox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StatusConfiguration {

    @Bean
    StatusReader statusReader(Enrollment enrollment, Outbox outbox, Clock clock, @ActsClock Clock calendar) {
        return new StatusReader(enrollment, outbox, clock, calendar);
    }
}
