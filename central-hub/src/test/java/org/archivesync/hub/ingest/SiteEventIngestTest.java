package org.archivesync.hub.ingest;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.box;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.digitized;
import static org.archivesync.hub.fixtures.Agent.extent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.handover;
import static org.archivesync.hub.fixtures.Agent.permanentFile;
import static org.archivesync.hub.fixtures.Agent.received;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.archivesync.hub.fixtures.Agent.secretStub;
import static org.archivesync.hub.fixtures.Agent.store;
import static org.archivesync.hub.fixtures.Agent.withdrawn;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.archivesync.hub.search.SearchIndexing;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.SecretLevel;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.TestClock;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.WireFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The ingest transaction against a real PostgreSQL and the hub's own schema registry endpoint, records handed to it
 * as the Kafka listener would (the broker path is {@link IngestThroughKafkaTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SiteEventIngestTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final AtomicInteger SITES = new AtomicInteger();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        // Batches are handed in directly; the outbox is checked in the database.
        HubTestProperties.withoutKafka(registry);
        registry.add("archive-sync.hub.ingest.gap-grace", () -> "5m");
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
    JdbcClient jdbc;
    @Autowired
    SchemaRegistryClient registry;
    @Autowired
    TestClock clock;
    @Autowired
    ApplicationContext context;

    private int schemaId;

    @BeforeEach
    void registerSchema() {
        schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
    }

    @Test
    void everyPayloadTypeLandsInTheCatalogue() {
        Agent sender = site("GUI");
        Agent receiver = site("NHAN");
        String f = sender.siteCode + ".F";
        UUID handoverId = UUID.randomUUID();

        IngestReport first = ingest(sender.events(fonds(f), store("KHO-1"), extent(f), box("H1", f, true),
                file(f, "HS-1", "Hồ sơ giải quyết tranh chấp đất đai huyện Cái Nước"),
                file(f, "HS-2", "Tập báo cáo tổng kết năm 2019"), secretStub(f, "HS-MAT"),
                appraised(f, "HS-1", AppraisalDecision.TRANSFER_TO_HISTORICAL), digitized(f, "HS-1"),
                handover(handoverId, receiver.siteCode, List.of(), ref(f, "HS-1"))));

        assertThat(first.applied()).isEqualTo(10);
        assertThat(first.quarantinedSites()).isEmpty();
        assertThat(count("fonds WHERE fonds_code = '" + f + "'")).isOne();
        assertThat(count("storage_locations WHERE site_code = '" + sender.siteCode + "'")).isOne();
        assertThat(count("extents WHERE site_code = '" + sender.siteCode + "'")).isOne();
        assertThat(text("SELECT state || ':' || seal_number FROM boxes WHERE site_code = '" + sender.siteCode + "'"))
                .isEqualTo("SEALED:NP-H1");
        assertThat(count("files WHERE fonds_code = '" + f + "'")).isEqualTo(3);
        assertThat(text("SELECT decision FROM appraisals WHERE fonds_code = '" + f + "'")).isEqualTo("TRANSFER_TO_HISTORICAL");
        assertThat(count("digital_objects WHERE fonds_code = '" + f + "'")).isOne();
        assertThat(custody(f, "HS-1")).isEqualTo("IN_TRANSIT");
        assertThat(text("SELECT status FROM handovers WHERE handover_id = '" + handoverId + "'")).isEqualTo("IN_TRANSIT");

        ingest(receiver.events(received(handoverId, sender.siteCode, List.of(), null, ref(f, "HS-1"))));
        assertThat(text("SELECT status FROM handovers WHERE handover_id = '" + handoverId + "'")).isEqualTo("RECEIVED");
        assertThat(custody(f, "HS-1")).isEqualTo("RECEIVED");
        assertThat(text("SELECT holding_unit_code FROM files WHERE fonds_code = '" + f + "' AND file_code = 'HS-1'"))
                .isEqualTo("CM.XA.TANHUNG");

        ingest(sender.events(withdrawn(f, "HS-2")));
        assertThat(custody(f, "HS-2")).isEqualTo("WITHDRAWN");
        assertThat(count("events WHERE site_code = '" + sender.siteCode + "'")).isEqualTo(11);
        // The sender's files go out through one range row per batch; the file the receiver's event moved, by itself.
        assertThat(count("outbox WHERE kind = 'CATALOGUE_RANGE' AND message_key = '" + sender.siteCode + "'")).isEqualTo(2);
        assertThat(count("outbox WHERE kind = 'CATALOGUE_FILE' AND message_key = '" + f + "/HS-1'")).isOne();
        assertThat(count("outbox WHERE kind = 'SITE_CURSOR' AND message_key = '" + receiver.siteCode + "'")).isOne();
    }

    @Test
    void searchIgnoresDiacriticsAndLeavesOutWithdrawnAndSecretFiles() {
        Agent s = site("TIM");
        String f = s.siteCode + ".F";
        ingest(s.events(file(f, "HS-1", "Hồ sơ xây dựng nông thôn mới xã Tạ An Khương"),
                file(f, "HS-2", "Hồ sơ xây dựng trường học xã Tạ An Khương"), secretStub(f, "HS-3"), withdrawn(f, "HS-2")));

        // Found at once, before the indexer ran: the rows not indexed yet are searched directly.
        assertThat(SearchIndexing.fileCodes(context, "TA AN KHUONG", 10)).containsExactly("HS-1");
        assertThat(SearchIndexing.fileCodes(context, "nong thon moi xa ta an", 10)).containsExactly("HS-1");
    }

    @Test
    void textOutsideTheBasicPlaneIsStoredAsSent() {
        Agent s = site("KYTU");
        String f = s.siteCode + ".F";
        FileRecorded file = file(f, "HS-1", "Hồ sơ 📁 𝔸𝔹 — “trích yếu”");
        file.setKeywords(List.of("𠀀 chữ Nôm", "đất đai"));
        ingest(s.events(file));

        assertThat(text("SELECT title FROM files WHERE fonds_code = '" + f + "'")).isEqualTo("Hồ sơ 📁 𝔸𝔹 — “trích yếu”");
        assertThat(text("SELECT array_to_string(keywords, '|') FROM files WHERE fonds_code = '" + f + "'"))
                .isEqualTo("𠀀 chữ Nôm|đất đai");
    }

    @Test
    void redeliveredBatchIsAppliedOnce() {
        Agent s = site("LAP");
        String f = s.siteCode + ".F";
        List<Agent.Event> batch = s.events(fonds(f), file(f, "HS-1", "Hồ sơ một"), file(f, "HS-2", "Hồ sơ hai"));

        IngestReport first = ingest(batch);
        IngestReport again = ingest(batch);

        assertThat(first.applied()).isEqualTo(3);
        assertThat(again.applied()).isZero();
        assertThat(again.redelivered()).isEqualTo(3);
        assertThat(count("events WHERE site_code = '" + s.siteCode + "'")).isEqualTo(3);
        assertThat(count("files WHERE fonds_code = '" + f + "'")).isEqualTo(2);
        assertThat(count("quarantine WHERE site_code = '" + s.siteCode + "'")).isZero();
    }

    @Test
    void forgedSignatureIsSetAsideAndTheSiteGoesOn() {
        Agent s = site("GIA");
        List<Agent.Event> tx = s.events(file(s.siteCode + ".F", "HS-1", "Hồ sơ"));

        IngestReport forged = ingest(List.of(tx.get(0).forged()));
        IngestReport real = ingest(tx);

        assertThat(forged.quarantinedSites()).isEmpty();
        assertThat(setAsideReasons(s)).containsExactly("BAD_SIGNATURE");
        assertThat(alertKinds(s)).containsExactly("UNVERIFIABLE_RECORDS");
        assertThat(real.applied()).isOne();
        assertThat(cursor(s)).isOne();
        assertThat(quarantineKinds(s)).isEmpty();
    }

    @Test
    void forkQuarantinesOnlyItsSite() {
        Agent bad = site("RE");
        String f = bad.siteCode + ".F";
        ingest(bad.events(file(f, "HS-1", "Hồ sơ một"), file(f, "HS-2", "Hồ sơ hai")));
        quarantinesOnlyTheBadSite(bad, List.of(bad.fork(2, file(f, "HS-2", "Hồ sơ đã sửa"))), "FORK");
        assertThat(text("SELECT title FROM files WHERE fonds_code = '" + f + "' AND file_code = 'HS-2'")).isEqualTo("Hồ sơ hai");
    }

    @Test
    void eventSignedWithAnotherSitesKeyIsSetAsideAndTheSiteGoesOn() {
        Agent s = site("MUON");
        Agent lender = site("CHO");
        List<Agent.Event> tx = s.events(file(s.siteCode + ".F", "HS-1", "Hồ sơ"));

        IngestReport borrowed = ingest(List.of(tx.get(0).signedBy(lender.keys().getPrivate(), lender.keyId())));
        ingest(tx);

        assertThat(borrowed.quarantinedSites()).isEmpty();
        assertThat(setAsideReasons(s)).containsExactly("KEY_OF_ANOTHER_SITE");
        assertThat(cursor(s)).isOne();
        assertThat(quarantineKinds(s)).isEmpty();
        assertThat(quarantineKinds(lender)).isEmpty();
    }

    @Test
    void signedForkWithTheSitesOwnKeyStillQuarantinesIt() {
        Agent bad = site("KY");
        String f = bad.siteCode + ".F";
        ingest(bad.events(file(f, "HS-1", "Hồ sơ một")));
        quarantinesOnlyTheBadSite(bad, List.of(bad.fork(1, file(f, "HS-1", "Hồ sơ đã sửa"))), "FORK");
        assertThat(text("SELECT encode(event_signature, 'hex') FROM quarantine WHERE site_code = '" + bad.siteCode + "'"))
                .as("the signed evidence is recorded").isNotNull();
    }

    @Test
    void unsignedForkChainedFromThePublishedCursorLosesToTheSitesSignedEvents() {
        Agent s = site("GIATAO");
        String f = s.siteCode + ".F";
        ingest(s.events(file(f, "HS-1", "Hồ sơ một")));
        // Anyone who reads archive.site-cursors can chain an event to sequence 1, and rewrite sequence 1 itself.
        Agent.Event atApplied = s.unsignedFork(1, file(f, "HS-1", "Hồ sơ giả"));
        List<Agent.Event> real = s.events(file(f, "HS-2", "Hồ sơ hai"), file(f, "HS-3", "Hồ sơ ba"));
        Agent.Event rival = s.unsignedFork(2, file(f, "HS-2", "Hồ sơ giả"));

        IngestReport forged = ingest(List.of(atApplied, rival, real.get(0)));
        assertThat(forged.quarantinedSites()).isEmpty();
        assertThat(cursor(s)).as("two unsigned candidates for sequence 2 wait").isOne();
        IngestReport signed = ingest(real.subList(1, 2));

        assertThat(signed.quarantinedSites()).isEmpty();
        assertThat(cursor(s)).isEqualTo(3);
        assertThat(text("SELECT title FROM files WHERE fonds_code = '" + f + "' AND file_code = 'HS-2'")).isEqualTo("Hồ sơ hai");
        assertThat(text("SELECT title FROM files WHERE fonds_code = '" + f + "' AND file_code = 'HS-1'")).isEqualTo("Hồ sơ một");
        assertThat(setAsideReasons(s)).containsExactlyInAnyOrder("UNSIGNED_FORK", "LOST_TO_SIGNED");
        assertThat(count("parked_events WHERE site_code = '" + s.siteCode + "'")).isZero();
        assertThat(quarantineKinds(s)).isEmpty();
        assertThat(alertKinds(s)).containsExactly("UNVERIFIABLE_RECORDS");
    }

    @Test
    void envelopeOfAnotherSiteKeyedAsTheOfficeIsSetAside() {
        Agent office = site("VAN");
        Agent other = site("KHAC");
        List<Agent.Event> foreign = other.events(file(other.siteCode + ".F", "HS-1", "Hồ sơ"));

        IngestReport report = ingest(List.of(foreign.get(0).keyedAs(office.siteCode)));
        ingest(office.events(file(office.siteCode + ".F", "HS-1", "Hồ sơ")));

        assertThat(report.quarantinedSites()).isEmpty();
        assertThat(setAsideReasons(office)).containsExactly("WRONG_SITE");
        assertThat(cursor(office)).isOne();
        assertThat(quarantineKinds(office)).isEmpty();
        assertThat(quarantineKinds(other)).isEmpty();
    }

    @Test
    void aFloodOfSetAsideRecordsRaisesOneAlertPerIntervalWithACount() {
        Agent s = site("LUT");
        for (int i = 0; i < 5; i++) {
            ingest.ingest(List.of(new InboundRecord(s.siteCode, WireFormat.frame(schemaId, new byte[] {9, (byte) i}), null,
                    null, "test-2@" + i)));
        }
        assertThat(alertKinds(s)).containsExactly("UNVERIFIABLE_RECORDS");
        assertThat(count("set_aside_records WHERE site_code = '" + s.siteCode + "'")).isEqualTo(5);

        clock.advance(Duration.ofHours(2));
        ingest.ingest(List.of(new InboundRecord(s.siteCode, WireFormat.frame(schemaId, new byte[] {9, 9}), null, null,
                "test-2@9")));

        assertThat(alertKinds(s)).containsExactly("UNVERIFIABLE_RECORDS", "UNVERIFIABLE_RECORDS");
        assertThat(text("SELECT detail FROM alerts WHERE site_code = '" + s.siteCode + "' ORDER BY raised_at DESC LIMIT 1"))
                .startsWith("5 unverifiable records keyed as office " + s.siteCode);
    }

    @Test
    void brokenChainQuarantinesOnlyItsSite() {
        Agent bad = site("DUT");
        String f = bad.siteCode + ".F";
        ingest(bad.events(file(f, "HS-1", "Hồ sơ một")));
        quarantinesOnlyTheBadSite(bad, List.of(bad.brokenChain(file(f, "HS-2", "Hồ sơ hai"))), "BROKEN_CHAIN");
    }

    @Test
    void undecodableBytesAreSetAsideAndTheirSitesNextEventsLand() {
        Agent office = site("HONG");
        Agent good = site("TOT");
        List<InboundRecord> batch = new ArrayList<>(records(good.events(file(good.siteCode + ".F", "HS-1", "Hồ sơ"))));
        batch.add(new InboundRecord(office.siteCode, WireFormat.frame(schemaId, new byte[] {1, 2, 3}), null, null, "test-1@7"));
        batch.addAll(records(office.events(file(office.siteCode + ".F", "HS-1", "Hồ sơ"))));

        IngestReport report = ingest.ingest(batch);

        assertThat(report.quarantinedSites()).isEmpty();
        assertThat(quarantineKinds(office)).isEmpty();
        assertThat(count("files WHERE site_code = '" + good.siteCode + "'")).isOne();
        assertThat(count("files WHERE site_code = '" + office.siteCode + "'")).as("the records after it land").isOne();
        assertThat(setAsideReasons(office)).containsExactly("UNDECODABLE");
        assertThat(text("SELECT origin FROM set_aside_records WHERE site_code = '" + office.siteCode + "'")).isEqualTo("test-1@7");
        assertThat(alertKinds(office)).containsExactly("UNVERIFIABLE_RECORDS");
        assertThat(text("SELECT detail FROM alerts WHERE site_code = '" + office.siteCode + "'"))
                .contains("keyed as office " + office.siteCode);
    }

    @Test
    void recordOverTheMaximumSizeIsRefusedBeforeDecoding() {
        Agent big = site("LON");
        Agent good = site("TOT");
        // A signed, well-formed event, but 1.2 MB of keywords: over max-record-size (1MB by default).
        FileRecorded huge = file(big.siteCode + ".F", "HS-1", "Hồ sơ");
        huge.setKeywords(java.util.stream.IntStream.range(0, 3000).mapToObj(i -> i + " " + "từ khóa ".repeat(50)).toList());
        List<InboundRecord> batch = new ArrayList<>(records(good.events(file(good.siteCode + ".F", "HS-1", "Hồ sơ"))));
        batch.addAll(records(big.events(huge)));
        assertThat(batch.get(1).value().length).isGreaterThan(1 << 20);

        IngestReport report = ingest.ingest(batch);

        // Set aside unread, like any record that does not decode: no evidence against the site, which is not stopped.
        assertThat(report.quarantinedSites()).isEmpty();
        assertThat(setAsideReasons(big)).containsExactly("UNDECODABLE");
        assertThat(text("SELECT detail FROM set_aside_records WHERE site_code = '" + big.siteCode + "'"))
                .contains("exceeds max-record-size 1048576 bytes");
        assertThat(count("files WHERE site_code = '" + big.siteCode + "'")).isZero();
        assertThat(count("files WHERE site_code = '" + good.siteCode + "'")).isOne();
    }

    @Test
    void secretFileWithATitleQuarantinesItsSiteAndIsNeverStored() {
        Agent bad = site("MAT");
        String f = bad.siteCode + ".F";
        FileRecorded leak = secretStub(f, "HS-MAT");
        leak.setTitle("Kế hoạch tác chiến khu vực biên giới");
        List<Agent.Event> tx = bad.events(file(f, "HS-1", "Hồ sơ công khai"), leak);

        quarantinesOnlyTheBadSite(bad, tx, "SECRET_CONTENT");

        assertThat(count("files WHERE fonds_code = '" + f + "' AND file_code = 'HS-1'")).isOne();
        assertThat(count("files WHERE fonds_code = '" + f + "' AND file_code = 'HS-MAT'")).isZero();
        assertThat(text("SELECT withheld FROM events WHERE site_code = '" + bad.siteCode + "' AND sequence = 2"))
                .isEqualTo("SECRET_CONTENT");
        assertThat(count("events WHERE site_code = '" + bad.siteCode + "' AND sequence = 2 AND body IS NOT NULL")).isZero();
        // Nothing of it anywhere: no event body, no parked body, no text.
        assertThat(count("parked_events WHERE site_code = '" + bad.siteCode + "' AND body IS NOT NULL AND sequence = 2")).isZero();
        assertThat(count("alerts WHERE detail LIKE '%tác chiến%'")).isZero();
    }

    @Test
    void secretFileWithATitleWaitingForItsSignatureIsParkedByHashOnly() {
        Agent bad = site("MAT2");
        String f = bad.siteCode + ".F";
        FileRecorded leak = secretStub(f, "HS-MAT");
        leak.setKeywords(List.of("biên giới"));
        List<Agent.Event> tx = bad.events(leak, file(f, "HS-1", "Hồ sơ"));

        IngestReport report = ingest(tx.subList(0, 1));

        assertThat(report.quarantinedSites()).containsExactly(bad.siteCode);
        assertThat(text("SELECT withheld FROM parked_events WHERE site_code = '" + bad.siteCode + "'")).isEqualTo("SECRET_CONTENT");
        assertThat(count("parked_events WHERE site_code = '" + bad.siteCode + "' AND body IS NOT NULL")).isZero();

        // The operator releases it; once its signed successor arrives the chain passes over the withheld event.
        ingest.release(bad.siteCode, false, "qtv.tinh");
        IngestReport after = ingest(tx.subList(1, 2));
        assertThat(after.applied()).isOne();
        assertThat(cursor(bad)).isEqualTo(2);
        assertThat(text("SELECT withheld FROM events WHERE site_code = '" + bad.siteCode + "' AND sequence = 1"))
                .isEqualTo("SECRET_CONTENT");
    }

    @Test
    void afterAReBaseAReleaseDroppingTheForkedChainAppliesTheReIssuedWorkInsteadOfQuarantiningAgain() {
        Agent office = site("RENHANH");
        String f = office.siteCode + ".F";
        ingest(office.events(fonds(f), file(f, "HS-1", "Hồ sơ một"), file(f, "HS-2", "Hồ sơ hai")));
        Agent clone = office.branch();
        ingest(office.events(file(f, "HS-GOC-4", "Máy gốc")));
        // The cloned PC, online at the same time, sends its own 4..6 signed with the site's key: a fork at 4.
        IngestReport forked = ingest(clone.events(file(f, "HS-SAO-4", "Máy sao"), file(f, "HS-SAO-5", "Máy sao"),
                file(f, "HS-SAO-6", "Máy sao")));
        assertThat(forked.quarantinedSites()).containsExactly(office.siteCode);
        // The office keeps one PC and re-bases it: its 4..6 re-issued as 5..7 after the hub's 4, parked meanwhile.
        List<Agent.Event> reissued = office.events(file(f, "HS-SAO-4", "Máy sao"),
                file(f, "HS-SAO-5", "Máy sao"), file(f, "HS-SAO-6", "Máy sao"));
        ingest(reissued);

        IngestReport plain = ingest.release(office.siteCode, true, "qtv.tinh");
        assertThat(plain.quarantinedSites()).as("the abandoned chain's parked 5..6 quarantine it again")
                .containsExactly(office.siteCode);
        assertThat(cursor(office)).isEqualTo(4);

        IngestReport released = ingest.release(office.siteCode, true, true, "qtv.tinh");
        assertThat(released.quarantinedSites()).isEmpty();
        assertThat(cursor(office)).isEqualTo(7);
        assertThat(count("parked_events WHERE site_code = '" + office.siteCode + "'")).isZero();
        assertThat(jdbc.sql("SELECT file_code FROM files WHERE site_code = :s ORDER BY file_code")
                .param("s", office.siteCode).query(String.class).list())
                .containsExactly("HS-1", "HS-2", "HS-GOC-4", "HS-SAO-4", "HS-SAO-5", "HS-SAO-6");
        assertThat(jdbc.sql("SELECT encode(hash, 'hex') FROM events WHERE site_code = :s AND sequence = 7")
                .param("s", office.siteCode).query(String.class).single())
                .isEqualTo(java.util.HexFormat.of().formatHex(office.hash(7)));
        assertThat(jdbc.sql("SELECT detail FROM alerts WHERE site_code = :s AND kind = 'SITE_RELEASED'")
                .param("s", office.siteCode).query(String.class).list()).as("audited: who, how many, which sequences")
                .anySatisfy(d -> assertThat(d).contains("released by qtv.tinh",
                        "2 parked events of a forked chain dropped (sequences 5-6)"));
    }

    @Test
    void gapThenLateArrivalIsParkedThenAppliedInOrder() {
        Agent s = site("TRE");
        String f = s.siteCode + ".F";
        List<Agent.Event> tx1 = s.events(file(f, "HS-1", "Bản đầu"), file(f, "HS-2", "Hồ sơ hai"));
        List<Agent.Event> tx2 = s.events(file(f, "HS-1", "Bản sửa"));
        List<Agent.Event> tx3 = s.events(file(f, "HS-3", "Hồ sơ ba"));

        IngestReport early = ingest(tx2);
        assertThat(early.parked()).isOne();
        assertThat(ingest(tx3).parked()).isOne();
        assertThat(cursor(s)).isZero();
        assertThat(alertKinds(s)).isEmpty();

        clock.advance(Duration.ofMinutes(6));
        assertThat(ingest.alertOverdueWaits()).isGreaterThanOrEqualTo(1);
        assertThat(alertKinds(s)).containsExactly("GAP");

        IngestReport late = ingest(tx1);
        assertThat(late.applied()).isEqualTo(4);
        assertThat(cursor(s)).isEqualTo(4);
        assertThat(count("parked_events WHERE site_code = '" + s.siteCode + "'")).isZero();
        assertThat(text("SELECT title FROM files WHERE fonds_code = '" + f + "' AND file_code = 'HS-1'")).isEqualTo("Bản sửa");
        assertThat(text("SELECT waiting_since::text FROM site_cursors WHERE site_code = '" + s.siteCode + "'")).isNull();
    }

    @Test
    void handoverReceivedBeforeItWasSentCompletesWithDiscrepancies() {
        Agent sender = site("GIAO");
        Agent receiver = site("XA");
        String f = sender.siteCode + ".F";
        UUID id = UUID.randomUUID();
        ingest(sender.events(box("H7", f, true), file(f, "HS-1", "Một"), file(f, "HS-2", "Hai")));

        // The receiver's side arrives first (the sender's office was offline); then the sender's.
        ingest(receiver.events(received(id, sender.siteCode, List.of(f + "/H7"), "thiếu hồ sơ HS-2", ref(f, "HS-1"))));
        assertThat(text("SELECT status FROM handovers WHERE handover_id = '" + id + "'")).isEqualTo("RECEIPT_ONLY");
        assertThat(custody(f, "HS-1")).isEqualTo("AT_SITE");
        ingest(sender.events(handover(id, receiver.siteCode, List.of(f + "/H7"), ref(f, "HS-1"), ref(f, "HS-2"))));

        assertThat(text("SELECT status FROM handovers WHERE handover_id = '" + id + "'"))
                .isEqualTo("RECEIVED_WITH_DISCREPANCIES");
        assertThat(custody(f, "HS-1")).isEqualTo("RECEIVED_WITH_DISCREPANCIES");
        assertThat(custody(f, "HS-2")).isEqualTo("RECEIVED_WITH_DISCREPANCIES");
        assertThat(text("SELECT custody_state FROM boxes WHERE site_code = '" + sender.siteCode + "' AND box_code = 'H7'"))
                .isEqualTo("RECEIVED_WITH_DISCREPANCIES");
        assertThat(count("handover_items WHERE handover_id = '" + id + "' AND sent AND NOT received")).isOne();
    }

    @Test
    void twoFondsOfOneOfficeEachKeepTheirOwnBoxH001() {
        // Every fonds numbers its boxes from H001: one office records fonds A's H001 and fonds B's H001.
        Agent office = site("HAIPHONG");
        Agent receiver = site("NHANHOP");
        String a = office.siteCode + ".A";
        String b = office.siteCode + ".B";
        ingest(office.events(fonds(a), fonds(b), box("H001", a, true), inBox(file(a, "HS-1", "Một"), "H001"),
                box("H001", b, false), inBox(file(b, "HS-1", "Hai"), "H001"), inBox(file(b, "HS-2", "Ba"), "H001")));

        assertThat(jdbc.sql("SELECT fonds_code, box_code, state FROM boxes WHERE site_code = :s ORDER BY fonds_code")
                .param("s", office.siteCode).query((rs, n) -> rs.getString(1) + "/" + rs.getString(2) + ":"
                        + rs.getString(3)).list())
                .containsExactly(a + "/H001:SEALED", b + "/H001:PACKED");
        assertThat(jdbc.sql("SELECT fonds_code || '/' || file_code || ':' || box_code FROM files WHERE site_code = :s"
                + " ORDER BY 1").param("s", office.siteCode).query(String.class).list())
                .containsExactly(a + "/HS-1:H001", b + "/HS-1:H001", b + "/HS-2:H001");
        assertThat(count("refused_events WHERE site_code = '" + office.siteCode + "'")).isZero();
        assertThat(alertKinds(office)).isEmpty();

        // Recording fonds A's H001 again changes that box only.
        ingest(office.events(box("H001", a, false)));
        assertThat(text("SELECT state FROM boxes WHERE fonds_code = '" + b + "' AND box_code = 'H001'"))
                .isEqualTo("PACKED");
        assertThat(count("boxes WHERE site_code = '" + office.siteCode + "'")).isEqualTo(2);

        // Handing over fonds B's H001 moves fonds B's files, never fonds A's file in its own H001.
        UUID id = UUID.randomUUID();
        ingest(office.events(handover(id, receiver.siteCode, List.of(b + "/H001"))));
        assertThat(custody(b, "HS-1")).isEqualTo("IN_TRANSIT");
        assertThat(custody(b, "HS-2")).isEqualTo("IN_TRANSIT");
        assertThat(custody(a, "HS-1")).isEqualTo("AT_SITE");
        assertThat(text("SELECT custody_state FROM boxes WHERE fonds_code = '" + a + "' AND box_code = 'H001'"))
                .isEqualTo("AT_SITE");
        assertThat(text("SELECT fonds_code || ':' || item_key FROM handover_items WHERE handover_id = '" + id + "'"))
                .isEqualTo(b + ":H001");
        ingest(receiver.events(received(id, office.siteCode, List.of(b + "/H001"), null)));
        assertThat(custody(b, "HS-2")).isEqualTo("RECEIVED");
        assertThat(custody(a, "HS-1")).isEqualTo("AT_SITE");
    }

    @Test
    void anotherOfficeCannotRecordOrHandOverABoxOfAFondsItDoesNotHold() {
        Agent holder = site("GIUPHONG");
        Agent other = site("KHACPHONG");
        String f = holder.siteCode + ".F";
        ingest(holder.events(fonds(f), box("H001", f, true), inBox(file(f, "HS-1", "Một"), "H001")));

        ingest(other.events(box("H001", f, false)));
        ingest(other.events(handover(UUID.randomUUID(), holder.siteCode, List.of(f + "/H001"))));

        assertThat(text("SELECT state || ':' || site_code FROM boxes WHERE fonds_code = '" + f + "' AND box_code = 'H001'"))
                .isEqualTo("SEALED:" + holder.siteCode);
        assertThat(custody(f, "HS-1")).isEqualTo("AT_SITE");
        assertThat(jdbc.sql("SELECT reason || ' ' || record FROM refused_events WHERE site_code = :s ORDER BY sequence")
                .param("s", other.siteCode).query(String.class).list())
                .containsExactly("FONDS_HELD_ELSEWHERE box " + f + "/H001", "FONDS_HELD_ELSEWHERE box " + f + "/H001");
    }

    private static FileRecorded inBox(FileRecorded file, String box) {
        file.setBoxCode(box);
        return file;
    }

    @Test
    void scansOfAStateSecretFileQuarantineTheSite() {
        Agent s = site("QUET");
        String f = s.siteCode + ".F";
        ingest(s.events(secretStub(f, "HS-MAT")));

        IngestReport report = ingest(s.events(digitized(f, "HS-MAT")));

        assertThat(report.quarantinedSites()).containsExactly(s.siteCode);
        assertThat(quarantineKinds(s)).containsExactly("SECRET_CONTENT");
        assertThat(count("digital_objects WHERE fonds_code = '" + f + "'")).isZero();
        assertThat(count("events WHERE site_code = '" + s.siteCode + "' AND body IS NULL")).isOne();
    }

    @Test
    void searchIndexerCatchesUpAndFindsTheSameFiles() {
        Agent s = site("CHIMUC");
        String f = s.siteCode + ".F";
        ingest(s.events(file(f, "HS-1", "Hồ sơ phòng chống lụt bão xã Khánh Bình Tây"),
                file(f, "HS-2", "Hồ sơ phòng chống lụt bão thị trấn Sông Đốc")));
        List<String> before = SearchIndexing.fileCodes(context, "phong chong lut bao", 50);

        SearchIndexing.indexAll(context);

        assertThat(count("file_search WHERE fonds_code = '" + f + "'")).isEqualTo(2);
        assertThat(SearchIndexing.fileCodes(context, "phong chong lut bao", 50)).isEqualTo(before)
                .contains("HS-1", "HS-2");
        assertThat(SearchIndexing.fileCodes(context, "SONG DOC", 50)).contains("HS-2").doesNotContain("HS-1");
    }

    @Test
    void unsignedTailWaitsForItsSignedEvent() {
        Agent s = site("DUOI");
        String f = s.siteCode + ".F";
        List<Agent.Event> tx = s.events(file(f, "HS-1", "Một"), file(f, "HS-2", "Hai"), file(f, "HS-3", "Ba"));

        assertThat(ingest(tx.subList(0, 2)).applied()).isZero();
        assertThat(ingest(tx.subList(2, 3)).applied()).isEqualTo(3);
        assertThat(cursor(s)).isEqualTo(3);
    }

    @Test
    void releaseAfterRepairAppliesTheParkedEvents() throws Exception {
        Agent s = site("SUA");
        String f = s.siteCode + ".F";
        ingest(s.events(file(f, "HS-1", "Một")));
        List<Agent.Event> tx2 = s.events(file(f, "HS-2", "Hai"));
        List<Agent.Event> tx3 = s.events(file(f, "HS-3", "Ba"));
        // The office's own key signed another sequence 2 too (an agent restored from an old backup): quarantined.
        Agent.Event signedFork = s.fork(2, file(f, "HS-2", "Hai, bản khác"));
        ingest(List.of(tx2.get(0), signedFork));
        ingest(tx3);
        assertThat(cursor(s)).isOne();
        assertThat(count("parked_events WHERE site_code = '" + s.siteCode + "'")).isEqualTo(3);

        HttpResponse<String> release = post("/api/sites/" + s.siteCode + "/release?discardRejected=true");

        assertThat(release.statusCode()).isEqualTo(200);
        assertThat(cursor(s)).isEqualTo(3);
        assertThat(count("files WHERE fonds_code = '" + f + "'")).isEqualTo(3);
        assertThat(count("parked_events WHERE site_code = '" + s.siteCode + "'")).isZero();
        assertThat(text("SELECT quarantined::text FROM site_cursors WHERE site_code = '" + s.siteCode + "'")).isEqualTo("false");
        assertThat(text("SELECT released_by FROM quarantine WHERE site_code = '" + s.siteCode + "'"))
                .as("the signed-in operator").isEqualTo(TestOperators.USERNAME);
        assertThat(alertKinds(s)).containsExactly("FORK", "SITE_RELEASED");
        assertThat(count("files WHERE fonds_code = '" + f + "' AND title = 'Hai, bản khác'")).isZero();
    }

    @Test
    void releasingASiteThatIsNotQuarantinedIsAConflict() throws Exception {
        Agent s = site("YEN");
        ingest(s.events(fonds(s.siteCode + ".F")));

        HttpResponse<String> conflict = post("/api/sites/" + s.siteCode + "/release");
        HttpResponse<String> unknown = post("/api/sites/CM.KHONG.CO/release");

        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(conflict.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
        assertThat(conflict.body()).contains("NOT_QUARANTINED");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void destructionLeavesTombstonesAndKeepsTheFiles() {
        Agent s = site("HUY");
        String f = s.siteCode + ".F";
        ingest(s.events(file(f, "HS-1", "Sổ công văn đi 2010"), file(f, "HS-2", "Sổ công văn đến 2010"),
                appraised(f, "HS-1", AppraisalDecision.DESTROY), appraised(f, "HS-2", AppraisalDecision.DESTROY)));

        ingest(s.events(destruction("Nguyễn Văn An", "Trần Thị Bình", ref(f, "HS-1"), ref(f, "HS-2"))));

        assertThat(custody(f, "HS-1")).isEqualTo("DESTROYED");
        assertThat(custody(f, "HS-2")).isEqualTo("DESTROYED");
        assertThat(count("tombstones WHERE fonds_code = '" + f + "'")).isEqualTo(2);
        assertThat(text("SELECT decision_ref || ' ' || minutes_number FROM tombstones WHERE fonds_code = '" + f
                + "' AND file_code = 'HS-1'")).isEqualTo("QĐ 99/QĐ-UBND BB-HUY-01");
        assertThat(count("destructions WHERE site_code = '" + s.siteCode + "' AND status = 'APPLIED'")).isOne();
    }

    @Test
    void destructionOfAPermanentOrUnappraisedFileIsRefusedWithAnAlert() {
        Agent s = site("CAM");
        String f = s.siteCode + ".F";
        ingest(s.events(permanentFile(f, "HS-VV", "Nghị quyết HĐND"), appraised(f, "HS-VV", AppraisalDecision.DESTROY),
                file(f, "HS-2", "Sổ theo dõi")));

        IngestReport report = ingest(s.events(destruction("Nguyễn Văn An", "Trần Thị Bình", ref(f, "HS-VV"), ref(f, "HS-2"))));
        ingest(s.events(destruction("Lê Văn Cường", " lê văn cường", ref(f, "HS-2"))));

        assertThat(report.quarantinedSites()).isEmpty();
        assertThat(custody(f, "HS-VV")).isEqualTo("AT_SITE");
        assertThat(custody(f, "HS-2")).isEqualTo("AT_SITE");
        assertThat(count("tombstones WHERE fonds_code = '" + f + "'")).isZero();
        assertThat(count("destructions WHERE site_code = '" + s.siteCode + "' AND status = 'REFUSED'")).isEqualTo(2);
        assertThat(alertKinds(s)).containsExactly("DESTRUCTION_REFUSED", "DESTRUCTION_REFUSED");
        assertThat(text("SELECT detail FROM alerts WHERE site_code = '" + s.siteCode + "' AND sequence = 4"))
                .contains(f + "/HS-VV is kept permanently").contains(f + "/HS-2 is not appraised DESTROY");
        assertThat(cursor(s)).isEqualTo(5);
    }

    @Test
    void fixedTermWithoutYearsIsRecordedButNotApplied() {
        Agent s = site("SAI");
        String f = s.siteCode + ".F";
        FileRecorded noYears = file(f, "HS-1", "Hồ sơ");
        noYears.setRetentionYears(null);
        FileRecorded notSecretWithLevel = file(f, "HS-2", "Hồ sơ hai");
        notSecretWithLevel.setAccessRegime(AccessRegime.RESTRICTED);
        notSecretWithLevel.setSecretLevel(SecretLevel.CONFIDENTIAL);

        IngestReport report = ingest(s.events(noYears, notSecretWithLevel));

        assertThat(report.applied()).isEqualTo(2);
        assertThat(count("files WHERE fonds_code = '" + f + "'")).isOne();
        assertThat(text("SELECT coalesce(secret_level, 'none') FROM files WHERE fonds_code = '" + f + "'")).isEqualTo("none");
        assertThat(alertKinds(s)).containsExactly("EVENT_REJECTED");
        assertThat(cursor(s)).isEqualTo(2);
    }

    @Test
    void aConstraintTheRulesDidNotForeseeQuarantinesOnlyTheSiteThatBreaksIt() {
        Agent bad = site("LOI");
        Agent good = site("DUNG");
        // Stands for any constraint the catalogue rules do not check before writing.
        jdbc.sql("ALTER TABLE files ADD CONSTRAINT not_foreseen CHECK (title IS DISTINCT FROM 'POISON')").update();
        try {
            List<InboundRecord> batch = new ArrayList<>(records(good.events(file(good.siteCode + ".F", "HS-1", "Một"))));
            batch.addAll(records(bad.events(file(bad.siteCode + ".F", "HS-1", "POISON"))));

            IngestReport report = ingest.ingest(batch);

            assertThat(report.quarantinedSites()).containsExactly(bad.siteCode);
            assertThat(quarantineKinds(bad)).containsExactly("APPLY_FAILED");
            assertThat(text("SELECT detail FROM quarantine WHERE site_code = '" + bad.siteCode + "'"))
                    .contains("SQLSTATE 23514").doesNotContain("POISON");
            assertThat(count("files WHERE site_code = '" + good.siteCode + "'")).isOne();
            assertThat(count("parked_events WHERE site_code = '" + bad.siteCode + "'")).isOne();
        } finally {
            jdbc.sql("ALTER TABLE files DROP CONSTRAINT not_foreseen").update();
        }
    }

    @Test
    void recordsOfAnUnknownSiteAreDroppedWithOneAlert() {
        Agent stranger = new Agent("CM.LA." + SITES.incrementAndGet());
        List<Agent.Event> tx = stranger.events(fonds("X"));

        ingest(tx);
        ingest(tx);

        assertThat(alertKinds(stranger)).containsExactly("UNKNOWN_SITE");
        assertThat(count("events WHERE site_code = '" + stranger.siteCode + "'")).isZero();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * The bad site's events and a good site's arrive in one batch: the good site's land, the bad site is quarantined;
     * in the next batch, the good site goes on while the bad site's later events are parked.
     */
    private void quarantinesOnlyTheBadSite(Agent bad, List<Agent.Event> badEvents, String kind) {
        Agent good = site("TOT");
        String g = good.siteCode + ".F";
        List<InboundRecord> batch = new ArrayList<>(records(good.events(file(g, "HS-1", "Hồ sơ một"))));
        batch.addAll(records(badEvents));

        IngestReport report = ingest.ingest(batch);

        assertThat(report.quarantinedSites()).containsExactly(bad.siteCode);
        assertThat(quarantineKinds(bad)).containsExactly(kind);
        assertThat(alertKinds(bad)).containsExactly(kind);
        assertThat(text("SELECT quarantined::text FROM site_cursors WHERE site_code = '" + bad.siteCode + "'")).isEqualTo("true");
        assertThat(count("outbox WHERE kind = 'ALERT' AND message_key = '" + bad.siteCode + "'")).isOne();
        long badCursor = cursor(bad);

        List<InboundRecord> next = new ArrayList<>(records(good.events(file(g, "HS-2", "Hồ sơ hai"))));
        List<Agent.Event> badLater = bad.events(file(bad.siteCode + ".F", "HS-9", "Hồ sơ sau"));
        next.addAll(records(badLater));
        IngestReport later = ingest.ingest(next);

        assertThat(later.applied()).isOne();
        assertThat(count("files WHERE fonds_code = '" + g + "'")).isEqualTo(2);
        assertThat(cursor(bad)).isEqualTo(badCursor);
        assertThat(count("parked_events WHERE site_code = '" + bad.siteCode + "' AND sequence = "
                + badLater.get(0).sequence())).isOne();
    }

    private IngestReport ingest(List<Agent.Event> events) {
        return ingest.ingest(records(events));
    }

    private List<InboundRecord> records(List<Agent.Event> events) {
        return events.stream().map(e -> e.record(schemaId)).toList();
    }

    private Agent site(String name) {
        return new Agent("CM.T" + SITES.incrementAndGet() + "." + name).enroll(jdbc);
    }

    private long count(String fromWhere) {
        return jdbc.sql("SELECT count(*) FROM " + fromWhere).query(Long.class).single();
    }

    private String text(String sql) {
        return jdbc.sql(sql).query(String.class).optional().orElse(null);
    }

    private String custody(String fonds, String file) {
        return text("SELECT custody_state FROM files WHERE fonds_code = '" + fonds + "' AND file_code = '" + file + "'");
    }

    private long cursor(Agent s) {
        return jdbc.sql("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = :s")
                .param("s", s.siteCode).query(Long.class).single();
    }

    private List<String> alertKinds(Agent s) {
        return jdbc.sql("SELECT kind FROM alerts WHERE site_code = :s ORDER BY raised_at, kind").param("s", s.siteCode)
                .query(String.class).list();
    }

    private List<String> setAsideReasons(Agent s) {
        return jdbc.sql("SELECT reason FROM set_aside_records WHERE site_code = :s ORDER BY id").param("s", s.siteCode)
                .query(String.class).list();
    }

    private List<String> quarantineKinds(Agent s) {
        return jdbc.sql("SELECT kind FROM quarantine WHERE site_code = :s ORDER BY id").param("s", s.siteCode)
                .query(String.class).list();
    }

    private static HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
                .header("Authorization", TestOperators.authorization()).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
