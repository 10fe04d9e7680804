package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The production ACLs (deploy/k8s/users.yaml, read as they are) against a real broker with a SCRAM-SHA-512 listener
 * and the StandardAuthorizer. Production listeners are SASL_SSL; this one is SASL_PLAINTEXT on 127.0.0.1, which
 * exercises the same authentication and authorization without certificates - TLS adds only the encryption.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KafkaSecurityTest {

    static final String AGENT = "agent-cm-cainuoc-ubnd";
    static final String HUB = "archive-sync-hub";
    static final String SITE = "CM.CAINUOC.UBND";

    LocalKafka kafka;
    final Map<String, String> passwords = new HashMap<>();

    @BeforeAll
    void startSecuredBroker() throws Exception {
        kafka = LocalKafka.start(LocalKafka.Settings.of(TestDirs.fresh("scram")).withScram());
        Map<String, List<AclBinding>> acls = StrimziUsers.acls(Path.of("k8s", "users.yaml"));
        assertThat(acls).containsKeys(AGENT, HUB);
        // The loopback PLAINTEXT listener is the operator's: its anonymous principal is a super user.
        try (Admin admin = LocalKafkaTest.admin(kafka.bootstrapServers())) {
            ContractTopics.create(admin, 1);
            List<UserScramCredentialUpsertion> users = new ArrayList<>();
            for (String user : acls.keySet()) {
                passwords.put(user, randomPassword());
                users.add(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), passwords.get(user)));
            }
            admin.alterUserScramCredentials(new ArrayList<>(users)).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(acls.values().stream().flatMap(List::stream).toList()).all().get(30, TimeUnit.SECONDS);
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
    void agentPublishesItsSiteEvents() throws Exception {
        try (KafkaProducer<String, String> agent = producer(AGENT, passwords.get(AGENT))) {
            RecordMetadata sent = agent.send(new ProducerRecord<>(ContractTopics.SITE_EVENTS, SITE, "event"))
                    .get(30, TimeUnit.SECONDS);
            assertThat(sent.offset()).isNotNegative();
        }
    }

    @Test
    void agentIsDeniedTheCatalogueAndReadingSiteEvents() {
        try (KafkaProducer<String, String> agent = producer(AGENT, passwords.get(AGENT))) {
            assertThat(failureOf(() -> agent.send(
                    new ProducerRecord<>(ContractTopics.CATALOGUE_FILES, "F1/001", "forged")).get(30, TimeUnit.SECONDS)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> agent = consumer(AGENT, passwords.get(AGENT), null)) {
            agent.assign(List.of(new TopicPartition(ContractTopics.SITE_EVENTS, 0)));
            assertThat(failureOf(() -> pollUntilRecords(agent, 1))).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void agentReadsTheHubsCursorsButCannotForgeThem() throws Exception {
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
    void agentCannotJoinTheHubsConsumerGroup() {
        try (KafkaConsumer<String, String> agent = consumer(AGENT, passwords.get(AGENT), "archive-sync-hub")) {
            agent.subscribe(List.of(ContractTopics.SITE_CURSORS));
            assertThat(failureOf(() -> pollUntilRecords(agent, 1))).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void hubConsumesSiteEventsInItsGroupAndWritesTheOutboundTopics() throws Exception {
        try (KafkaProducer<String, String> agent = producer(AGENT, passwords.get(AGENT))) {
            agent.send(new ProducerRecord<>(ContractTopics.SITE_EVENTS, SITE, "event for the hub"))
                    .get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> hub = consumer(HUB, passwords.get(HUB), "archive-sync-hub-ingest")) {
            hub.subscribe(List.of(ContractTopics.SITE_EVENTS));
            assertThat(pollUntilRecords(hub, 1)).extracting(ConsumerRecord::key).contains(SITE);
            hub.commitSync(Duration.ofSeconds(30));
        }
        try (KafkaProducer<String, String> hub = producer(HUB, passwords.get(HUB))) {
            for (String topic : List.of(ContractTopics.CATALOGUE_FILES, ContractTopics.SITE_PROGRESS,
                    ContractTopics.ALERTS, ContractTopics.SITE_CURSORS)) {
                assertThat(hub.send(new ProducerRecord<>(topic, SITE, "x")).get(30, TimeUnit.SECONDS).offset())
                        .as(topic).isNotNegative();
            }
            assertThat(failureOf(() -> hub.send(new ProducerRecord<>(ContractTopics.SITE_EVENTS, SITE, "forged"))
                    .get(30, TimeUnit.SECONDS))).isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void wrongPasswordFailsAuthentication() {
        Map<String, Object> quick = Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        try (KafkaProducer<String, String> impostor = producer(AGENT, "not-the-password", quick)) {
            assertThat(failureOf(() -> impostor.send(new ProducerRecord<>(ContractTopics.SITE_EVENTS, SITE, "x"))
                    .get(30, TimeUnit.SECONDS))).isInstanceOf(SaslAuthenticationException.class);
        }
    }

    /** SCRAM credentials and ACLs reach the broker through the metadata log: wait (bounded) until they are live. */
    private void awaitAgentCanPublish() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (KafkaProducer<String, String> agent = producer(AGENT, passwords.get(AGENT),
                    Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000))) {
                agent.send(new ProducerRecord<>(ContractTopics.SITE_EVENTS, SITE, "hello")).get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | KafkaException | java.util.concurrent.TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the agent never got to publish", e);
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
        Map<String, Object> config = scram(user, password);
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
