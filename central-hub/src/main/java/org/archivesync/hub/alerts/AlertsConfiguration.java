package org.archivesync.hub.alerts;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class AlertsConfiguration {

    @Bean
    Alerts alerts(JdbcClient jdbc, ApplicationEventPublisher events) {
        return new Alerts(jdbc, events);
    }
}
