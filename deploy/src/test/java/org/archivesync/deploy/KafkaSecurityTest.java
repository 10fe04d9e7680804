package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Per-office isolation at the broker, and the rest of the production ACLs, on a real Kafka 4.2.1 broker with a
 * SCRAM-SHA-512 listener, the StandardAuthorizer and {@code allow.everyone.if.no.acl.found=false}. The offices get
 * exactly what {@link OfficeAccess} defines (the one definition users.yaml and kafka-setup.sh follow, see
 * OfficeAccessTest); the hub and the schema registry get the ACLs of deploy/k8s/users.yaml, read as they are.
 * Production listeners are SASL_SSL; this one is SASL_PLAINTEXT on 127.0.0.1, which exercises the same authentication
 * and authorization without certificates - TLS adds only the encryption.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaSecurityTest {

    static final String SITE = "CM.CAINUOC.UBND";
    static final String OTHER_SITE = "CM.TRANVANTHOI.UBND";
    static final String AGENT = OfficeAccess.user(SITE);
    static final String OTHER_AGENT = OfficeAccess.user(OTHER_SITE);
    static final String HUB = "archive-sync-hub";

    LocalKafka kafka;
    final Map<String, String> passwords = new HashMap<>();

    @BeforeAll
    void startSecuredBroker() throws Exception {
        kafka = LocalKafka.start(LocalKafka.Settings.of(TestDirs.fresh("scram")).withScram());
        Map<String, List<AclBinding>> acls = new HashMap<>(StrimziUsers.acls(Path.of("k8s", "users.yaml")));
        assertThat(acls).containsKeys(HUB, AGENT);
        // Both offices as OfficeAccess defines them (for SITE the same as users.yaml's example: OfficeAccessTest).
        acls.put(AGENT, OfficeAccess.acls(SITE));
        acls.put(OTHER_AGENT, OfficeAccess.acls(OTHER_SITE));
        // The loopback PLAINTEXT listener is the operator's: its anonymous principal is the super user that declares
        // topics, users, ACLs and quotas, as kafka-setup and the Strimzi operators do in production.
        try (Admin admin = LocalKafkaTest.admin(kafka.bootstrapServers())) {
            ContractTopics.create(admin, 1);
            admin.createTopics(List.of(OfficeAccess.newTopic(SITE, (short) 1), OfficeAccess.newTopic(OTHER_SITE, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            List<UserScramCredentialUpsertion> users = new ArrayList<>();
            for (String user : acls.keySet()) {
                passwords.put(user, randomPassword());
                users.add(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), passwords.get(user)));
            }
            admin.alterUserScramCredentials(new ArrayList<>(users)).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls.values().stream().flatMap(List::stream).toList()).all().get(30, TimeUnit.SECONDS);
            admin.alterClientQuotas(List.of(OfficeAccess.quota(SITE, OfficeAccess.PRODUCER_BYTE_RATE),
                    OfficeAccess.quota(OTHER_SITE, OfficeAccess.PRODUCER_BYTE_RATE))).all().get(30, TimeUnit.SECONDS);
        }
        awaitAgentCanPublish();
    }

    @AfterAll
    void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void officePublishesToItsOwnTopicWithAnIdempotentProducer() throws Exception {
        try (KafkaProducer<String, String> agent = producer(AGENT, passwords.get(AGENT))) {
            RecordMetadata sent = agent.send(new ProducerRecord<>(OfficeAccess.topic(SITE), SITE, "event"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(sent.offset()).isNotNegative();
        }
    }

    @Test
    void officeIsRefusedWritingAnotherOfficesTopic() {
        try (KafkaProducer<String, String> agent = producer(AGENT, passwords.get(AGENT))) {
            // Keyed as the other office, and keyed as itself: the topic decides, and it is not the office's.
            for (String key : List.of(OTHER_SITE, SITE)) {
                assertThat(failureOf(() -> agent.send(new ProducerRecord<>(OfficeAccess.topic(OTHER_SITE), key,
                        "forged")).get(30, TimeUnit.SECONDS))).as("key %s", key)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void officeCannotReadAnyOfficesEventsItsOwnIncluded() {
        for (String site : List.of(OTHER_SITE, SITE)) {
            try (KafkaConsumer<String, String> agent = consumer(AGENT, passwords.get(AGENT), null)) {
                agent.assign(List.of(new TopicPartition(OfficeAccess.topic(site), 0)));
                assertThat(failureOf(() -> pollUntilRecords(agent, 1))).as(site)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void officeCannotCreateATopicNotEvenUnderItsOwnName() {
        try (Admin agent = Admin.create(new HashMap<>(scram(AGENT, passwords.get(AGENT))))) {
            for (String topic : List.of(OfficeAccess.topic("CM.NEWOFFICE.UBND"), OfficeAccess.topic(SITE) + ".X")) {
                assertThat(failureOf(() -> agent.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all()
                        .get(30, TimeUnit.SECONDS))).as(topic).isInstanceOf(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void officeIsDeniedTheCatalogue() {
        try (KafkaProducer<String, String> agent = producer(AGENT, passwords.get(AGENT))) {
            assertThat(failureOf(() -> agent.send(
                    new ProducerRecord<>(ContractTopics.CATALOGUE_FILES, "F1/001", "forged")).get(30, TimeUnit.SECONDS)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void officeReadsTheHubsCursorsButCannotForgeThem() throws Exception {
        try (KafkaProducer<String, String> hub = producer(HUB, passwords.get(HUB))) {
            hub.send(new ProducerRecord<>(ContractTopics.SITE_CURSORS, SITE, "cursor 41")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> agent = consumer(AGENT, passwords.get(AGENT), null)) {
            agent.assign(List.of(new TopicPartition(ContractTopics.SITE_CURSORS, 0)));
            assertThat(pollUntilRecords(agent, 1)).extracting(ConsumerRecord::key).contains(SITE);
        }
        try (KafkaProducer<String, String> agent = producer(AGENT, passwords.get(AGENT))) {
            assertThat(failureOf(() -> agent.send(
                    new ProducerRecord<>(ContractTopics.SITE_CURSORS, SITE, "cursor 9999")).get(30, TimeUnit.SECONDS)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void officeCannotJoinTheHubsConsumerGroupNorAnotherOfficesGroup() {
        for (String group : List.of("archive-sync-hub", OfficeAccess.group(OTHER_SITE))) {
            try (KafkaConsumer<String, String> agent = consumer(AGENT, passwords.get(AGENT), group)) {
                agent.subscribe(List.of(ContractTopics.SITE_CURSORS));
                assertThat(failureOf(() -> pollUntilRecords(agent, 1))).as(group)
                        .isInstanceOf(GroupAuthorizationException.class);
            }
        }
    }

    @Test
    void hubConsumesEveryOfficesTopicByPatternAndSeesANewOfficesTopic() throws Exception {
        try (KafkaProducer<String, String> agent = producer(AGENT, passwords.get(AGENT));
             KafkaProducer<String, String> other = producer(OTHER_AGENT, passwords.get(OTHER_AGENT))) {
            agent.send(new ProducerRecord<>(OfficeAccess.topic(SITE), SITE, "from Cái Nước")).get(30, TimeUnit.SECONDS);
            other.send(new ProducerRecord<>(OfficeAccess.topic(OTHER_SITE), OTHER_SITE, "from Trần Văn Thời"))
                    .get(30, TimeUnit.SECONDS);
        }
        String later = "CM.TANHUNG.UBND";
        // A static member, as the hub's ingest consumer is (archive-sync.hub.ingest.instance-id): the group's READ is
        // all it takes, no other ACL.
        try (KafkaConsumer<String, String> hub = consumer(HUB, passwords.get(HUB), "archive-sync-hub-ingest",
                "archive-sync-hub-ingest-leader-0")) {
            hub.subscribe(Pattern.compile(Pattern.quote(OfficeAccess.TOPIC_PREFIX + ".") + ".+"));
            assertThat(pollUntilTopics(hub, Set.of(OfficeAccess.topic(SITE), OfficeAccess.topic(OTHER_SITE))))
                    .contains(OfficeAccess.topic(SITE), OfficeAccess.topic(OTHER_SITE));

            // An office enrolled while the hub runs: its topic and user are declared, it publishes, the hub reads it.
            try (Admin admin = LocalKafkaTest.admin(kafka.bootstrapServers())) {
                admin.createTopics(List.of(OfficeAccess.newTopic(later, (short) 1))).all().get(30, TimeUnit.SECONDS);
                admin.createAcls(OfficeAccess.acls(later)).all().get(30, TimeUnit.SECONDS);
                passwords.put(OfficeAccess.user(later), randomPassword());
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(OfficeAccess.user(later),
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                        passwords.get(OfficeAccess.user(later))))).all().get(30, TimeUnit.SECONDS);
            }
            awaitCanPublish(OfficeAccess.user(later), OfficeAccess.topic(later), later);
            assertThat(pollUntilTopics(hub, Set.of(OfficeAccess.topic(later)))).contains(OfficeAccess.topic(later));
            hub.commitSync(Duration.ofSeconds(30));
        }
    }

    @Test
    void hubWritesTheOutboundTopicsButNoOfficesTopic() throws Exception {
        try (KafkaProducer<String, String> hub = producer(HUB, passwords.get(HUB))) {
            for (String topic : List.of(ContractTopics.CATALOGUE_FILES, ContractTopics.SITE_PROGRESS,
                    ContractTopics.ALERTS, ContractTopics.SITE_CURSORS)) {
                assertThat(hub.send(new ProducerRecord<>(topic, SITE, "x")).get(30, TimeUnit.SECONDS).offset())
                        .as(topic).isNotNegative();
            }
            assertThat(failureOf(() -> hub.send(new ProducerRecord<>(OfficeAccess.topic(SITE), SITE, "forged"))
                    .get(30, TimeUnit.SECONDS))).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void everyOfficeHasItsProduceQuota() throws Exception {
        try (Admin admin = LocalKafkaTest.admin(kafka.bootstrapServers())) {
            Map<ClientQuotaEntity, Map<String, Double>> quotas = admin.describeClientQuotas(ClientQuotaFilter.all())
                    .entities().get(30, TimeUnit.SECONDS);
            for (String user : List.of(AGENT, OTHER_AGENT)) {
                assertThat(quotas.get(new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, user)))).as(user)
                        .containsEntry("producer_byte_rate", (double) OfficeAccess.PRODUCER_BYTE_RATE);
            }
        }
    }

    @Test
    void wrongPasswordFailsAuthentication() {
        Map<String, Object> quick = Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, String> impostor = producer(AGENT, "not-the-password", quick)) {
            assertThat(failureOf(() -> impostor.send(new ProducerRecord<>(OfficeAccess.topic(SITE), SITE, "x"))
                    .get(30, TimeUnit.SECONDS))).isInstanceOf(SaslAuthenticationException.class);
        }
    }

    /** SCRAM credentials and ACLs reach the broker through the metadata log: wait (bounded) until they are live. */
    private void awaitAgentCanPublish() throws InterruptedException {
        awaitCanPublish(AGENT, OfficeAccess.topic(SITE), SITE);
        awaitCanPublish(OTHER_AGENT, OfficeAccess.topic(OTHER_SITE), OTHER_SITE);
    }

    private void awaitCanPublish(String user, String topic, String site) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (KafkaProducer<String, String> agent = producer(user, passwords.get(user),
                    Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000))) {
                agent.send(new ProducerRecord<>(topic, site, "hello")).get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | KafkaException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(user + " never got to publish", e);
                }
                Thread.sleep(250);
            }
        }
    }

    private KafkaProducer<String, String> producer(String user, String password) {
        return producer(user, password, Map.of());
    }

    private KafkaProducer<String, String> producer(String user, String password, Map<String, Object> extra) {
        Map<String, Object> config = scram(user, password);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private KafkaConsumer<String, String> consumer(String user, String password, String group) {
        return consumer(user, password, group, null);
    }

    /** @param instanceId a static {@code group.instance.id}, or null for a dynamic member */
    private KafkaConsumer<String, String> consumer(String user, String password, String group, String instanceId) {
        Map<String, Object> config = scram(user, password);
        if (instanceId != null) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        }
        // The hub's subscription is a pattern: a topic created meanwhile is seen at the next metadata refresh.
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 1000);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** The client settings deploy/README.md documents, with SASL_PLAINTEXT in place of SASL_SSL. */
    private Map<String, Object> scram(String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.saslBootstrapServers());
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"" + user + "\" password=\"" + password + "\";");
        return config;
    }

    private static List<ConsumerRecord<String, String>> pollUntilRecords(KafkaConsumer<String, String> consumer,
                                                                         int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (records.size() < expected && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }

    /** The topics of the records polled until each of {@code expected} has been seen, or 30 s. */
    private static Set<String> pollUntilTopics(KafkaConsumer<String, String> consumer, Set<String> expected) {
        Set<String> topics = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!topics.containsAll(expected) && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(500)).forEach(r -> topics.add(r.topic()));
        }
        return topics;
    }

    interface Call {
        void run() throws Exception;
    }

    /** What the call failed with, unwrapped from the producer's future; fails the test if it did not fail. */
    private static Throwable failureOf(Call call) {
        try {
            call.run();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected the call to be refused, but it succeeded");
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
