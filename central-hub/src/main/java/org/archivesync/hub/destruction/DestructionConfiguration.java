package org.archivesync.hub.destruction;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class DestructionConfiguration {

    @Bean
    DestructionRegister destructionRegister(JdbcClient jdbc) {
        return new DestructionRegister(jdbc);
    }
}
