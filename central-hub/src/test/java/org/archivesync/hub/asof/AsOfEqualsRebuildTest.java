package org.archivesync.hub.asof;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.digitized;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.received;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.archivesync.hub.fixtures.Agent.store;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.ingest.IngestReport;
import org.archivesync.hub.ingest.SiteEventIngest;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.TableDump;
import org.archivesync.hub.testing.TestClock;
import org.archivesync.schemas.registry.SchemaRegistryClient;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The catalogue as of 10/6/2025 equals the catalogue that was fed only the events up to that day: a district office
 * and a commune over four days, with a handover between them, a destruction in the day's last seconds, an operator's
 * reassignment on the day and another after it, and an event of the day sent after the district's events of the next
 * day (its clock put back). Every table the replay writes is compared whole, every column, timestamps included: the
 * replay writes each row at the instant its event was first applied, as the rebuild does. In a database of its own, so
 * no other test's events fall on those days.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class AsOfEqualsRebuildTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final LocalDate DAY = LocalDate.parse("2025-06-10");
    private static final Instant NOW = Instant.parse("2025-08-15T03:00:00Z");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withoutKafka(registry);
        // The search index and the daily activity stay as the replay leaves them, in both catalogues.
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

    @Test
    void theCopyOfADayEqualsTheCatalogueFedOnlyTheEventsUpToThatDay() {
        schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
        Agent district = new Agent("CM.ASOF.HONGDAN").enroll(jdbc, "UBND huyện Hồng Dân", "956", "DISTRICT_OFFICE");
        Agent commune = new Agent("CM.ASOF.NINHQUOI").enroll(jdbc, "UBND xã Ninh Quới", "31846", "COMMUNE");
        String fa = "HD-UBND";
        String fb = "NQ-UBND";
        String fc = "NQ-HTX";
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();

        // Up to the end of 10/6/2025.
        feed(district.at(vn("2025-06-08T08:00")),
                fonds(fa, "Phông UBND huyện Hồng Dân", "UBND huyện Hồng Dân", "956", "1976-01-01", "2025-06-30"),
                store("KHO-1", "Kho lưu trữ huyện", "Thị trấn Ngan Dừa"), extent(fa, "8.00", "2.00"),
                box("B1", fa, "KHO-1", "1.00", true), box("B2", fa, "KHO-1", "0.50", false),
                file(fa, "HS-1", "B1", "Hồ sơ quy hoạch", 100), file(fa, "HS-2", "B2", "Sổ công văn đi", 60),
                file(fa, "HS-3", "B1", "Hồ sơ hết hạn", 30), file(fa, "HS-4", "B2", "Hồ sơ đất đai", 80));
        feed(commune.at(vn("2025-06-08T09:00")),
                fonds(fb, "Phông UBND xã Ninh Quới", "UBND xã Ninh Quới", "31846", "1990-01-01", "2025-06-30"),
                fonds(fc, "Phông HTX Ninh Quới", "HTX Ninh Quới", "31846", "1995-01-01", null),
                extent(fb, "3.00", "1.00"));
        feed(district.at(vn("2025-06-09T10:00")),
                appraised(fa, "HS-1", AppraisalDecision.TRANSFER_TO_HISTORICAL, "2025-06-09"),
                appraised(fa, "HS-2", AppraisalDecision.KEEP_AT_SUCCESSOR, "2025-06-09"),
                appraised(fa, "HS-3", AppraisalDecision.DESTROY, "2025-06-09"), digitized(fa, "HS-1", 40),
                handover(first, ReceiverKind.SUCCESSOR_UNIT, "31846", commune.siteCode, "BB-01", "0.50", "2025-06-09",
                        List.of(fa + "/B2"), ref(fa, "HS-2")));
        feed(commune.at(vn("2025-06-10T08:00")),
                received(first, district.siteCode, "BB-01", "0.50", "2025-06-10", null, List.of(fa + "/B2"),
                        ref(fa, "HS-2")),
                file(fb, "X-1", null, "Hồ sơ xã Ninh Quới", 20));
        reassign(fc, district.siteCode, vn("2025-06-10T11:00"));
        feed(district.at(vn("2025-06-10T23:59:58")), destruction(UUID.randomUUID(), "QĐ 7/QĐ-UBND", "BB-HUY-07",
                "Lê Văn A", "Phạm Thị B", "0.05", "2025-06-10", ref(fa, "HS-3")));
        Map<String, List<String>> upToTheDay = dump();

        // After it.
        feed(district.at(vn("2025-06-11T00:00")), file(fa, "HS-1", "B1", "Hồ sơ quy hoạch (sửa)", 100),
                extent(fa, "7.00", "3.00"), box("B3", fa, "KHO-1", "0.40", true),
                handover(second, ReceiverKind.SUCCESSOR_UNIT, "31846", commune.siteCode, "BB-02", "1.00",
                        "2025-06-11", List.of(fa + "/B1"), ref(fa, "HS-1")));
        // The district's clock was put back: an event of the 10th after its events of the 11th is not in the 10th.
        feed(district.at(vn("2025-06-10T15:00")), file(fa, "HS-9", "B3", "Hồ sơ chín", 5));
        feed(commune.at(vn("2025-06-12T08:00")),
                received(second, district.siteCode, "BB-02", "1.00", "2025-06-12", "Thiếu 1 tờ", List.of(fa + "/B1"),
                        ref(fa, "HS-1")),
                appraised(fb, "X-1", AppraisalDecision.KEEP_AT_SUCCESSOR, "2025-06-12"), digitized(fb, "X-1", 3));
        reassign(fb, district.siteCode, NOW);
        Map<String, List<String>> now = dump();
        assertThat(now).isNotEqualTo(upToTheDay);
        assertThat(now.get("files")).anyMatch(r -> r.contains("HS-9"));

        Map<String, List<String>> asOf = catalogueAt.read(DAY, this::dump);
        assertThat(asOf).isEqualTo(upToTheDay);
        assertThat(asOf.get("tombstones")).hasSize(1);
        assertThat(asOf.get("handovers")).singleElement().asString().contains("RECEIVED");
        assertThat(asOf.get("fonds_reassignments")).singleElement().asString().contains(fc);
        // The live catalogue is as it was.
        assertThat(dump()).isEqualTo(now);
    }

    private Map<String, List<String>> dump() {
        List<String> tables = new ArrayList<>(CopyBuilder.PROJECTIONS);
        tables.addAll(CopyBuilder.AS_OF_THE_DAY);
        return TableDump.dump(jdbc, tables, Set.of(), false);
    }

    private void feed(Agent agent, Object... payloads) {
        IngestReport report = ingest.ingest(agent.transaction(schemaId, payloads));
        assertThat(report.quarantinedSites()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
    }

    private void reassign(String fonds, String to, Instant at) {
        new TransactionTemplate(transactions).executeWithoutResult(tx ->
                catalogue.reassignFonds(fonds, to, "Sáp nhập đơn vị hành chính", "dieuhanh", null, at));
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
