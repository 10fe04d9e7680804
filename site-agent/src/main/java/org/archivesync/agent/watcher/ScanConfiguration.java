package org.archivesync.agent.watcher;

import java.time.Clock;
import org.archivesync.agent.objectstore.ObjectStore;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.store.AgentStore;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScanSettings.class)
class ScanConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    @ConditionalOnProperty(prefix = "archive-sync.agent.scans", name = "dir")
    ScanWatcher scanWatcher(ScanSettings settings, Recorder recorder, AgentStore store, ObjectStore objects, Clock clock) {
        return new ScanWatcher(settings, recorder, store, objects, clock);
    }
}
