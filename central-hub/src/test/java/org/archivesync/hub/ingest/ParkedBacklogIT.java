package org.archivesync.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ServerSocket;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.BinaryCopy;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.WireFormat;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A site with a million events parked behind a gap (an import of a million rows, signed once at its end, whose first
 * event was lost): when the missing event arrives, the real ingest path applies them all, in transactions of
 * {@code unpark-batch-events}, inside a 768 MiB heap. Runs alone in its own JVM with {@code -Xmx768m} (the
 * {@code bounded-heap} surefire execution of central-hub/pom.xml); skipped in a JVM with a larger heap. The backlog is
 * written straight into {@code parked_events} with COPY, as ingest parks it, so that the test spends its time on the
 * release, not on a million Kafka round trips.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ParkedBacklogIT {

    private static final Logger log = LoggerFactory.getLogger(ParkedBacklogIT.class);
    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final int PARKED = Integer.getInteger("parked-backlog.events", 1_000_000);
    private static final int COPY_ROWS = 50_000;
    private static final String COPY_PARKED = """
            COPY parked_events (site_code, sequence, hash, previous_hash, schema_id, body, signature, key_id, withheld,
                origin, parked_at) FROM STDIN (FORMAT binary)""";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withoutKafka(registry);
    }

    @Autowired
    SiteEventIngest ingest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    SchemaRegistryClient registry;

    @Test
    void closingTheGapBeforeAMillionParkedEventsAppliesThemAllInABoundedHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assumeTrue(maxHeap <= 800L << 20, "runs in the bounded-heap execution (-Xmx768m), not in a JVM of "
                + (maxHeap >> 20) + " MiB");
        int schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
        Agent site = new Agent("CM.BACKLOG.CAINUOC").enroll(jdbc);
        jdbc.sql("INSERT INTO site_cursors (site_code, updated_at) VALUES (:s, now())").param("s", site.siteCode).update();
        Bodies bodies = new Bodies(site.siteCode);
        byte[] first = bodies.next(1, ChainHash.genesis());
        byte[] firstHash = ChainHash.next(ChainHash.genesis(), SchemaFingerprint.of(SiteEvent.getClassSchema()), first);

        long parkStarted = System.nanoTime();
        park(site, schemaId, firstHash, bodies);
        long parkMillis = (System.nanoTime() - parkStarted) / 1_000_000;
        assertThat(parkedTotals(site)).containsExactly((long) PARKED, parkedBytes(site));

        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        HeapWatch watch = HeapWatch.start();
        long started = System.nanoTime();
        IngestReport report = ingest.ingest(List.of(new InboundRecord(site.siteCode, WireFormat.frame(schemaId, first),
                null, null, "test-0@1")));
        long releaseMillis = (System.nanoTime() - started) / 1_000_000;
        long peakUsed = watch.stop();

        assertThat(report.quarantinedSites()).isEmpty();
        assertThat(report.applied()).isEqualTo(PARKED + 1);
        assertThat(jdbc.sql("SELECT last_sequence FROM site_cursors WHERE site_code = :s").param("s", site.siteCode)
                .query(Long.class).single()).isEqualTo(PARKED + 1L);
        assertThat(jdbc.sql("SELECT count(*) FROM parked_events WHERE site_code = :s").param("s", site.siteCode)
                .query(Long.class).single()).isZero();
        assertThat(parkedTotals(site)).containsExactly(0L, 0L);
        assertThat(jdbc.sql("SELECT count(*) FROM files WHERE site_code = :s").param("s", site.siteCode)
                .query(Long.class).single()).isEqualTo(PARKED + 1L);
        log.info("parked backlog released events={} parkMillis={} releaseMillis={} peakHeapUsedMiB={} maxHeapMiB={}",
                PARKED, parkMillis, releaseMillis, peakUsed >> 20, maxHeap >> 20);
    }

    /** Parks sequences 2 to PARKED + 1 of the site, chained to {@code firstHash}, the last one signed. */
    private void park(Agent site, int schemaId, byte[] firstHash, Bodies bodies) throws Exception {
        byte[] previous = firstHash;
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            BinaryCopy copy = new BinaryCopy(COPY_ROWS * 400);
            int rows = 0;
            for (long seq = 2; seq <= PARKED + 1L; seq++) {
                byte[] body = bodies.next(seq, previous);
                byte[] hash = ChainHash.next(previous, SchemaFingerprint.of(SiteEvent.getClassSchema()), body);
                boolean signed = seq == PARKED + 1L;
                copy.row(11).text(site.siteCode).int8(seq).bytes(hash).bytes(previous).int4(schemaId).bytes(body)
                        .bytes(signed ? SiteKeys.sign(site.keys().getPrivate(), hash) : null).text(signed ? site.keyId() : null)
                        .text(null).text("test-0@" + seq).timestamptz(now);
                previous = hash;
                if (++rows == COPY_ROWS || signed) {
                    copy.copyIn(c, COPY_PARKED);
                    copy = new BinaryCopy(COPY_ROWS * 400);
                    rows = 0;
                }
            }
        }
    }

    private List<Long> parkedTotals(Agent site) {
        return jdbc.sql("SELECT parked_count, parked_bytes FROM site_cursors WHERE site_code = :s").param("s", site.siteCode)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single();
    }

    private long parkedBytes(Agent site) {
        return jdbc.sql("SELECT coalesce(sum(octet_length(body)), 0) FROM parked_events WHERE site_code = :s")
                .param("s", site.siteCode).query(Long.class).single();
    }

    /**
     * The events of an import, as the agent records them: a distinct file per event. One envelope and one file are
     * reused and changed per event, so that a million of them cost the encoding, not a million builders.
     */
    private static final class Bodies {
        private final SiteEvent event;

        Bodies(String siteCode) {
            FileRecorded file = Agent.permanentFile("BACKLOG.F", "HS-0", "");
            event = SiteEvent.newBuilder().setEventId(UUID.randomUUID()).setSiteCode(siteCode).setSequence(0)
                    .setPreviousHash(new Sha256(ChainHash.genesis())).setOccurredAt(Instant.parse("2025-07-01T02:30:00Z"))
                    .setRecordedBy("cb.luutru").setAgentVersion("test").setPayload(file).build();
            // The builder copied the payload: change the envelope's own copy from now on.
        }

        byte[] next(long seq, byte[] previousHash) {
            FileRecorded f = (FileRecorded) event.getPayload();
            f.setFileCode("HS-" + seq);
            f.setTitle("Hồ sơ số " + seq + " của mục lục nhập từ bảng tính");
            event.setEventId(new UUID(seq, seq));
            event.setSequence(seq);
            event.setPreviousHash(new Sha256(previousHash));
            return AvroCodec.encode(event);
        }
    }

    /** Samples the used heap while the release runs; the highest sample is what the release needed at most. */
    private static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();

        static HeapWatch start() {
            HeapWatch watch = new HeapWatch();
            watch.sampler.scheduleAtFixedRate(watch::sample, 0, 50, TimeUnit.MILLISECONDS);
            return watch;
        }

        private void sample() {
            long used = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    used += pool.getUsage().getUsed();
                }
            }
            peak.accumulateAndGet(used, Math::max);
        }

        long stop() throws InterruptedException {
            sampler.shutdown();
            assertThat(sampler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            return peak.get();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
