package org.archivesync.hub.ingest;

import static org.archivesync.hub.fixtures.Agent.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The bounds of a site's parked events, with small settings: at most 10 parked per site, loaded 3 at a time.
 * ParkedBacklogIT shows the same path on a million events in a small heap.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ParkedBoundsTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final AtomicInteger SITES = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withoutKafka(registry);
        registry.add("archive-sync.hub.ingest.max-parked-events", () -> "10");
        registry.add("archive-sync.hub.ingest.unpark-batch-events", () -> "3");
    }

    @Autowired
    SiteEventIngest ingest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SchemaRegistryClient registry;

    private int schemaId;

    @BeforeEach
    void registerSchema() {
        schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
    }

    @Test
    void aLongUnsignedRunIsAppliedInWindowsOnceItsSignedEventArrives() {
        Agent s = site("NHAP");
        List<Agent.Event> tx = s.events(files(s, 8));

        assertThat(ingest(tx.subList(0, 7)).applied()).isZero();
        assertThat(parked(s)).isEqualTo(7);
        IngestReport report = ingest(tx.subList(7, 8));

        assertThat(report.applied()).isEqualTo(8);
        assertThat(cursor(s)).isEqualTo(8);
        assertThat(parked(s)).isZero();
        assertThat(parkedTotals(s)).containsExactly(0L, 0L);
    }

    @Test
    void closingAGapBeforeALongRunDrainsItInWindows() {
        Agent s = site("KHE");
        List<Agent.Event> tx = s.events(files(s, 9));

        ingest(tx.subList(1, 9));
        assertThat(parked(s)).isEqualTo(8);
        IngestReport report = ingest(tx.subList(0, 1));

        assertThat(report.applied()).isEqualTo(9);
        assertThat(cursor(s)).isEqualTo(9);
        assertThat(parked(s)).isZero();
    }

    @Test
    void eventsBeyondTheParkedBoundAreNotStoredAndComeBackWithTheRepair() {
        Agent s = site("DAY");
        List<Agent.Event> tx = s.events(files(s, 14));

        // Sequence 1 was lost: 2 to 14 wait, but only 10 may.
        IngestReport over = ingest(tx.subList(1, 14));

        assertThat(over.parked()).isEqualTo(10);
        assertThat(parked(s)).isEqualTo(10);
        assertThat(parkedTotals(s).get(0)).isEqualTo(10L);
        assertThat(alertKinds(s)).containsExactly("PARKED_LIMIT");
        assertThat(jdbc.sql("SELECT detail FROM alerts WHERE site_code = :s").param("s", s.siteCode).query(String.class)
                .single()).startsWith("3 events of office " + s.siteCode + " were not parked")
                .contains("republishes them");
        ingest(tx.subList(13, 14));
        assertThat(alertKinds(s)).as("one alert per interval").containsExactly("PARKED_LIMIT");

        // The agent sees the hub's cursor behind what it published and republishes from 1.
        IngestReport repaired = ingest(tx);

        assertThat(repaired.quarantinedSites()).isEmpty();
        assertThat(cursor(s)).isEqualTo(14);
        assertThat(parked(s)).isZero();
    }

    private static Object[] files(Agent s, int n) {
        Object[] files = new Object[n];
        for (int i = 0; i < n; i++) {
            FileRecorded f = file(s.siteCode + ".F", "HS-" + (i + 1), "Hồ sơ " + (i + 1));
            files[i] = f;
        }
        return files;
    }

    private IngestReport ingest(List<Agent.Event> events) {
        List<InboundRecord> records = new ArrayList<>();
        events.forEach(e -> records.add(e.record(schemaId)));
        return ingest.ingest(records);
    }

    private Agent site(String name) {
        return new Agent("CM.B" + SITES.incrementAndGet() + "." + name).enroll(jdbc);
    }

    private long parked(Agent s) {
        return jdbc.sql("SELECT count(*) FROM parked_events WHERE site_code = :s").param("s", s.siteCode)
                .query(Long.class).single();
    }

    private List<Long> parkedTotals(Agent s) {
        return jdbc.sql("SELECT parked_count, parked_bytes FROM site_cursors WHERE site_code = :s").param("s", s.siteCode)
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single();
    }

    private long cursor(Agent s) {
        return jdbc.sql("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = :s")
                .param("s", s.siteCode).query(Long.class).single();
    }

    private List<String> alertKinds(Agent s) {
        return jdbc.sql("SELECT kind FROM alerts WHERE site_code = :s ORDER BY raised_at, kind").param("s", s.siteCode)
                .query(String.class).list();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
