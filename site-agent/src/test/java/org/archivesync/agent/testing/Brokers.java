package org.archivesync.agent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Real Kafka brokers (KRaft, in this JVM) for the tests. One shared broker serves every test class that does not need
 * to control the broker's life; each class uses its own topic names, so they never see each other's records.
 */
public final class Brokers {

    private static EmbeddedKafkaKraftBroker shared;

    private Brokers() {
    }

    /** The shared broker, started on first use and stopped when the test JVM exits. */
    public static synchronized EmbeddedKafkaKraftBroker shared() {
        if (shared == null) {
            shared = start();
            EmbeddedKafkaKraftBroker b = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(b::destroy));
        }
        return shared;
    }

    /** A new broker on any port; the caller destroys it. */
    public static EmbeddedKafkaKraftBroker start() {
        return start(Map.of());
    }

    /**
     * A new broker whose clients all connect through {@code link}: it advertises the relay's address, so cutting the
     * relay cuts every client off while the broker and its logs stay as they are.
     */
    public static EmbeddedKafkaKraftBroker startBehind(TcpProxy link) {
        return start(Map.of("advertised.listeners", "EXTERNAL://localhost:" + link.port()));
    }

    private static EmbeddedKafkaKraftBroker start(Map<String, String> extra) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        Map<String, String> props = new java.util.HashMap<>(Map.of("auto.create.topics.enable", "false"));
        props.putAll(extra);
        broker.brokerProperties(props);
        broker.afterPropertiesSet();
        return broker;
    }

    /** Creates a site-events topic and a compacted cursor topic, one partition each. */
    public static void createTopics(EmbeddedKafkaKraftBroker broker, String events, String cursors) {
        broker.addTopics(new NewTopic(events, 1, (short) 1),
                new NewTopic(cursors, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
    }

    /** A port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
