package org.archivesync.hub.asof;

import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.secret;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.ingest.IngestReport;
import org.archivesync.hub.ingest.SiteEventIngest;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.TestClock;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The as-of copies against a real PostgreSQL and the real ingest: what a day shows, when a copy is built again, that
 * building one writes nothing live and does not hold ingest up, and how many are kept. Each test has its own offices
 * and days; the events of all of them occur in 2025.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class CatalogueAtTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final Instant NOW = Instant.parse("2025-08-15T03:00:00Z");
    private static final ExecutorService BESIDE = Executors.newCachedThreadPool();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withoutKafka(registry);
        registry.add("archive-sync.hub.search.index-interval", () -> "1h");
        registry.add("archive-sync.hub.progress.record-interval", () -> "1h");
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        @Primary
        TestClock clock() {
            return new TestClock(NOW);
        }
    }

    @AfterAll
    static void stopThreads() {
        BESIDE.shutdownNow();
    }

    @Autowired
    SiteEventIngest ingest;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SchemaRegistryClient registry;
    @Autowired
    CatalogueAt catalogueAt;
    @Autowired
    Catalogue catalogue;
    @Autowired
    TestClock clock;
    @Autowired
    PlatformTransactionManager transactions;

    private int schemaId;

    @BeforeEach
    void registerSchema() {
        schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
    }

    @Test
    void todayAndLaterReadTheLiveCatalogue() {
        Agent office = office("LIVE");
        feed(office.at(vn("2025-08-15T08:00")), fonds("LIVE-F", "Phông", "UBND", "31846", "1990-01-01", null),
                file("LIVE-F", "HS-1", null, "Hồ sơ hôm nay", 1));
        for (LocalDate day : List.of(LocalDate.parse("2025-08-15"), LocalDate.parse("2025-09-01"))) {
            assertThat(catalogueAt.read(day, () -> files("LIVE-F"))).isEqualTo(1);
            assertThat(schemaExists(day)).isFalse();
        }
    }

    @Test
    void aDayBeforeAnyEventHasEmptyProjections() {
        Agent office = office("EMPTY");
        feed(office.at(vn("2025-06-01T08:00")), fonds("EMPTY-F", "Phông", "UBND", "31846", "1990-01-01", null),
                file("EMPTY-F", "HS-1", null, "Hồ sơ", 1));
        List<String> tables = new ArrayList<>(CopyBuilder.PROJECTIONS);
        tables.addAll(CopyBuilder.AS_OF_THE_DAY);
        jdbc.sql("INSERT INTO progress_activity (site_code, day, measure, amount) VALUES (:s, '2025-06-01', "
                + "'BOXED_METRES', 1)").param("s", office.siteCode).update();
        Map<String, Long> counts = catalogueAt.read(LocalDate.parse("2020-01-01"), () -> counts(tables));
        assertThat(counts).allSatisfy((table, n) -> assertThat(n).as(table).isZero());
        assertThat(counts("fonds", "files", "site_cursors", "progress_activity").values()).allMatch(n -> n > 0);
    }

    @Test
    void buildingACopyWritesNothingLive() {
        Agent office = office("UNTOUCHED");
        feed(office.at(vn("2025-06-02T08:00")), fonds("UT-F", "Phông", "UBND", "31846", "1990-01-01", null),
                box("H1", "UT-F", null, "1.00", true), file("UT-F", "HS-1", "H1", "Hồ sơ", 1));
        feed(office.at(vn("2025-06-03T08:00")), file("UT-F", "HS-2", "H1", "Hồ sơ hai", 1));
        Map<String, String> before = checksums();
        assertThat(catalogueAt.read(LocalDate.parse("2025-06-02"), () -> files("UT-F"))).isEqualTo(1);
        assertThat(checksums()).isEqualTo(before);
        assertThat(files("UT-F")).isEqualTo(2);
    }

    @Test
    void everyTableTheReplayEmptiesIsInTheCopy() {
        CopyBuilder builder = new CopyBuilder(jdbc, new EventLog(jdbc, registry), catalogue, writes());
        // What the catalogue's own clearProjections empties, resolved as a replay in the copy resolves it.
        assertThat(liveTablesEmptied(() -> builder.createTables("as_of_19000101"))).isEmpty();
        // Without a copy it empties live tables: the check above can fail.
        assertThat(liveTablesEmptied(() -> { })).contains("files", "fonds_holders", "refused_events");
    }

    @Test
    void aLateEventOfAQuietOfficeMakesTheNextReadBuildTheDayAgain() {
        LocalDate day = LocalDate.parse("2025-06-05");
        Agent offline = office("OFFLINE");
        Agent online = office("ONLINE");
        feed(offline.at(vn("2025-06-01T08:00")), fonds("OFF-F", "Phông", "UBND", "31846", "1990-01-01", null),
                file("OFF-F", "HS-1", null, "Hồ sơ một", 1));
        feed(online.at(vn("2025-06-01T08:00")), fonds("ON-F", "Phông", "UBND", "31846", "1990-01-01", null),
                file("ON-F", "HS-1", null, "Hồ sơ một", 1));
        feed(online.at(vn("2025-06-20T08:00")), file("ON-F", "HS-2", null, "Hồ sơ hai", 1));
        assertThat(catalogueAt.read(day, () -> files("OFF-F") + "/" + files("ON-F"))).isEqualTo("1/1");
        long built = schemaOid(day);

        // The online office's clock put back: after its event of the 20th, so never in the 5th; nothing to build.
        feed(online.at(vn("2025-06-04T08:00")), file("ON-F", "HS-3", null, "Hồ sơ ba", 1));
        assertThat(catalogueAt.read(day, () -> files("ON-F"))).isEqualTo(1);
        assertThat(schemaOid(day)).isEqualTo(built);

        // The offline office's backlog arrives: the 4th belongs to the 5th.
        feed(offline.at(vn("2025-06-04T08:00")), file("OFF-F", "HS-2", null, "Hồ sơ hai", 1));
        feed(offline.at(vn("2025-06-06T08:00")), file("OFF-F", "HS-3", null, "Hồ sơ ba", 1));
        assertThat(catalogueAt.read(day, () -> files("OFF-F"))).isEqualTo(2);
        long rebuilt = schemaOid(day);
        assertThat(rebuilt).isNotEqualTo(built);

        // Now both are past the 5th: more of their events change nothing.
        feed(offline.at(vn("2025-06-07T08:00")), file("OFF-F", "HS-4", null, "Hồ sơ bốn", 1));
        assertThat(catalogueAt.read(day, () -> files("OFF-F"))).isEqualTo(2);
        assertThat(schemaOid(day)).isEqualTo(rebuilt);
        assertThat(catalogueAt.read(day, () -> jdbc.sql("SELECT last_sequence FROM site_cursors WHERE site_code = :s")
                .param("s", offline.siteCode).query(Long.class).single())).isEqualTo(3L);
    }

    @Test
    void aFileThatBecameASecretAfterTheDayKeepsNoTextInTheDaysCopy() {
        LocalDate day = LocalDate.parse("2025-06-08");
        Agent office = office("SECRET");
        feed(office.at(vn("2025-06-08T08:00")), fonds("SEC-F", "Phông", "UBND", "31846", "1990-01-01", null),
                box("H1", "SEC-F", null, "1.00", true), file("SEC-F", "HS-1", "H1", "Kế hoạch phòng thủ", 12));
        assertThat(catalogueAt.read(day, () -> title("SEC-F", "HS-1"))).isEqualTo("Kế hoạch phòng thủ");

        // Re-classified a month later: the log lets go of the title, and so must the copy of the 8th.
        feed(office.at(vn("2025-07-08T08:00")), secret("SEC-F", "HS-1", "H1"));
        assertThat(catalogueAt.read(day, () -> title("SEC-F", "HS-1"))).isEqualTo("∅");
    }

    @Test
    void ingestGoesOnWhileACopyIsBuiltAndTheNextReadShowsWhatItStored() throws Exception {
        LocalDate day = LocalDate.parse("2025-06-12");
        Agent office = office("BESIDE");
        feed(office.at(vn("2025-06-11T08:00")), fonds("BES-F", "Phông", "UBND", "31846", "1990-01-01", null),
                file("BES-F", "HS-1", null, "Hồ sơ một", 1));
        AtomicBoolean once = new AtomicBoolean();
        AsOfCopies copies = copies(4, new CopyBuilder.Listener() {
            @Override
            public void replayed(long read, long taken) {
                if (once.compareAndSet(false, true)) {
                    // Ingest stores an event of the day while the build holds its transaction open.
                    Future<?> stored = BESIDE.submit(() -> feed(office.at(vn("2025-06-12T09:00")),
                            file("BES-F", "HS-2", null, "Hồ sơ hai", 1)));
                    try {
                        stored.get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError("ingest waited for the copy's build", e);
                    }
                }
            }
        });
        assertThat(copies.read(day, () -> files("BES-F"))).isEqualTo(1);
        assertThat(once).isTrue();
        assertThat(files("BES-F")).isEqualTo(2);
        assertThat(copies.read(day, () -> files("BES-F"))).isEqualTo(2);
    }

    @Test
    void concurrentReadsOfADayBuildItOnce() throws Exception {
        LocalDate day = LocalDate.parse("2025-06-15");
        Agent office = office("TOGETHER");
        feed(office.at(vn("2025-06-14T08:00")), fonds("TOG-F", "Phông", "UBND", "31846", "1990-01-01", null),
                file("TOG-F", "HS-1", null, "Hồ sơ một", 1));
        List<LocalDate> builds = new CopyOnWriteArrayList<>();
        AsOfCopies copies = copies(4, new CopyBuilder.Listener() {
            @Override
            public void started(LocalDate d) {
                builds.add(d);
            }

            @Override
            public void replayed(long read, long taken) {
            }
        });
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            readers.add(BESIDE.submit(() -> {
                go.await();
                return copies.read(day, () -> files("TOG-F"));
            }));
        }
        go.countDown();
        for (Future<Integer> r : readers) {
            assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(builds).containsExactly(day);
    }

    @Test
    void theLeastRecentlyReadCopyIsDroppedBeyondTheLimit() {
        Agent office = office("LIMIT");
        feed(office.at(vn("2025-05-01T08:00")), fonds("LIM-F", "Phông", "UBND", "31846", "1990-01-01", null));
        AsOfCopies copies = copies(2, (read, taken) -> { });
        LocalDate first = LocalDate.parse("2025-04-30");
        LocalDate second = LocalDate.parse("2025-05-01");
        LocalDate third = LocalDate.parse("2025-05-02");
        copies.read(first, () -> 0);
        copies.read(second, () -> 0);
        copies.read(first, () -> 0);
        copies.read(third, () -> 0);
        assertThat(jdbc.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'as\\_of\\_%' ORDER BY 1")
                .query(String.class).list()).containsExactly("as_of_20250430", "as_of_20250502");
        // A dropped copy is built again when asked for.
        assertThat(copies.read(second, () -> jdbc.sql("SELECT count(*) FROM fonds WHERE fonds_code = 'LIM-F'")
                .query(Long.class).single())).isEqualTo(1L);
        assertThat(copies.read(first, () -> jdbc.sql("SELECT count(*) FROM fonds WHERE fonds_code = 'LIM-F'")
                .query(Long.class).single())).isZero();
    }

    // -----------------------------------------------------------------------------------------------------------

    private AsOfCopies copies(int maxCopies, CopyBuilder.Listener listener) {
        EventLog events = new EventLog(jdbc, registry);
        TransactionTemplate reads = new TransactionTemplate(transactions);
        reads.setReadOnly(true);
        reads.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return new AsOfCopies(jdbc, events, new CopyBuilder(jdbc, events, catalogue, writes()), reads, writes(), clock,
                maxCopies, listener);
    }

    private TransactionTemplate writes() {
        TransactionTemplate writes = new TransactionTemplate(transactions);
        writes.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return writes;
    }

    /** The live tables {@code Catalogue.clearProjections} would empty after {@code prepare}, in a rolled-back transaction. */
    private List<String> liveTablesEmptied(Runnable prepare) {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        return tx.execute(status -> {
            prepare.run();
            jdbc.sql("SET LOCAL search_path TO as_of_19000101, public").update();
            catalogue.separateReplay().clearProjections();
            status.setRollbackOnly();
            return jdbc.sql("""
                    SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE l.pid = pg_backend_pid() AND l.mode = 'AccessExclusiveLock' AND n.nspname = 'public'
                      AND c.relkind = 'r' ORDER BY 1""").query(String.class).list();
        });
    }

    private Agent office(String name) {
        return new Agent("CM.ASOF." + name).enroll(jdbc, "Văn phòng " + name, "31846", "COMMUNE");
    }

    private void feed(Agent agent, Object... payloads) {
        IngestReport report = ingest.ingest(agent.transaction(schemaId, payloads));
        assertThat(report.quarantinedSites()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
    }

    private int files(String fonds) {
        return jdbc.sql("SELECT count(*) FROM files WHERE fonds_code = :f").param("f", fonds).query(Integer.class)
                .single();
    }

    private String title(String fonds, String file) {
        return jdbc.sql("SELECT coalesce(title, '∅') FROM files WHERE fonds_code = :f AND file_code = :c")
                .param("f", fonds).param("c", file).query(String.class).single();
    }

    private Map<String, Long> counts(List<String> tables) {
        Map<String, Long> counts = new LinkedHashMap<>();
        tables.forEach(t -> counts.put(t, jdbc.sql("SELECT count(*) FROM " + t).query(Long.class).single()));
        return counts;
    }

    private Map<String, Long> counts(String... tables) {
        return counts(List.of(tables));
    }

    /** Every live table's row count and a digest of its rows. */
    private Map<String, String> checksums() {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String table : jdbc.sql("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1""").query(String.class).list()) {
            sums.put(table, jdbc.sql("SELECT count(*) || ' ' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                    + " FROM public." + table + " t").query(String.class).single());
        }
        return sums;
    }

    private boolean schemaExists(LocalDate day) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = :s)")
                .param("s", CopyBuilder.schema(day)).query(Boolean.class).single();
    }

    private long schemaOid(LocalDate day) {
        return jdbc.sql("SELECT oid::bigint FROM pg_namespace WHERE nspname = :s").param("s", CopyBuilder.schema(day))
                .query(Long.class).single();
    }

    private static Instant vn(String local) {
        return LocalDateTime.parse(local).atZone(DayPrefix.VIETNAM).toInstant();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
