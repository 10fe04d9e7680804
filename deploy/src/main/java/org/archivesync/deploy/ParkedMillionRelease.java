package org.archivesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * A million events of one office parked at the hub behind a lost event, then released, under the hub's 768 MB heap
 * ({@link HubProcess} runs it with {@code -Xmx768m}). Made real end to end: the hub is stopped; the office records
 * one event, which the harness deletes from the office's topic once it is published ({@code deleteRecords}: the
 * record is lost); the office then records the million (REST batches of {@value #PER_BATCH} files) and publishes
 * them. Its agent runs with a repair grace of an hour meanwhile, so it does not re-send the lost event early. The hub
 * starts again: every one of the million waits for the lost sequence and is parked. Then the office's agent restarts
 * with the stack's short repair grace ({@link ChaosStack#REPAIR_GRACE}): its repair re-sends from the hub's cursor, the
 * lost event closes the gap, and the hub drains the parked million in transactions of {@code unpark-batch-events}.
 *
 * <p>It would catch: a release that loads the parked run into memory (the hub dies, {@code OutOfMemoryError}), a
 * parking limit hit below a million (events dropped and a {@code PARKED_LIMIT} alert), events left parked or applied
 * twice, a repair that never closes a gap the hub sits behind.
 *
 * <p>Figures: events parked, how long the hub took to park them, the release (from the gap closed to the last parked
 * event applied) and its events/s, the hub's highest heap use seen during the release (actuator
 * {@code jvm.memory.used}, area heap, sampled every second) against its maximum.
 */
final class ParkedMillionRelease implements ChaosScenario {

    static final int PER_BATCH = 5_000;
    private static final String LONG_GRACE = "1h";

    private final int events;

    ParkedMillionRelease(int events) {
        this.events = events;
    }

    @Override
    public String name() {
        return "parked-million-release";
    }

    @Override
    public boolean fast() {
        return false;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosOffice office = stack.office(stack.offices().size() - 1);
        String site = office.site();
        AgentProcess.ServiceSettings usual = office.service();
        long start = System.nanoTime();
        ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(3));
        restartOffice(office, withRepairGrace(usual, LONG_GRACE));
        try {
            stack.stopHub();
            long lost = office.recordFiles(1);
            awaitPublished(office, lost, Duration.ofMinutes(2));
            String topic = "archive.site-events." + site;
            TopicPartition partition = new TopicPartition(topic, 0);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.kafka().bootstrapServers()))) {
                long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get(1, TimeUnit.MINUTES)
                        .get(partition).offset();
                admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end))).all()
                        .get(1, TimeUnit.MINUTES);
                stack.say("chaos", "hub stopped; %s's sequence %,d published and deleted from %s (records before "
                        + "offset %,d)", site, lost, topic, end);
            }

            long recordStart = System.nanoTime();
            long last = recordInParallel(office, events);
            awaitPublished(office, last, Duration.ofMinutes(20));
            stack.say("chaos", "%s recorded and published %,d events in %.0f s while the hub was down", site, events,
                    (System.nanoTime() - recordStart) / 1e9);

            long hubStart = System.nanoTime();
            stack.restartHub();
            long parked = awaitParked(stack, site, events, Duration.ofMinutes(20));
            long parkedAt = System.nanoTime();
            long cursor = stack.number("SELECT last_sequence FROM site_cursors WHERE site_code = ?", site);
            if (cursor != lost - 1) {
                throw new ChaosFailure(site + ": the hub's cursor is " + cursor + " with " + parked + " events parked; "
                        + "expected it behind the lost sequence " + lost);
            }
            stack.say("chaos", "the hub parked %,d events of %s in %.0f s behind the lost sequence %,d", parked, site,
                    (parkedAt - hubStart) / 1e9, lost);

            // The repair re-sends from the hub's cursor: the lost event closes the gap and the parked run drains.
            HeapSampler heap = new HeapSampler(stack);
            ExecutorService sampler = Executors.newSingleThreadExecutor();
            Future<?> sampling = sampler.submit(heap::run);
            long gapClosed;
            long drained;
            try {
                restartOffice(office, usual);
                gapClosed = awaitCursorBeyond(stack, site, lost - 1, Duration.ofMinutes(5));
                drained = awaitCursorBeyond(stack, site, last - 1, Duration.ofMinutes(20));
            } finally {
                heap.stop();
                sampling.get(1, TimeUnit.MINUTES);
                sampler.shutdownNow();
            }
            if (!stack.hub().isAlive()) {
                throw new ChaosFailure("the hub died during the release; " + ChildJvm.tail(stack.hub().logFile(), 6));
            }
            if (Files.readString(stack.hub().logFile()).contains("OutOfMemoryError")) {
                throw new ChaosFailure("the hub's log has an OutOfMemoryError");
            }
            ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(20));
            double releaseSeconds = (drained - gapClosed) / 1e9;
            return ChaosOutcome.builder()
                    .figure("events parked", parked, "events")
                    .seconds("parked after hub start", Duration.ofNanos(parkedAt - hubStart))
                    .seconds("release", Duration.ofNanos(drained - gapClosed))
                    .figure("release rate", parked / Math.max(releaseSeconds, 0.001), "events/s")
                    .figure("hub heap peak", heap.peakMb(), "MB")
                    .figure("hub heap max", heap.maxMb(), "MB")
                    .seconds("scenario", Duration.ofNanos(System.nanoTime() - start))
                    .build();
        } finally {
            // Never leave the office with the long grace for the next scenario.
            if (office.service() != usual) {
                restartOffice(office, usual);
            }
        }
    }

    private static AgentProcess.ServiceSettings withRepairGrace(AgentProcess.ServiceSettings s, String grace) {
        List<String> args = new ArrayList<>(s.extraArgs().stream()
                .filter(a -> !a.startsWith("--archive-sync.agent.publisher.repair-grace=")).toList());
        args.add("--archive-sync.agent.publisher.repair-grace=" + grace);
        return new AgentProcess.ServiceSettings(s.port(), s.kafkaBootstrap(), s.registryUrl(), List.copyOf(args));
    }

    private static void restartOffice(ChaosOffice office, AgentProcess.ServiceSettings settings) {
        office.agent().stop();
        office.service(settings);
        office.serve();
    }

    /** Records {@code n} files in batches, two requests at a time (the agent serialises its transactions). */
    private static long recordInParallel(ChaosOffice office, int n) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (int left = n; left > 0; left -= PER_BATCH) {
                int size = Math.min(PER_BATCH, left);
                done.add(pool.submit(() -> office.recordFiles(size)));
            }
            long last = 0;
            for (Future<Long> f : done) {
                last = Math.max(last, f.get(30, TimeUnit.MINUTES));
            }
            return last;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitPublished(ChaosOffice office, long sequence, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (office.agent().status().lastPublished() < sequence) {
            if (System.nanoTime() > deadline) {
                throw new ChaosFailure(office.site() + " did not publish up to " + sequence + " within "
                        + timeout.toMinutes() + " min");
            }
            Pause.millis(200);
        }
    }

    private static long awaitParked(ChaosStack stack, String site, long n, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long parked;
        while ((parked = stack.number("SELECT count(*) FROM parked_events WHERE site_code = ?", site)) < n) {
            if (System.nanoTime() > deadline) {
                throw new ChaosFailure(site + ": only " + parked + " of " + n + " events parked within "
                        + timeout.toMinutes() + " min");
            }
            Pause.millis(1_000);
        }
        return parked;
    }

    private static long awaitCursorBeyond(ChaosStack stack, String site, long sequence, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (stack.number("SELECT last_sequence FROM site_cursors WHERE site_code = ?", site) <= sequence) {
            if (System.nanoTime() > deadline) {
                throw new ChaosFailure(site + ": the hub's cursor did not pass " + sequence + " within "
                        + timeout.toMinutes() + " min");
            }
            if (!stack.hub().isAlive()) {
                throw new ChaosFailure("the hub died; " + ChildJvm.tail(stack.hub().logFile(), 6));
            }
            Pause.millis(100);
        }
        return System.nanoTime();
    }

    /** Samples the hub's heap through the actuator, signed in as the operator, until stopped. */
    private static final class HeapSampler {
        private final ChaosStack stack;
        private volatile boolean stopped;
        private volatile double peak;
        private volatile double max;

        HeapSampler(ChaosStack stack) {
            this.stack = stack;
        }

        void run() {
            while (!stopped) {
                peak = Math.max(peak, metric("jvm.memory.used"));
                if (max == 0) {
                    max = metric("jvm.memory.max");
                }
                try {
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        private double metric(String name) {
            HubProcess hub = stack.hub();
            Http.Response r = Http.get(hub.url() + "/actuator/metrics/" + name + "?tag=area:heap",
                    hub.settings().operator().authorization(), Duration.ofSeconds(5));
            if (!r.ok()) {
                return 0;
            }
            for (JsonNode m : r.json().path("measurements")) {
                if ("VALUE".equals(m.path("statistic").asText())) {
                    return m.path("value").asDouble();
                }
            }
            return 0;
        }

        void stop() {
            stopped = true;
        }

        double peakMb() {
            return Math.round(peak / (1 << 20));
        }

        double maxMb() {
            return Math.round(max / (1 << 20));
        }
    }
}
