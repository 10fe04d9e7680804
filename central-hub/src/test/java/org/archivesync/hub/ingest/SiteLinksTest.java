package org.archivesync.hub.ingest;

import static org.archivesync.hub.fixtures.Agent.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.TestClock;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What ingest records about the sites' links ({@code as-backlog}, {@code as-sent-at}, receipt) and what
 * {@link SiteLinks} shows of it, against a real PostgreSQL; records are handed to ingest as the Kafka listener would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SiteLinksTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final AtomicInteger SITES = new AtomicInteger();
    private static final String SENT_AT = "2025-07-01T02:59:58.123456Z";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withoutKafka(registry);
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        TestClock clock() {
            return new TestClock(Instant.parse("2025-07-01T03:00:00Z"));
        }
    }

    @Autowired
    SiteEventIngest ingest;
    @Autowired
    SiteLinks links;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SchemaRegistryClient registry;
    @Autowired
    TestClock clock;

    private int schemaId;

    @BeforeEach
    void registerSchema() {
        schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
    }

    @Test
    void backlogHeadersStoreTheValuesOfEachSitesNewestRecord() {
        Agent a = site("A");
        Agent b = site("B");
        List<Agent.Event> fromA = a.events(file("F", "HS-1", "Một"), file("F", "HS-2", "Hai"),
                file("F", "HS-3", "Ba"));
        List<Agent.Event> fromB = b.events(file("F", "HS-1", "Một"), file("F", "HS-2", "Hai"));
        List<InboundRecord> batch = new ArrayList<>();
        batch.add(fromA.get(0).record(schemaId, "12", SENT_AT));
        batch.add(fromB.get(0).record(schemaId, "5", "2025-07-01T02:00:00Z"));
        batch.add(fromA.get(1).record(schemaId, "11", SENT_AT));
        batch.add(fromB.get(1).record(schemaId, "4", "2025-07-01T02:00:00Z"));
        batch.add(fromA.get(2).record(schemaId, "10", SENT_AT));

        assertThat(ingest.ingest(batch).applied()).isEqualTo(5);

        SiteLink linkA = links.site(a.siteCode).orElseThrow();
        assertThat(linkA.reportedBacklog()).isEqualTo(10);
        assertThat(linkA.backlogReportedAt()).isEqualTo(Instant.parse(SENT_AT));
        assertThat(linkA.lastReceivedAt()).isEqualTo(clock.instant());
        assertThat(linkA.lastSequence()).isEqualTo(3);
        assertThat(linkA.lastAppliedAt()).isEqualTo(clock.instant());
        SiteLink linkB = links.site(b.siteCode).orElseThrow();
        assertThat(linkB.reportedBacklog()).isEqualTo(4);
        assertThat(linkB.backlogReportedAt()).isEqualTo(Instant.parse("2025-07-01T02:00:00Z"));
    }

    @Test
    void recordsWithoutHeadersKeepTheReportedBacklogAndAdvanceTheLastReceipt() {
        Agent s = site("CU");
        List<Agent.Event> tx1 = s.events(file("F", "HS-1", "Một"), file("F", "HS-2", "Hai"));
        ingest.ingest(List.of(tx1.get(0).record(schemaId, "2", SENT_AT), tx1.get(1).record(schemaId, "1", SENT_AT)));
        Instant first = clock.instant();

        // Redelivered by an older agent: nothing applied, but the link works.
        clock.advance(Duration.ofMinutes(5));
        IngestReport again = ingest.ingest(tx1.stream().map(e -> e.record(schemaId, null, null)).toList());
        assertThat(again.redelivered()).isEqualTo(2);
        assertThat(links.site(s.siteCode).orElseThrow()).satisfies(link -> {
            assertThat(link.reportedBacklog()).isEqualTo(1);
            assertThat(link.backlogReportedAt()).isEqualTo(Instant.parse(SENT_AT));
            assertThat(link.lastReceivedAt()).isEqualTo(first.plus(Duration.ofMinutes(5)));
        });

        // After a gap: parked, and still news that the link works.
        s.events(file("F", "HS-3", "Ba"));
        List<Agent.Event> tx3 = s.events(file("F", "HS-4", "Bốn"));
        clock.advance(Duration.ofMinutes(5));
        assertThat(ingest.ingest(List.of(tx3.get(0).record(schemaId, null, null))).parked()).isOne();
        assertThat(links.site(s.siteCode).orElseThrow()).satisfies(link -> {
            assertThat(link.reportedBacklog()).isEqualTo(1);
            assertThat(link.lastReceivedAt()).isEqualTo(first.plus(Duration.ofMinutes(10)));
            assertThat(link.parkedEvents()).isOne();
            assertThat(link.waitingSince()).isEqualTo(clock.instant());
        });
    }

    @Test
    void malformedHeadersAreIgnoredAndTheBatchIsStillApplied() {
        Agent s = site("HONG");
        ingest.ingest(List.of(s.events(file("F", "HS-1", "Một")).get(0).record(schemaId, "7", SENT_AT)));

        clock.advance(Duration.ofMinutes(1));
        IngestReport garbled = ingest.ingest(List.of(
                s.events(file("F", "HS-2", "Hai")).get(0).record(schemaId, "nhiều", "hôm qua")));
        assertThat(garbled.applied()).isOne();
        assertThat(garbled.quarantinedSites()).isEmpty();
        assertThat(links.site(s.siteCode).orElseThrow()).satisfies(link -> {
            assertThat(link.reportedBacklog()).isEqualTo(7);
            assertThat(link.backlogReportedAt()).isEqualTo(Instant.parse(SENT_AT));
            assertThat(link.lastReceivedAt()).isEqualTo(clock.instant());
        });

        IngestReport negative = ingest.ingest(List.of(
                s.events(file("F", "HS-3", "Ba")).get(0).record(schemaId, "-3", "+999999999-12-31T23:59:59Z")));
        assertThat(negative.applied()).isOne();
        assertThat(links.site(s.siteCode).orElseThrow().reportedBacklog()).isEqualTo(7);

        // A good backlog with a bad send time is reported as of its receipt.
        clock.advance(Duration.ofMinutes(1));
        ingest.ingest(List.of(s.events(file("F", "HS-4", "Bốn")).get(0).record(schemaId, "3", "not a time")));
        assertThat(links.site(s.siteCode).orElseThrow()).satisfies(link -> {
            assertThat(link.reportedBacklog()).isEqualTo(3);
            assertThat(link.backlogReportedAt()).isEqualTo(clock.instant());
            assertThat(link.lastSequence()).isEqualTo(4);
        });
    }

    @Test
    void allListsQuarantinedSitesFirstWithTheirReasonAndCountsTheParkedEventsOfASiteWaitingOnAGap() {
        Agent ok = new Agent("CM.LINK.A.OK").enroll(jdbc);
        Agent waiting = new Agent("CM.LINK.B.WAIT").enroll(jdbc);
        Agent bad = new Agent("CM.LINK.Z.BAD").enroll(jdbc);
        Agent silent = new Agent("CM.LINK.C.SILENT").enroll(jdbc);

        // From a USB bundle: applied, but says nothing about the link.
        ingest.ingest(records(ok.events(file("F", "HS-1", "Một"), file("F", "HS-2", "Hai"))));
        ingest.ingest(records(waiting.events(file("F", "HS-1", "Một"))));
        waiting.events(file("F", "HS-2", "Hai"));
        ingest.ingest(records(waiting.events(file("F", "HS-3", "Ba"), file("F", "HS-4", "Bốn"))));
        ingest.ingest(records(bad.events(file("F", "HS-1", "Một"))));
        // Its own key signed another sequence 1: quarantined, and what follows is parked.
        ingest.ingest(List.of(bad.fork(1, file("F", "HS-1", "Một, bản khác")).record(schemaId)));
        ingest.ingest(records(bad.events(file("F", "HS-2", "Hai"))));
        ingest.ingest(records(bad.events(file("F", "HS-3", "Ba"))));

        List<SiteLink> shown = links.all().stream().filter(l -> l.siteCode().startsWith("CM.LINK.")).toList();

        assertThat(shown).extracting(SiteLink::siteCode)
                .containsExactly(bad.siteCode, ok.siteCode, waiting.siteCode, silent.siteCode);
        SiteLink quarantined = shown.get(0);
        assertThat(quarantined.quarantined()).isTrue();
        assertThat(quarantined.quarantineKind()).isEqualTo("FORK");
        assertThat(quarantined.quarantineDetail()).isNotBlank();
        assertThat(quarantined.quarantinedAt()).isEqualTo(clock.instant());
        assertThat(quarantined.lastSequence()).isOne();
        assertThat(quarantined.parkedEvents()).isEqualTo(2);
        assertThat(quarantined.waitingSince()).isNull();
        assertThat(shown.get(1)).satisfies(link -> {
            assertThat(link.quarantined()).isFalse();
            assertThat(link.quarantineKind()).isNull();
            assertThat(link.lastSequence()).isEqualTo(2);
            assertThat(link.lastAppliedAt()).isEqualTo(clock.instant());
            assertThat(link.lastReceivedAt()).isNull();
            assertThat(link.reportedBacklog()).isNull();
            assertThat(link.backlogReportedAt()).isNull();
            assertThat(link.parkedEvents()).isZero();
            assertThat(link.waitingSince()).isNull();
        });
        assertThat(shown.get(2)).satisfies(link -> {
            assertThat(link.lastSequence()).isOne();
            assertThat(link.parkedEvents()).isEqualTo(2);
            assertThat(link.waitingSince()).isEqualTo(clock.instant());
        });
        assertThat(shown.get(3)).isEqualTo(new SiteLink(silent.siteCode, "Văn phòng " + silent.siteCode, 0, null, null,
                null, null, false, null, null, null, null, 0, null));
        assertThat(links.site("CM.LINK.NONE")).isEmpty();
    }

    private List<InboundRecord> records(List<Agent.Event> events) {
        return events.stream().map(e -> e.record(schemaId)).toList();
    }

    private Agent site(String name) {
        return new Agent("CM.L" + SITES.incrementAndGet() + "." + name).enroll(jdbc);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
