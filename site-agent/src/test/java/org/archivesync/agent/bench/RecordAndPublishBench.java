package org.archivesync.agent.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.publisher.Publisher;
import org.archivesync.agent.publisher.PublisherSettings;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.RecordFile;
import org.archivesync.agent.recording.Recorded;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.TestRegistry;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.RetentionKind;

/**
 * Not a test. Records 100,000 FileRecorded events in ONE transaction (serialized, chained, signed once), then
 * publishes them to a real KRaft broker running in a separate JVM, and prints events/s for both and this JVM's peak
 * heap. Run it with {@code -Xmx256m}; the command is in site-agent/README.md.
 */
public final class RecordAndPublishBench {

    private RecordAndPublishBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        HeapSampler heap = new HeapSampler();
        heap.start();
        Process brokerJvm = startBroker();
        try (TestRegistry registry = TestRegistry.start(1)) {
            String bootstrap = awaitBootstrap(brokerJvm);
            Path dir = Files.createDirectories(Path.of("target", "bench"));
            Path db = Files.createTempDirectory(dir, "run-").resolve("agent.sqlite");
            TestSite site = TestSite.create("CM.CAINUOC.UBND");
            AgentStore store = AgentStore.open(db);
            Recorder recorder = new Recorder(store, site.identity(), Clock.systemUTC(), "bench");
            recorder.registerFonds(new RegisterFonds("PHONG.CN", "Phông UBND huyện Cái Nước", "UBND huyện Cái Nước",
                    null, null, null, false));

            long t0 = System.nanoTime();
            Recorded recorded = recorder.recordAll(files(events));
            double recordSeconds = (System.nanoTime() - t0) / 1e9;
            long heapAfterRecording = heap.peak();
            System.out.printf("recorded %,d FileRecorded events in one transaction in %.2f s: %,.0f events/s "
                            + "(sequences %d..%d, one signature)%n", recorded.count(), recordSeconds,
                    recorded.count() / recordSeconds, recorded.firstSequence(), recorded.lastSequence());

            Outbox outbox = new Outbox(store);
            long total = outbox.status().lastRecordedSequence();
            Publisher publisher = new Publisher(outbox, () -> Optional.of(site.identity()),
                    PublisherSettings.defaults(bootstrap, registry.url()), Clock.systemUTC(), new SimpleMeterRegistry());
            long t1 = System.nanoTime();
            publisher.start();
            CountDownLatch done = new CountDownLatch(1);
            while (!done.await(20, TimeUnit.MILLISECONDS)) {
                if (outbox.status().backlog() == 0) {
                    done.countDown();
                }
            }
            double publishSeconds = (System.nanoTime() - t1) / 1e9;
            publisher.close();
            System.out.printf("published %,d events (acks=all, idempotent, marked published on acknowledgement) in "
                    + "%.2f s: %,.0f events/s%n", total, publishSeconds, total / publishSeconds);
            System.out.printf("database: %,d bytes (+ WAL %,d bytes)%n", Files.size(db),
                    Files.exists(db.resolveSibling("agent.sqlite-wal")) ? Files.size(db.resolveSibling("agent.sqlite-wal")) : 0);
            heap.stop();
            System.out.printf("peak heap used: %,.1f MiB sampled every 5 ms (%,.1f MiB by the end of recording), of a "
                            + "%,.0f MiB max heap; highest heap left after a GC (live data): %,.1f MiB; GC: %s%n",
                    heap.peak() / 1048576.0, heapAfterRecording / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0, heap.peakAfterGc() / 1048576.0, gcSummary());
            store.close();
        } finally {
            brokerJvm.toHandle().destroyForcibly();
            brokerJvm.waitFor(30, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    /** The files of a sheet, made one at a time: the import streams, it does not hold 100,000 commands. */
    static Iterable<Command> files(int count) {
        return () -> new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < count;
            }

            @Override
            public Command next() {
                i++;
                return new RecordFile("PHONG.CN", "HS-" + i, null,
                        "Hồ sơ về việc đầu tư xây dựng công trình đường giao thông nông thôn ấp " + i + ", xã Tân Hưng",
                        LocalDate.of(2015, 1, 1).plusDays(i % 1000), LocalDate.of(2018, 12, 31).plusDays(i % 2000),
                        40 + i % 200, 80 + i % 400, i % 3 == 0 ? RetentionKind.PERMANENT : RetentionKind.FIXED_TERM,
                        i % 3 == 0 ? null : 10 + i % 3 * 10, AccessRegime.OPEN, null, "vi",
                        List.of("giao thông", "nông thôn", "ấp " + i % 50), "Tốt", null);
            }
        };
    }

    private static Process startBroker() throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), BenchBroker.class.getName())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static String awaitBootstrap(Process broker) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(broker.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("BROKER ")) {
                String bootstrap = line.substring("BROKER ".length());
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // Keep the broker's stdout from filling its pipe.
                        }
                    } catch (java.io.IOException ignored) {
                        // Broker stopped.
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return bootstrap;
            }
        }
        throw new IllegalStateException("broker JVM exited before it was ready");
    }

    private static String gcSummary() {
        StringBuilder b = new StringBuilder();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            b.append(gc.getName()).append(' ').append(gc.getCollectionCount()).append(" runs/")
                    .append(gc.getCollectionTime()).append(" ms; ");
        }
        return b.toString();
    }

    /**
     * Samples used heap every 5 ms (garbage included: G1 lets the young generation fill before collecting) and, from
     * the GC notifications, the heap left after each collection (the live data the agent really held).
     */
    static final class HeapSampler {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicLong peakAfterGc = new AtomicLong();
        private volatile boolean running = true;
        private final Thread thread = new Thread(() -> {
            var memory = ManagementFactory.getMemoryMXBean();
            while (running) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(Duration.ofMillis(5).toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");

        void start() {
            thread.setDaemon(true);
            thread.start();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((javax.management.NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) n.getUserData());
                    long after = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                            .filter(e -> !e.getKey().contains("Metaspace") && !e.getKey().contains("CodeHeap")
                                    && !e.getKey().contains("Compressed Class"))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                    peakAfterGc.accumulateAndGet(after, Math::max);
                }, null, null);
            }
        }

        long peakAfterGc() {
            return peakAfterGc.get();
        }

        void stop() {
            running = false;
        }

        long peak() {
            return peak.get();
        }
    }
}
