package org.archivesync.agent.outbox;

import org.archivesync.agent.store.AgentStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class OutboxConfiguration {

    @Bean
    Outbox outbox(AgentStore store) {
        return new Outbox(store);
    }
}
