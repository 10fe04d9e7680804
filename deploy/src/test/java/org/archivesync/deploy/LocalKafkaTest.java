package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A real Kafka 4.2.1 broker in a child JVM, from the jars in target/kafka-libs. */
class LocalKafkaTest {

    static final String SITE = "CM.TRANVANTHOI.UBND";

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void restartOnTheSameDataDirResumesTopicsAndRecords() throws Exception {
        Path dir = TestDirs.fresh("restart");
        String clusterId;
        long firstPid;
        try (LocalKafka kafka = LocalKafka.start(LocalKafka.Settings.of(dir))) {
            assertThat(kafka.freshStorage()).isTrue();
            clusterId = kafka.clusterId();
            firstPid = kafka.pid();
            try (Admin admin = admin(kafka.bootstrapServers())) {
                admin.createTopics(List.of(new NewTopic(OfficeAccess.topic(SITE), 1, (short) 1)))
                        .all().get(30, TimeUnit.SECONDS);
            }
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers())) {
                producer.send(new ProducerRecord<>(OfficeAccess.topic(SITE), SITE, "1104 m chưa chỉnh lý"))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(ProcessHandle.of(firstPid).filter(ProcessHandle::isAlive)).isEmpty();

        try (LocalKafka again = LocalKafka.start(LocalKafka.Settings.of(dir))) {
            assertThat(again.freshStorage()).isFalse();
            assertThat(again.clusterId()).isEqualTo(clusterId);
            List<ConsumerRecord<String, String>> records = readAll(again.bootstrapServers(), OfficeAccess.topic(SITE), 1);
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.key()).isEqualTo(SITE);
                assertThat(r.value()).isEqualTo("1104 m chưa chỉnh lý");
            });
        }
        assertThat(Files.readString(dir.resolve("logs/broker.log"))).doesNotContain("ERROR");
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void clientsCannotCreateTopicsAndStopLeavesNoProcess() throws Exception {
        Path dir = TestDirs.fresh("no-auto-create");
        LocalKafka kafka = LocalKafka.start(LocalKafka.Settings.of(dir));
        try {
            Map<String, Object> config = Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2000);
            try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers(), config)) {
                assertThatThrownBy(() -> producer.send(new ProducerRecord<>("archive.typo", SITE, "x"))
                        .get(30, TimeUnit.SECONDS)).hasStackTraceContaining("not present in metadata");
            }
            try (Admin admin = admin(kafka.bootstrapServers())) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain("archive.typo");
            }
        } finally {
            kafka.close();
        }
        assertThat(kafka.isRunning()).isFalse();
        assertThat(dir.resolve("broker.pid")).doesNotExist();
    }

    /** The demo is killed with SIGKILL, so no shutdown hook runs: the broker must notice and go by itself. */
    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void brokerExitsWhenItsParentIsKilled() throws Exception {
        Path dir = TestDirs.fresh("orphan");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", TestDirs.launcherClasspath(),
                DemoMain.class.getName(), "--data-dir", dir.toString(), "--kafka-port", "0",
                // The demo checks its jars before it starts anything; it is killed before it starts the hub.
                "--hub-jar", TestJars.hub().toString(), "--agent-jar", TestJars.agent().toString(),
                "--hub-port", Integer.toString(Ports.free())));
        Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
        long brokerPid = -1;
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
            Pattern ready = Pattern.compile("\\[kafka] ready .* pid=(\\d+) ");
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                Matcher m = ready.matcher(line);
                if (m.find()) {
                    brokerPid = Long.parseLong(m.group(1));
                    break;
                }
            }
            assertThat(brokerPid).as("the demo printed the broker's pid").isPositive();
            ProcessHandle broker = ProcessHandle.of(brokerPid).orElseThrow();

            demo.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

            assertThat(broker.onExit().get(60, TimeUnit.SECONDS).isAlive()).isFalse();
        } finally {
            demo.destroyForcibly();
            if (brokerPid > 0) {
                ProcessHandle.of(brokerPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    static KafkaProducer<String, String> producer(String bootstrap) {
        return producer(bootstrap, Map.of());
    }

    static KafkaProducer<String, String> producer(String bootstrap, Map<String, Object> extra) {
        Map<String, Object> config = new java.util.HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Reads a one-partition topic from the beginning until {@code expected} records arrived (bounded). */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic, int expected) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
