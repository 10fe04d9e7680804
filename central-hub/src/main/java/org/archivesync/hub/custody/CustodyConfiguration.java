package org.archivesync.hub.custody;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CustodyProperties.class)
class CustodyConfiguration {

    @Bean
    Custody custody(JdbcClient jdbc) {
        return new Custody(jdbc);
    }
}
