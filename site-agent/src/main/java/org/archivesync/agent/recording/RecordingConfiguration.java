package org.archivesync.agent.recording;

import java.time.Clock;
import org.archivesync.agent.calendar.ActsClock;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.store.AgentStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecordingSettings.class)
class RecordingConfiguration {

    /** The only user of the acts clock: the importer, the scan watcher and the REST API all record through it. */
    @Bean
    Recorder recorder(AgentStore store, Enrollment enrollment, Clock clock, @ActsClock Clock calendar,
                      RecordingSettings settings) {
        return new Recorder(store, enrollment.cachedIdentity(), clock, calendar, settings.clerk());
    }
}
