package org.archivesync.hub.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.archivesync.hub.leader.HubLeadership;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Readiness of ingest, as it really is: the catalogue database answers, the Kafka cluster can be described, the
 * ingest container runs, it has not been paused nor kept failing the same batch for longer than
 * {@code ready-max-stall}, and it is at most {@code ready-max-lag} records behind (the consumer's own
 * {@code records-lag}, summed over its partitions). The details name the failure in progress (its kind and since
 * when), the lag and how the consumer last stopped. Part of the readiness group, so a hub that does not ingest is
 * taken out of service rather than shown green. On a standby hub (not holding the leader lock) the container is
 * stopped on purpose and only the database and Kafka are checked; the leader component says STANDBY.
 */
final class IngestHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    static final String LISTENER_ID = "archive-sync-ingest";

    private final JdbcClient jdbc;
    private final Map<String, Object> adminConfig;
    private final long timeoutMillis;
    private final KafkaListenerEndpointRegistry containers;
    private final IngestStatus status;
    private final IngestProperties properties;
    private final Clock clock;
    private final HubLeadership leadership;
    private volatile Instant pausedSince;
    private Admin admin;

    IngestHealthIndicator(DataSource dataSource, Map<String, Object> adminConfig, KafkaListenerEndpointRegistry containers,
                          IngestStatus status, IngestProperties properties, Clock clock, HubLeadership leadership) {
        super("ingest health check failed");
        this.jdbc = JdbcClient.create(dataSource);
        this.adminConfig = adminConfig;
        this.timeoutMillis = properties.healthTimeout().toMillis();
        this.containers = containers;
        this.status = status;
        this.properties = properties;
        this.clock = clock;
        this.leadership = leadership;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        jdbc.sql("SELECT 1").query(Integer.class).single();
        builder.withDetail("database", "UP");
        String clusterId = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMillis))
                .clusterId().get(timeoutMillis, TimeUnit.MILLISECONDS);
        builder.withDetail("kafkaClusterId", clusterId);
        String down = container(builder);
        if (down != null) {
            builder.down().withDetail("reason", down);
        } else {
            builder.up();
        }
    }

    /** Adds the container's details and returns why ingest is not ready, or null. */
    private String container(Health.Builder builder) {
        Instant now = clock.instant();
        IngestStatus.Failing failing = status.failing();
        if (failing != null) {
            builder.withDetail("failing", Map.of("kind", failing.kind(), "cause", failing.summary(),
                    "since", failing.since().toString(), "attempts", failing.attempts()));
        }
        if (status.stopReason() != null) {
            builder.withDetail("consumerStopped", status.stopReason());
        }
        if (!leadership.leading()) {
            // A standby's container is stopped on purpose; the database and Kafka answering is what it needs to take
            // over. Its role is the leader component's (STANDBY).
            builder.withDetail("container", "STANDBY");
            return null;
        }
        MessageListenerContainer container = containers.getListenerContainer(LISTENER_ID);
        // A concurrent container keeps running while one of its consumers stopped on an error: not in its expected state.
        if (container == null || !container.isRunning() || !container.isInExpectedState()) {
            builder.withDetail("container", "STOPPED");
            return "the ingest container is stopped";
        }
        boolean paused = container.isPauseRequested() || container.isContainerPaused();
        if (!paused) {
            pausedSince = null;
        } else if (pausedSince == null) {
            pausedSince = now;
        }
        builder.withDetail("container", paused ? "PAUSED" : "RUNNING");
        Duration stall = properties.readyMaxStall();
        if (paused && Duration.between(pausedSince, now).compareTo(stall) > 0) {
            return "the ingest container has been paused since " + pausedSince;
        }
        if (failing != null && Duration.between(failing.since(), now).compareTo(stall) > 0) {
            return "ingest has been failing (" + failing.kind() + ") since " + failing.since();
        }
        Long lag = lag(container);
        if (lag != null) {
            builder.withDetail("lagRecords", lag);
            if (properties.readyMaxLag() > 0 && lag > properties.readyMaxLag()) {
                return "ingest is " + lag + " records behind (ready-max-lag " + properties.readyMaxLag() + ")";
            }
        }
        return null;
    }

    /** The consumer's records-lag summed over its partitions, or null before it fetched anything. */
    static Long lag(MessageListenerContainer container) {
        Long total = null;
        for (Map<MetricName, ? extends Metric> metrics : container.metrics().values()) {
            for (Map.Entry<MetricName, ? extends Metric> m : metrics.entrySet()) {
                MetricName name = m.getKey();
                if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                        && name.tags().containsKey("partition")
                        && m.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    total = (total == null ? 0 : total) + n.longValue();
                }
            }
        }
        return total;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(adminConfig);
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close();
        }
    }
}
