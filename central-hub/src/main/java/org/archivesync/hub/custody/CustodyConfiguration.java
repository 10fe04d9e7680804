package org.archivesync.hub.custody;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CustodyProperties.class)
class CustodyConfiguration {

    /** Uses the application's Clock bean when there is one (tests fix it), else the system clock in UTC. */
    @Bean
    Custody custody(JdbcClient jdbc, ObjectProvider<Clock> clock, CustodyProperties properties) {
        return new Custody(jdbc, clock.getIfAvailable(Clock::systemUTC), properties.overdueAfter());
    }
}
