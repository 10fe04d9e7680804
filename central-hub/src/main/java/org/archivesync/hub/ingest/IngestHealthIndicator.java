package org.archivesync.hub.ingest;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Readiness of ingest: the catalogue database answers and the Kafka cluster can be described. Part of the readiness
 * group, so a hub that can reach neither is taken out of service rather than left failing batches.
 */
final class IngestHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final JdbcClient jdbc;
    private final Map<String, Object> adminConfig;
    private final long timeoutMillis;
    private Admin admin;

    IngestHealthIndicator(DataSource dataSource, Map<String, Object> adminConfig, long timeoutMillis) {
        super("ingest health check failed");
        this.jdbc = JdbcClient.create(dataSource);
        this.adminConfig = adminConfig;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        jdbc.sql("SELECT 1").query(Integer.class).single();
        builder.withDetail("database", "UP");
        String clusterId = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMillis))
                .clusterId().get(timeoutMillis, TimeUnit.MILLISECONDS);
        builder.up().withDetail("kafkaClusterId", clusterId);
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
