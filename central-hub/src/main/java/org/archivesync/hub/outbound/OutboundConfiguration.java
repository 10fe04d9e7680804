package org.archivesync.hub.outbound;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.archivesync.hub.catalogue.CatalogueReader;
import org.archivesync.hub.progress.Progress;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroWireSerializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({OutboundProperties.class, CursorHeartbeatProperties.class})
class OutboundConfiguration {

    @Bean
    OutboxSignal outboxSignal() {
        return new OutboxSignal();
    }

    @Bean
    Outbox outbox(JdbcClient jdbc, OutboxSignal signal) {
        return new Outbox(jdbc, signal);
    }

    @Bean
    AlertMessages alertMessages(Outbox outbox) {
        return new AlertMessages(outbox);
    }

    /**
     * The publisher with its own idempotent producer (acks=all), kept out of the context so that Boot's KafkaTemplate
     * stays as configured for anyone else.
     */
    @Bean(destroyMethod = "")
    OutboxPublisher outboxPublisher(JdbcClient jdbc, PlatformTransactionManager transactions, CatalogueReader catalogue,
                                    KafkaProperties kafka, SchemaRegistryClient registry, OutboundProperties properties,
                                    OutboxSignal signal, Progress progress, CursorHeartbeatProperties heartbeat) {
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties());
        producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        producer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(producer));
        return new OutboxPublisher(jdbc, new TransactionTemplate(transactions), catalogue, template,
                new AvroWireSerializer(registry, true), properties, signal, progress, heartbeat.cursorHeartbeat());
    }

    /**
     * The topics the hub writes, created on start when absent (unless spring.kafka.admin.auto-create=false). The
     * offices' topics are created per site by ingest.
     */
    @Bean
    KafkaAdmin.NewTopics archiveTopics(OutboundProperties p) {
        return new KafkaAdmin.NewTopics(
                // Superseded values of a file that became a state secret go within this bound, not "some day".
                topic(p.catalogueFilesTopic(), p).config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                        .config(TopicConfig.MAX_COMPACTION_LAG_MS_CONFIG,
                                Long.toString(p.catalogueFilesMaxCompactionLag().toMillis())).build(),
                compacted(p.siteCursorsTopic(), p),
                compacted(p.siteProgressTopic(), p),
                topic(p.alertsTopic(), p).config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE).build());
    }

    private static NewTopic compacted(String name, OutboundProperties p) {
        return topic(name, p).config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT).build();
    }

    private static TopicBuilder topic(String name, OutboundProperties p) {
        return TopicBuilder.name(name).partitions(p.partitions()).replicas(p.replicationFactor());
    }
}
