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
        // The benchmark's site is CM.CAINUOC.UBND; the hub would have created its topic when the site was created.
        Brokers.createTopics(broker, "archive.site-events.CM.CAINUOC.UBND", "archive.site-cursors");
        System.out.println("BROKER " + broker.getBrokersAsString());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
