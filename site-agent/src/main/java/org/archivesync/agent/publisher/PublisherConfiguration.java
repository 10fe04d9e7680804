package org.archivesync.agent.publisher;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.outbox.Outbox;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PublisherSettings.class)
@ConditionalOnProperty(prefix = "archive-sync.agent.publisher", name = "enabled", matchIfMissing = true)
class PublisherConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    Publisher publisher(Outbox outbox, Enrollment enrollment, PublisherSettings settings, Clock clock, MeterRegistry meters) {
        return new Publisher(outbox, enrollment.cachedIdentity(), settings, clock, meters);
    }

    /**
     * Up whatever the broker does: the agent is built to work offline, so a missing link is reported in the details
     * (and in {@code status}) rather than as a failure of the agent.
     */
    @Bean
    HealthIndicator publisherHealthIndicator(Publisher publisher, Outbox outbox) {
        return () -> {
            var status = outbox.status();
            var link = publisher.link().snapshot();
            return Health.up()
                    .withDetail("brokerReachable", String.valueOf(publisher.brokerReachable()))
                    .withDetail("registryReachable", String.valueOf(link.registryReachable()))
                    .withDetail("hubHeardAt", String.valueOf(link.hubHeardAt()))
                    .withDetail("backlog", status.backlog())
                    .withDetail("lastPublishedSequence", status.lastPublishedSequence())
                    .withDetail("failedAttempts", publisher.failedAttempts())
                    .build();
        };
    }
}
