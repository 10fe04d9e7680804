package org.archivesync.hub.ingest;

import static org.archivesync.hub.fixtures.Agent.file;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.HubApplication;
import org.archivesync.hub.search.SearchIndexing;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The hub's ingest benchmark, the whole path: {@code bench.events} (default 1,000,000) FileRecorded events from
 * {@code bench.sites} (100) sites, chained and signed once per 1,000-event transaction, are produced into a real
 * (embedded KRaft) broker, each site's into its topic {@code archive.site-events.<siteCode>}; then the hub (the
 * application as configured, in this JVM, started before the clock runs: JVM and context start-up are not in the
 * figure) consumes them, verifies every
 * chain and signature and applies them to PostgreSQL with the catalogue's real indexes. The figure runs from the first
 * record the hub's consumer receives to the moment every event is committed. Before that, {@code bench.warmup-events}
 * (100,000) events of ten other sites go through the same path, so the JIT has compiled the hub as a hub in service
 * has; the consumer is paused while the measured events are produced.
 *
 * <p>Then, on the same PostgreSQL, a raw binary {@code COPY} of the same rows into a copy of {@code files} with only its
 * primary key, best of three: the ceiling; both and the ratio are printed, with the CPU the JVM and PostgreSQL used
 * and the load average (on a shared machine the CPU time says more than the wall time). Then search: how long a search over the new, not yet
 * indexed rows takes, and how long the search indexer (paused during the load unless {@code bench.search-during-load})
 * needs to index them all. Last, {@code bench.latency-seconds} (30) of steady load at {@code bench.latency-rate}
 * (1,000) events/s, 10-event transactions round-robin over the sites: p50, p99 and max from produce to visible in
 * {@code files} (the site's cursor, committed with the rows, polled every 5 ms).
 *
 * <p>Not part of the build. Run with
 * {@code ./mvnw -B -o -pl central-hub verify -Dtest=HubIngestBench -Dsurefire.failIfNoSpecifiedTests=false}
 * (add {@code -Dbench.events=200000} for a shorter run); results in central-hub/BENCHMARK.md.
 */
class HubIngestBench {

    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    private static final int WARMUP = Integer.getInteger("bench.warmup-events", 100_000);
    private static final int SITES = Integer.getInteger("bench.sites", 100);
    private static final int TRANSACTION = 1_000;
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 6);
    private static final int LATENCY_SECONDS = Integer.getInteger("bench.latency-seconds", 30);
    private static final int LATENCY_RATE = Integer.getInteger("bench.latency-rate", 1_000);
    private static final int LATENCY_TRANSACTION = 10;
    private static final boolean SEARCH_DURING_LOAD = Boolean.getBoolean("bench.search-during-load");
    private static final boolean PUBLISH = Boolean.getBoolean("bench.publish");
    private static final boolean DURABLE = Boolean.parseBoolean(System.getProperty("bench.durable", "true"));
    private static final String TOPIC = "archive.site-events";

    /** When the hub's consumer first received records (nanoTime); 0 until then. */
    static final AtomicLong FIRST_RECORD = new AtomicLong();

    /** Notes when the hub's consumer first hands records to the listener. */
    public static final class FirstRecord implements ConsumerInterceptor<Object, Object> {
        @Override
        public ConsumerRecords<Object, Object> onConsume(ConsumerRecords<Object, Object> records) {
            if (!records.isEmpty()) {
                FIRST_RECORD.compareAndSet(0, System.nanoTime());
            }
            return records;
        }

        @Override
        public void onCommit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        }

        @Override
        public void close() {
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }
    }

    @Test
    void measure() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperties(Map.of("auto.create.topics.enable", "false", "log.segment.bytes", "268435456"));
        broker.afterPropertiesSet();
        // A server of its own, set up as the hub's embedded catalogue is (EmbeddedDatabaseConfiguration): durable
        // commits (zonky's test defaults, fsync and synchronous_commit off, would flatter every commit), 512MB of
        // shared buffers, 4GB between checkpoints, the builtin C.UTF-8 locale. -Dbench.durable=false: zonky's defaults.
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setServerConfig("shared_buffers", "512MB").setServerConfig("max_wal_size", "4GB")
                .setServerConfig("checkpoint_timeout", "30min")
                .setLocaleConfig("locale-provider", "builtin").setLocaleConfig("builtin-locale", "C.UTF-8");
        if (DURABLE) {
            builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        EmbeddedPostgres server = builder.start();
        String database = server.getJdbcUrl("postgres", "postgres");
        int port = freePort();
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database, "--spring.datasource.username=postgres",
                "--archive-sync.hub.database.embedded=false", "--server.port=" + port,
                "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "--spring.kafka.listener.auto-startup=false",
                "--spring.kafka.consumer.properties.interceptor.classes=" + FirstRecord.class.getName(),
                "--archive-sync.hub.outbound.publish=" + PUBLISH,
                "--logging.level.root=WARN"));
        args.addAll(TestOperators.arguments());
        // Any other hub setting to try, e.g. -Dbench.hub-args="--archive-sync.hub.ingest.concurrency=1".
        String extra = System.getProperty("bench.hub-args", "").strip();
        if (!extra.isEmpty()) {
            args.addAll(List.of(extra.split("\\s+")));
        }
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class)
                .run(args.toArray(String[]::new));
        try {
            run(hub, broker, port);
        } finally {
            hub.close();
            broker.destroy();
            server.close();
        }
    }

    private void run(ConfigurableApplicationContext hub, EmbeddedKafkaKraftBroker broker, int port) throws Exception {
        JdbcClient jdbc = hub.getBean(JdbcClient.class);
        SchemaRegistryClient registry = new SchemaRegistryClient(URI.create("http://localhost:" + port + "/registry"));
        // The hub registered the contract's schemas at start; a lookup needs no credentials.
        int schemaId = registry.idOf(TOPIC + "-value", SiteEvent.getClassSchema());
        List<Agent> sites = new ArrayList<>();
        for (int s = 0; s < SITES; s++) {
            sites.add(new Agent(String.format("CM.BENCH.S%03d", s)).enroll(jdbc));
        }
        siteTopics(broker, sites);
        try {
            String dataDir = jdbc.sql("SELECT current_setting('data_directory')").query(String.class).single();
            postmaster = Long.parseLong(Files.readAllLines(Path.of(dataDir, "postmaster.pid")).get(0).strip());
        } catch (IOException | RuntimeException e) {
            postmaster = 0;
        }
        print("settings: " + jdbc.sql("""
                SELECT 'synchronous_commit=' || current_setting('synchronous_commit') || ' fsync='
                    || current_setting('fsync') || ' full_page_writes=' || current_setting('full_page_writes')
                    || ' shared_buffers=' || current_setting('shared_buffers')
                    || ' max_wal_size=' || current_setting('max_wal_size')
                    || ' server=' || current_setting('server_version') || ' collation=' || (SELECT datcollate || '/'
                    || datlocprovider::text FROM pg_database WHERE datname = current_database())""").query(String.class).single()
                + " cpus=" + Runtime.getRuntime().availableProcessors() + " partitions=" + PARTITIONS
                + " max.poll.records=" + hub.getEnvironment().getProperty("spring.kafka.consumer.max-poll-records")
                + " concurrency=" + hub.getEnvironment().getProperty("archive-sync.hub.ingest.concurrency")
                + " hubArgs=[" + System.getProperty("bench.hub-args", "") + "]"
                + " publish=" + PUBLISH + " searchDuringLoad=" + SEARCH_DURING_LOAD);

        Random random = new Random(7);
        if (!SEARCH_DURING_LOAD) {
            SearchIndexing.pause(hub);
        }
        // Warm-up: other sites' events through the same path first, so the JIT has compiled the hub's ingest before the
        // clock runs (a hub in service is warm); then the consumer pauses while the measured load is produced.
        MessageListenerContainer container = hub.getBean(KafkaListenerEndpointRegistry.class)
                .getListenerContainer("archive-sync-ingest");
        long warmed = 0;
        if (WARMUP > 0) {
            List<Agent> warmSites = new ArrayList<>();
            for (int s = 0; s < 10; s++) {
                warmSites.add(new Agent(String.format("CM.WARM.W%02d", s)).enroll(jdbc));
            }
            siteTopics(broker, warmSites);
            warmed = produce(broker, warmSites, WARMUP, schemaId, random);
            container.start();
            while (committed(jdbc) < warmed) {
                Thread.sleep(20);
            }
            container.pause();
            while (!container.isPauseRequested() || !container.isContainerPaused()) {
                Thread.sleep(20);
            }
            print("warm-up events=%d ingested (not measured)", warmed);
        }

        // Produce: each site's imports of 1,000 files, one signed transaction each, sites taking turns.
        long g0 = System.nanoTime();
        long produced = produce(broker, sites, EVENTS, schemaId, random);
        print("produced events=%d sites=%d in ms=%d (not measured)", produced, SITES, (System.nanoTime() - g0) / 1_000_000);

        // Ingest: from the first record the consumer receives until every event is committed.
        String load0 = loadAverage();
        long[] cpu0 = cpuTicks();
        Map<String, Long> threads0 = threadTicks();
        FIRST_RECORD.set(0);
        if (WARMUP > 0) {
            container.resume();
        } else {
            container.start();
        }
        while (committed(jdbc) < warmed + produced) {
            Thread.sleep(20);
        }
        long t1 = System.nanoTime();
        long[] cpu1 = cpuTicks();
        Map<String, Long> threads1 = threadTicks();
        String load1 = loadAverage();
        double seconds = (t1 - FIRST_RECORD.get()) / 1e9;
        double rate = produced / seconds;
        long parked = jdbc.sql("SELECT count(*) FROM parked_events").query(Long.class).single();
        long files = jdbc.sql("SELECT count(*) FROM files WHERE site_code LIKE 'CM.BENCH.%'").query(Long.class).single();
        print("ingest events=%d files=%d s=%.2f events_per_s=%.0f (first record to all committed; JVM and context"
                + " start-up excluded) parked_left=%d load_before=[%s] load_after=[%s]", produced, files, seconds, rate,
                parked, load0, load1);

        print("cpu during ingest: jvm_s=%.2f postgres_s=%.2f total_s=%.2f per_100k_events_s=%.2f (on a busy machine"
                + " CPU time says more than wall time)", (cpu1[0] - cpu0[0]) / 100.0, (cpu1[1] - cpu0[1]) / 100.0,
                (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) / 100.0,
                (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1]) / 100.0 / (produced / 100_000.0));

        StringBuilder top = new StringBuilder();
        threads1.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - threads0.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> top.append(e.getKey()).append('=').append(e.getValue() / 100.0).append("s "));
        print("cpu by JVM thread: " + top);

        // Search right after the load, then the indexer catching up.
        long q0 = System.nanoTime();
        int hits = SearchIndexing.fileCodes(hub, "huyen tran van thoi nam 1999", 10).size();
        print("search over the new rows before indexing ms=%d hits=%d", (System.nanoTime() - q0) / 1_000_000, hits);
        long i0 = System.nanoTime();
        long indexed = SearchIndexing.indexAll(hub);
        print("search indexer caught up events=%d s=%.2f", indexed, (System.nanoTime() - i0) / 1e9);
        q0 = System.nanoTime();
        hits = SearchIndexing.fileCodes(hub, "huyen tran van thoi nam 1999", 10).size();
        print("search through the index ms=%d hits=%d", (System.nanoTime() - q0) / 1_000_000, hits);

        // Ceiling: the same rows, raw binary COPY into a primary-key-only copy of files, same server.
        double ceiling = ceiling(hub.getBean(DataSource.class), jdbc, files);
        print("RESULT ingest_events_per_s=%.0f ceiling_rows_per_s=%.0f ratio=%.2f", rate, ceiling, rate / ceiling);

        if (!SEARCH_DURING_LOAD && !Boolean.getBoolean("bench.latency-without-search")) {
            SearchIndexing.resume(hub);
        }
        latency(jdbc, broker, sites, schemaId, random);
    }

    /** Each site's own topic, as the hub creates it when an operator creates the site: one partition, kept forever. */
    private static void siteTopics(EmbeddedKafkaKraftBroker broker, List<Agent> sites) {
        broker.addTopics(sites.stream().map(s -> new NewTopic(TOPIC + "." + s.siteCode, 1, (short) 1)
                .configs(Map.of("retention.ms", "-1"))).toArray(NewTopic[]::new));
    }

    /** Each site's imports of 1,000 files, one signed transaction each, sites taking turns; how many were sent. */
    private static long produce(EmbeddedKafkaKraftBroker broker, List<Agent> sites, int events, int schemaId,
                                Random random) {
        try (KafkaProducer<String, byte[]> producer = producer(broker, 20)) {
            int perSite = events / sites.size();
            for (int from = 0; from < perSite; from += TRANSACTION) {
                for (Agent site : sites) {
                    int n = Math.min(TRANSACTION, perSite - from);
                    Object[] payloads = new Object[n];
                    for (int i = 0; i < n; i++) {
                        payloads[i] = file(site.siteCode + ".F", "HS-" + (from + i), title(random));
                    }
                    for (Agent.Event e : site.events(payloads)) {
                        producer.send(e.producerRecord(TOPIC, schemaId));
                    }
                }
            }
            producer.flush();
            return (long) perSite * sites.size();
        }
    }

    private static double ceiling(DataSource dataSource, JdbcClient jdbc, long rows) throws Exception {
        jdbc.sql("DROP TABLE IF EXISTS files_ceiling").update();
        jdbc.sql("CREATE TABLE files_ceiling (LIKE files INCLUDING DEFAULTS)").update();
        jdbc.sql("ALTER TABLE files_ceiling ADD PRIMARY KEY (fonds_code, file_code)").update();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connection c = dataSource.getConnection()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyOut(
                    "COPY (SELECT * FROM files WHERE site_code LIKE 'CM.BENCH.%') TO STDOUT (FORMAT binary)", out);
        }
        byte[] bytes = out.toByteArray();
        // Three times into an emptied table, the best counts: the ceiling is what the server can do at best, and a
        // short burst on a shared machine is easily slowed by a neighbour.
        double best = 0;
        StringBuilder each = new StringBuilder();
        for (int run = 0; run < 3; run++) {
            jdbc.sql("TRUNCATE files_ceiling").update();
            long c0 = System.nanoTime();
            try (Connection c = dataSource.getConnection()) {
                c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY files_ceiling FROM STDIN (FORMAT binary)",
                        new ByteArrayInputStream(bytes));
            }
            double rate = rows / ((System.nanoTime() - c0) / 1e9);
            each.append(String.format("%.0f ", rate));
            best = Math.max(best, rate);
        }
        print("raw COPY (binary, primary key only) rows=%d bytes=%d rows_per_s runs=[%s] best=%.0f load=[%s]", rows,
                bytes.length, each.toString().strip(), best, loadAverage());
        return best;
    }

    /** Steady load: one 10-event transaction every 10 ms (at 1,000 events/s), produce-to-visible per event. */
    private static void latency(JdbcClient jdbc, EmbeddedKafkaKraftBroker broker, List<Agent> sites, int schemaId,
                                Random random) throws Exception {
        if (LATENCY_SECONDS <= 0) {
            return;
        }
        Map<String, Long> visibleThrough = new HashMap<>();
        jdbc.sql("SELECT site_code, last_sequence FROM site_cursors").query((rs, n) ->
                visibleThrough.put(rs.getString(1), rs.getLong(2))).list();
        Map<String, AtomicLongArray> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = new ArrayList<>();
        int transactions = LATENCY_SECONDS * LATENCY_RATE / LATENCY_TRANSACTION;
        long interval = 1_000_000_000L * LATENCY_TRANSACTION / LATENCY_RATE;
        Map<String, Long> firstSequence = new HashMap<>();
        sites.forEach(s -> firstSequence.put(s.siteCode, visibleThrough.get(s.siteCode) + 1));
        int perSite = transactions / sites.size() * LATENCY_TRANSACTION + LATENCY_TRANSACTION;
        sites.forEach(s -> sentAt.put(s.siteCode, new AtomicLongArray(perSite)));

        Thread poller = new Thread(() -> {
            long end = System.nanoTime() + (LATENCY_SECONDS + 60) * 1_000_000_000L;
            int expected = transactions * LATENCY_TRANSACTION;
            while (latencies.size() < expected && System.nanoTime() < end) {
                long now = System.nanoTime();
                jdbc.sql("SELECT site_code, last_sequence FROM site_cursors").query((rs, n) -> {
                    String site = rs.getString(1);
                    long through = rs.getLong(2);
                    Long seen = visibleThrough.get(site);
                    AtomicLongArray times = sentAt.get(site);
                    if (seen != null && times != null && through > seen) {
                        for (long seq = seen + 1; seq <= through; seq++) {
                            long sent = times.get((int) (seq - firstSequence.get(site)));
                            if (sent > 0) {
                                latencies.add(now - sent);
                            }
                        }
                        visibleThrough.put(site, through);
                    }
                    return null;
                }).list();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-visibility");
        poller.start();

        String load0 = loadAverage();
        try (KafkaProducer<String, byte[]> producer = producer(broker, 0)) {
            long start = System.nanoTime();
            int counter = 0;
            for (int t = 0; t < transactions; t++) {
                long due = start + t * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                Agent site = sites.get(t % sites.size());
                Object[] payloads = new Object[LATENCY_TRANSACTION];
                for (int i = 0; i < LATENCY_TRANSACTION; i++) {
                    payloads[i] = file(site.siteCode + ".F", "L-" + (counter++), title(random));
                }
                AtomicLongArray times = sentAt.get(site.siteCode);
                for (Agent.Event e : site.events(payloads)) {
                    times.set((int) (e.sequence() - firstSequence.get(site.siteCode)), System.nanoTime());
                    producer.send(e.producerRecord(TOPIC, schemaId));
                }
            }
            producer.flush();
        }
        poller.join();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            print("latency: nothing became visible");
            return;
        }
        print("RESULT latency events=%d rate=%d/s transaction=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f p99.9_ms=%.1f"
                + " max_ms=%.1f load=[%s]..[%s]", sorted.length, LATENCY_RATE, LATENCY_TRANSACTION,
                ms(percentile(sorted, 0.50)), ms(percentile(sorted, 0.90)), ms(percentile(sorted, 0.99)),
                ms(percentile(sorted, 0.999)), ms(sorted[sorted.length - 1]), load0, loadAverage());
    }

    private static long percentile(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long committed(JdbcClient jdbc) {
        return jdbc.sql("SELECT coalesce(sum(last_sequence), 0) FROM site_cursors").query(Long.class).single();
    }

    private static KafkaProducer<String, byte[]> producer(EmbeddedKafkaKraftBroker broker, int lingerMs) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, lingerMs, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * CPU clock ticks (1/100 s) used so far by this JVM (hub and broker) and by its PostgreSQL processes (children of
     * the embedded server), from /proc.
     */
    static long[] cpuTicks() {
        long jvm = ticks(ProcessHandle.current().pid());
        long postgres = 0;
        if (postmaster > 0) {
            postgres = ticks(postmaster) + ProcessHandle.of(postmaster).stream().flatMap(ProcessHandle::descendants)
                    .mapToLong(p -> ticks(p.pid())).sum();
        }
        return new long[] {jvm, postgres};
    }

    /** CPU ticks per thread name of this JVM (threads of one name, e.g. GC workers, summed). */
    static Map<String, Long> threadTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // The thread ended.
                }
            });
        } catch (IOException e) {
            // No /proc: no breakdown.
        }
        return ticks;
    }

    /** The embedded server's postmaster (pg_ctl detaches it from this JVM), from its data directory. */
    private static long postmaster;

    private static long ticks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of the line, 12 and 13 after "(comm) ".
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    static String loadAverage() {
        try {
            return String.join(" ", Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static void print(String format, Object... args) {
        System.out.printf("BENCH " + format + "%n", args);
    }

    private static String title(Random random) {
        String[] subjects = {"Hồ sơ giải quyết tranh chấp đất đai", "Hồ sơ cấp giấy chứng nhận quyền sử dụng đất",
                "Tập văn bản chỉ đạo về phòng chống lụt bão", "Hồ sơ hội nghị tổng kết công tác năm",
                "Hồ sơ xây dựng nông thôn mới", "Báo cáo thống kê dân số và kế hoạch hóa gia đình"};
        String[] places = {"xã Tân Hưng", "huyện Cái Nước", "thị trấn Sông Đốc", "xã Khánh Bình Tây",
                "huyện Trần Văn Thời", "xã Tạ An Khương", "thành phố Bạc Liêu"};
        return subjects[random.nextInt(subjects.length)] + " của " + places[random.nextInt(places.length)] + " năm "
                + (1976 + random.nextInt(49)) + " số " + random.nextInt(100_000);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
