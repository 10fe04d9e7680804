package org.archivesync.hub.alerts;

import org.archivesync.hub.outbound.Outbox;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class AlertsConfiguration {

    @Bean
    Alerts alerts(JdbcClient jdbc, Outbox outbox) {
        return new Alerts(jdbc, outbox);
    }
}
