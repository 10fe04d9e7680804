package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-office broker links: a real broker with one extra listener per office, each advertised on the port of that
 * office's {@link LinkProxy}. Cutting one office's proxy cuts that office off the broker (its clients cannot go around
 * it, since the broker tells them the proxy's address), while another office publishes on.
 */
class OfficeLinkIT {

    private static final String TOPIC = "archive.site-events.CM.TANHUNG.UBND";

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void cuttingOneOfficesLinkStopsOnlyItsSendsUntilRestored() throws Exception {
        Path dir = TestDirs.fresh("office-links");
        int office1 = Ports.free();
        int office2 = Ports.free();
        try (LocalKafka kafka = LocalKafka.start(LocalKafka.Settings.of(dir).withListener("OFFICE1", office1)
                .withListener("OFFICE2", office2));
             LinkProxy link1 = LinkProxy.start("office1", office1, "127.0.0.1", kafka.listenerPort("OFFICE1"));
             LinkProxy link2 = LinkProxy.start("office2", office2, "127.0.0.1", kafka.listenerPort("OFFICE2"))) {
            assertThat(kafka.bootstrapServers("OFFICE1")).isEqualTo("127.0.0.1:" + office1);
            assertThat(kafka.listenerPort("OFFICE1")).isNotIn(office1, office2, kafka.listenerPort("OFFICE2"));
            assertThat(Files.readString(dir.resolve("server.properties")))
                    .contains("OFFICE1://127.0.0.1:" + office1).contains("OFFICE1:PLAINTEXT");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> p1 = producer(kafka.bootstrapServers("OFFICE1"));
                 KafkaProducer<String, String> p2 = producer(kafka.bootstrapServers("OFFICE2"))) {
                send(p1, "before");
                send(p2, "before");
                assertThat(link1.bytesForwarded()).isPositive();
                assertThat(link2.bytesForwarded()).isPositive();

                for (LinkProxy.Mode mode : LinkProxy.Mode.values()) {
                    link1.cut(mode);
                    assertThatThrownBy(() -> send(p1, "cut " + mode)).as("office 1 cut by %s", mode)
                            .hasRootCauseInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
                    assertThat(send(p2, "while office 1 is cut by " + mode).offset())
                            .as("the other office publishes on").isPositive();

                    link1.restore();
                    await("office 1's sends go through again after " + mode).atMost(Duration.ofSeconds(60))
                            .ignoreExceptions().until(() -> send(p1, "restored after " + mode) != null);
                }
            }
        }
    }

    private static RecordMetadata send(KafkaProducer<String, String> producer, String value) throws Exception {
        return producer.send(new ProducerRecord<>(TOPIC, "CM.TANHUNG.UBND", value)).get(30, TimeUnit.SECONDS);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500),
                new StringSerializer(), new StringSerializer());
    }
}
