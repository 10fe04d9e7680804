package org.archivesync.agent.bench;

import java.util.concurrent.CountDownLatch;
import org.archivesync.agent.testing.Brokers;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real KRaft broker in its own JVM, so the benchmark's heap figures are the agent's alone. */
public final class BenchBroker {

    private BenchBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        EmbeddedKafkaKraftBroker broker = Brokers.start();
        Brokers.createTopics(broker, "archive.site-events", "archive.site-cursors");
        System.out.println("BROKER " + broker.getBrokersAsString());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
