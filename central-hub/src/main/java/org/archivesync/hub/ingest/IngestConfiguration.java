package org.archivesync.hub.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.archivesync.hub.alerts.Alerts;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.database.CatalogueLocation;
import org.archivesync.hub.leader.HubLeadership;
import org.archivesync.hub.outbound.Outbox;
import org.archivesync.hub.registry.HubRegistryCredential;
import org.archivesync.hub.security.Audit;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.transport.OwnCertificate;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.SiteEventTopics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
class IngestConfiguration {

    /**
     * The registry client of the hub (ingest reads writer schemas; outbound registers its own). Its credentials are
     * {@code schema-registry-user-info}, else, for the hub's own embedded registry on a loopback URL, the in-memory
     * {@link HubRegistryCredential}: the embedded registry takes writes only from operators and the hub itself.
     */
    @Bean
    @ConditionalOnMissingBean
    SchemaRegistryClient schemaRegistryClient(IngestProperties properties, ObjectProvider<HubRegistryCredential> own,
                                              Environment environment, ObjectProvider<SslBundles> bundles) {
        URI url = properties.schemaRegistryUrl();
        SSLContext tls = null;
        // Serving HTTPS, the hub reaches its own embedded registry over TLS, trusting exactly its own certificate.
        String bundle = environment.getProperty("server.ssl.bundle");
        URI self = bundle == null || bundle.isBlank() ? null
                : OwnCertificate.selfOverHttps(url, environment.getProperty("server.port", Integer.class, 8080));
        if (self != null && bundles.getIfAvailable() != null) {
            url = self;
            tls = OwnCertificate.pinnedTo(bundles.getObject().getBundle(bundle));
        }
        String userInfo = properties.schemaRegistryUserInfo();
        HubRegistryCredential hub = own.getIfAvailable();
        if (userInfo == null && hub != null) {
            userInfo = hub.userInfoFor(url);
        }
        return new SchemaRegistryClient(url, properties.schemaRegistryTimeout(), userInfo, tls);
    }

    @Bean
    IngestMetrics ingestMetrics(MeterRegistry registry) {
        return new IngestMetrics(registry);
    }

    @Bean
    IngestStore ingestStore(JdbcClient jdbc, JdbcOperations connection, DataSource dataSource) {
        return new IngestStore(jdbc, connection, dataSource);
    }

    @Bean
    SiteEventIngest siteEventIngest(SchemaRegistryClient registry, IngestStore store, Catalogue catalogue, Alerts alerts,
                                    Outbox outbox, SiteDirectory sites, PlatformTransactionManager transactions,
                                    ObjectProvider<Clock> clock, IngestProperties properties, IngestMetrics metrics,
                                    JdbcClient jdbc, Audit audit, ConsumedOffsets offsets) {
        // The application's Clock when there is one (tests move it), else the system clock in UTC.
        return new SiteEventIngest(new EventDecoder(registry, properties.maxRecordSize().toBytes()), store, catalogue, alerts, outbox, sites,
                new TransactionTemplate(transactions), clock.getIfAvailable(Clock::systemUTC), properties.gapGrace(),
                metrics, new SiteEventIngest.ParkLimits(properties.maxParkedEvents(), properties.maxParkedBytes().toBytes(),
                        properties.unparkBatchEvents()),
                new SetAsideRecords(jdbc, alerts, properties.setAsideAlertInterval()),
                new SecretRedaction(jdbc, registry, outbox, audit), properties.clockSkewAlert(), offsets);
    }

    @Bean
    ConsumedOffsets consumedOffsets(JdbcClient jdbc) {
        return new ConsumedOffsets(jdbc);
    }

    @Bean
    IngestStatus ingestStatus(ObjectProvider<Clock> clock, IngestMetrics metrics, HubLeadership leadership,
                              IngestProperties properties) {
        return new IngestStatus(clock.getIfAvailable(Clock::systemUTC), metrics, leadership,
                properties.groupInstanceId());
    }

    @Bean
    IngestErrorHandler ingestErrorHandler(IngestProperties properties, IngestStatus status) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        return new IngestErrorHandler(backOff, status);
    }

    @Bean
    StaticRejoin staticRejoin(KafkaListenerEndpointRegistry containers) {
        return new StaticRejoin(containers);
    }

    @Bean
    SiteEventsListener siteEventsListener(SiteEventIngest ingest, IngestProperties properties, ConsumedOffsets offsets,
                                          IngestErrorHandler errors, IngestMetrics metrics, StaticRejoin rejoin) {
        return new SiteEventsListener(ingest, properties.topicPrefix(), offsets, errors, metrics, rejoin);
    }

    /**
     * Refuses to consume on an empty catalogue when Kafka was read before (see {@link EmptyCatalogueGuard}), checked
     * when the listener is about to start on the leader. Kafka is asked only when the listener may start at all.
     */
    @Bean
    EmptyCatalogueGuard emptyCatalogueGuard(ConsumedOffsets offsets, IngestProperties properties, KafkaAdmin admin,
                                            ObjectProvider<CatalogueLocation> location, Environment environment,
                                            MessageSource messages,
                                            @Value("${spring.kafka.listener.auto-startup:true}") boolean listening) {
        String where = location.getIfAvailable() != null ? location.getObject().description()
                : withoutParameters(environment.getProperty("spring.datasource.url", "?"));
        return new EmptyCatalogueGuard(offsets, properties, listening ? admin.getConfigurationProperties() : null,
                where, messages);
    }

    /** A JDBC URL without its parameters, which may hold a password. */
    private static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** What the listener subscribes to: every office's topic, {@code <topic-prefix>.<siteCode>}. */
    @Bean
    Pattern siteEventsTopicPattern(IngestProperties properties) {
        return SiteEventTopics.pattern(properties.topicPrefix());
    }

    @Bean
    SiteTopics siteTopics(KafkaAdmin admin, SiteDirectory sites, IngestProperties properties,
                          @Value("${spring.kafka.admin.auto-create:true}") boolean autoCreate) {
        return new SiteTopics(admin, sites, properties.topicPrefix(), properties.siteTopicReplicas(), autoCreate);
    }

    @Bean
    RebuildRunner rebuildRunner(SiteEventIngest ingest) {
        return new RebuildRunner(ingest);
    }

    @Bean
    WaitingWatch waitingWatch(SiteEventIngest ingest, IngestStore store, IngestMetrics metrics, IngestProperties properties) {
        return new WaitingWatch(ingest, store, metrics, properties.gapCheckInterval().toMillis());
    }

    /** The ingest container, started by the hub's leadership (not with the context). */
    @Bean
    IngestContainerWork ingestContainerWork(KafkaListenerEndpointRegistry containers,
                                            @Value("${spring.kafka.listener.auto-startup:true}") boolean listening,
                                            EmptyCatalogueGuard guard, IngestStatus status, StaticRejoin rejoin) {
        return new IngestContainerWork(containers, listening, guard, status, rejoin);
    }

    @Bean("ingest")
    IngestHealthIndicator ingestHealthIndicator(DataSource dataSource, KafkaAdmin admin, IngestProperties properties,
                                                KafkaListenerEndpointRegistry containers, IngestStatus status,
                                                ObjectProvider<Clock> clock, HubLeadership leadership) {
        return new IngestHealthIndicator(dataSource, admin.getConfigurationProperties(), containers, status, properties,
                clock.getIfAvailable(Clock::systemUTC), leadership);
    }

    /**
     * Batch listener; each partition's position is stored in PostgreSQL with the batch it follows and sought on
     * assignment, Kafka's committed offsets are advisory (see SiteEventsListener: ack mode MANUAL, never acknowledged).
     * Error handling is declared, not inherited ({@link IngestErrorHandler}): a failed batch or poll, whatever the
     * exception, is counted, shown in readiness and offered again, whole, after an exponential back-off, for as long
     * as it fails, and nothing is committed on its behalf; records that cannot be applied never get there (ingest sets
     * them aside or quarantines their site). A refused credential or ACL is retried every {@code auth-retry-interval}
     * instead of stopping the container for good.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> ingestListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, KafkaProperties kafka,
            IngestProperties properties, IngestErrorHandler errors) {
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties());
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, properties.groupId());
        // Static membership bound to the leader's role (IngestProperties.instanceId): a restarted hub, or a standby
        // taking over, replaces the previous leader's member at once instead of waiting out its session
        // (session.timeout.ms, 45 s) when that one died without leaving. The classic protocol is what does this: with
        // KIP-848's (group.protocol=consumer) a rejoin under an instance id still held is refused
        // (UNRELEASED_INSTANCE_ID) until the dead member's session expires, so that protocol is refused here.
        consumer.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.groupInstanceId());
        Object protocol = consumer.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
        if (protocol != null && !"classic".equalsIgnoreCase(protocol.toString())) {
            throw new IllegalStateException("spring.kafka.consumer.properties.group.protocol=" + protocol + ": the"
                    + " hub's ingest needs group.protocol=classic, whose static membership lets a restarted hub resume"
                    + " at once (archive-sync.hub.ingest.instance-id, deploy/README.md \"Hub failover\")");
        }
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // The subscription is a pattern: a new office's topic is consumed after the next metadata refresh. Kafka's
        // default (5 min) would leave a freshly enrolled office waiting; 10 s costs one small request per interval.
        consumer.putIfAbsent(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 10_000);
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);

        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        ConcurrentKafkaListenerContainerFactory<Object, Object> raw = (ConcurrentKafkaListenerContainerFactory) factory;
        configurer.configure(raw, new DefaultKafkaConsumerFactory<>(consumer));
        // Started by the hub's leadership (IngestContainerWork), never with the context: one hub consumes.
        factory.setAutoStartup(false);
        factory.setBatchListener(true);
        factory.setConcurrency(properties.concurrency());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        factory.getContainerProperties().setAuthExceptionRetryInterval(properties.authRetryInterval());
        factory.setCommonErrorHandler(errors);
        return factory;
    }
}
