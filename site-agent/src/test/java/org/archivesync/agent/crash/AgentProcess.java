package org.archivesync.agent.crash;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.publisher.Publisher;
import org.archivesync.agent.publisher.PublisherSettings;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.TestRecording;
import org.archivesync.schemas.integrity.SiteKeys;

/**
 * An agent in its own JVM, for the crash tests to kill with {@code kill -9}. Lines starting with {@code AGENT } on
 * stdout tell the test where it is:
 * <ul>
 *   <li>{@code record DB KEYFILE KEYID SITE BATCHES PER-BATCH}: records BATCHES transactions of PER-BATCH files,
 *       printing {@code AGENT begin N} before and {@code AGENT committed SEQ} after each.</li>
 *   <li>{@code publish DB KEYFILE KEYID SITE BOOTSTRAP REGISTRY TOPIC CURSORS BATCH}: runs the publisher until killed,
 *       printing {@code AGENT published SEQ BACKLOG} as the outbox drains.</li>
 * </ul>
 */
public final class AgentProcess {

    private AgentProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[1]);
        SiteIdentity site = new SiteIdentity(args[4], SiteKeys.decodePrivate(Files.readString(Path.of(args[2]))), args[3]);
        AgentStore store = AgentStore.open(db);
        if (args[0].equals("record")) {
            record(store, site, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
        } else {
            publish(store, site, args[5], args[6], args[7], args[8], Integer.parseInt(args[9]));
        }
    }

    static void record(AgentStore store, SiteIdentity site, int batches, int perBatch) {
        Recorder recorder = new Recorder(store, site, Clock.systemUTC(), "crash-test");
        Outbox outbox = new Outbox(store);
        if (outbox.status().lastRecordedSequence() == 0) {
            recorder.registerFonds(new RegisterFonds(TestRecording.FONDS, "Phông", "UBND", null, null, null, false));
        }
        for (int b = 0; b < batches; b++) {
            long first = outbox.status().lastRecordedSequence() + 1;
            List<Command> batch = new ArrayList<>(perBatch);
            for (int i = 0; i < perBatch; i++) {
                batch.add(TestRecording.file("HS-" + (first + i)));
            }
            System.out.println("AGENT begin " + first);
            System.out.flush();
            long last = recorder.recordAll(batch).lastSequence();
            System.out.println("AGENT committed " + last);
            System.out.flush();
        }
    }

    static void publish(AgentStore store, SiteIdentity site, String bootstrap, String registry, String topic,
                        String cursors, int batch) throws InterruptedException {
        Outbox outbox = new Outbox(store);
        PublisherSettings settings = PublisherSettings.defaults(bootstrap, registry).withTopics(topic, cursors)
                .withBatchSize(batch).withBackoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        Publisher publisher = new Publisher(outbox, () -> Optional.of(site), settings, Clock.systemUTC(),
                new SimpleMeterRegistry());
        publisher.start();
        CountDownLatch never = new CountDownLatch(1);
        while (!never.await(50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            var status = outbox.status();
            System.out.println("AGENT published " + status.lastPublishedSequence() + " " + status.backlog());
            System.out.flush();
        }
    }
}
