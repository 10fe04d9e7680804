package org.archivesync.agent.identity;

import java.time.Clock;
import java.time.Duration;
import org.archivesync.agent.store.AgentStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    Enrollment enrollment(AgentStore store, Clock clock) {
        return new Enrollment(store, Duration.ofSeconds(30), clock);
    }
}
