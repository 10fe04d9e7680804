package org.archivesync.hub.testing;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The settings most hub tests start the hub with, in one place: their own database of the shared embedded PostgreSQL
 * ({@code TestDatabase}), a port of their own, the test operator, and either no Kafka at all or the embedded broker
 * with short intervals.
 */
public final class HubTestProperties {

    private HubTestProperties() {
    }

    /** The hub on {@code database} (a JDBC URL from {@code TestDatabase.newDatabase()}) and {@code port}, with the test operator. */
    public static void database(DynamicPropertyRegistry registry, String database, int port) {
        database(registry, database);
        registry.add("server.port", () -> port);
        TestOperators.register(registry);
    }

    /** The hub on {@code database} (a JDBC URL from {@code TestDatabase.newDatabase()}) instead of its embedded one. */
    public static void database(DynamicPropertyRegistry registry, String database) {
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("archive-sync.hub.database.embedded", () -> "false");
    }

    /** No consumer, no topic creation, no outbound publishing: batches are handed to ingest directly. */
    public static void withoutKafka(DynamicPropertyRegistry registry) {
        withoutListeners(registry);
        registry.add("archive-sync.hub.outbound.publish", () -> "false");
    }

    /** No consumer and no topic creation, so the hub starts without a broker (its outbox still publishes). */
    public static void withoutListeners(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.listener.auto-startup", () -> "false");
        registry.add("spring.kafka.admin.auto-create", () -> "false");
    }

    /** The embedded broker's topics with 3 partitions, an outbox polled every 200 ms, metadata refreshed every second. */
    public static void withEmbeddedBroker(DynamicPropertyRegistry registry) {
        registry.add("archive-sync.hub.outbound.partitions", () -> "3");
        registry.add("archive-sync.hub.outbound.poll-interval", () -> "200ms");
        registry.add("spring.kafka.consumer.properties.metadata.max.age.ms", () -> "1000");
    }
}
