package org.archivesync.hub.transport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the hub is reached. HTTPS comes from Spring Boot's own settings, an SSL bundle named by {@code server.ssl.bundle}
 * ({@code spring.ssl.bundle.pem.<name>.keystore.certificate/private-key}, or {@code spring.ssl.bundle.jks.<name>});
 * this only says on start which it is, and warns when plain HTTP is served beyond loopback.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class TransportConfiguration {

    @Bean
    ServingAnnouncement servingAnnouncement(ObjectProvider<ServerProperties> server) {
        return new ServingAnnouncement(server.getIfAvailable(ServerProperties::new));
    }
}
