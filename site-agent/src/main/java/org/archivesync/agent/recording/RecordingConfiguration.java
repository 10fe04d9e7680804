package org.archivesync.agent.recording;

import java.time.Clock;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.store.AgentStore;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecordingSettings.class)
class RecordingConfiguration {

    @Bean
    Recorder recorder(AgentStore store, Enrollment enrollment, Clock clock, RecordingSettings settings) {
        return new Recorder(store, enrollment.cachedIdentity(), clock, settings.clerk());
    }
}
