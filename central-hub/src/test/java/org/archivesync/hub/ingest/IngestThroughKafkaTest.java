package org.archivesync.hub.ingest;

import static org.archivesync.hub.fixtures.Agent.appraised;
import static org.archivesync.hub.fixtures.Agent.destruction;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.archivesync.hub.fixtures.Agent.ref;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.testing.HubTestProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.avro.Schema;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.CatalogueFile;
import org.archivesync.avro.CustodyState;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.SiteCursor;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.sites.SiteRole;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.AvroWireDeserializer;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.archivesync.schemas.wire.WireFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole path through a real (embedded KRaft) broker: records produced to the offices' topics
 * ({@code archive.site-events.<siteCode>}, subscribed by pattern) land in the
 * catalogue, offsets are committed after the database, and the consolidated state flows out to the outbound topics in
 * the Confluent wire format against the hub's registry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(count = 1)
class IngestThroughKafkaTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final int PORT = freePort();
    private static final String EVENTS = "archive.site-events";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE, PORT);
        HubTestProperties.withEmbeddedBroker(registry);
        registry.add("archive-sync.hub.outbound.progress-interval", () -> "200ms");
    }

    @Autowired
    EmbeddedKafkaBroker broker;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SchemaRegistryClient registry;
    @Autowired
    SiteDirectory sites;

    private static KafkaProducer<String, byte[]> producer;

    @org.springframework.beans.factory.annotation.Autowired
    SiteLinks links;
    private int schemaId;

    @BeforeAll
    static void noProducerYet() {
        producer = null;
    }

    @AfterAll
    static void closeProducer() {
        if (producer != null) {
            producer.close();
        }
    }

    @BeforeEach
    void setUp() {
        schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
        if (producer == null) {
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
    }

    @Test
    void eventsThroughTheBrokerLandInTheCatalogueAndFlowToTheOutboundTopics() throws Exception {
        Agent office = new Agent("CM.K1.CAINUOC").enroll(jdbc);
        Agent forger = new Agent("CM.K1.GIAMAO").enroll(jdbc);
        String f = "K1.F";

        send(office.events(fonds(f), file(f, "HS-1", "Hồ sơ đất đai huyện Cái Nước"), file(f, "HS-2", "Sổ công văn"),
                appraised(f, "HS-2", AppraisalDecision.DESTROY)));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 4);
        assertThat(count("files WHERE fonds_code = 'K1.F'")).isEqualTo(2);

        // A site whose own key signed two histories is quarantined while the honest one's next transactions keep landing.
        List<Agent.Event> first = forger.events(file("K1.G", "HS-1", "Hồ sơ"));
        send(List.of(first.get(0), forger.fork(1, file("K1.G", "HS-1", "Hồ sơ khác"))));
        send(office.events(destruction("Nguyễn Văn An", "Trần Thị Bình", ref(f, "HS-2"))));
        send(office.events(file(f, "HS-3", "Hồ sơ xây dựng nông thôn mới")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 6);
        // The forger's topic is its own: consumed once the hub's metadata refresh found it, in its own time.
        await().atMost(30, TimeUnit.SECONDS).until(() -> jdbc.sql(
                "SELECT coalesce(bool_or(quarantined), false) FROM site_cursors WHERE site_code = 'CM.K1.GIAMAO'")
                .query(Boolean.class).single());
        // Its first event may have landed on its own before the fork came; the fork never does.
        assertThat(count("files WHERE fonds_code = 'K1.G' AND title = 'Hồ sơ khác'")).isZero();

        Map<String, List<CatalogueFile>> files = new HashMap<>();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            collect("archive.catalogue.files", files);
            assertThat(files.get("K1.F/HS-1")).isNotEmpty();
            assertThat(files.get("K1.F/HS-3")).isNotEmpty();
            List<CatalogueFile> hs2 = files.getOrDefault("K1.F/HS-2", List.of());
            assertThat(hs2).isNotEmpty();
            assertThat(hs2.get(hs2.size() - 1)).as("tombstone after destruction").isNull();
        });
        CatalogueFile hs1 = files.get("K1.F/HS-1").get(files.get("K1.F/HS-1").size() - 1);
        assertThat(hs1.getTitle()).isEqualTo("Hồ sơ đất đai huyện Cái Nước");
        assertThat(hs1.getSiteCode()).isEqualTo("CM.K1.CAINUOC");
        assertThat(hs1.getHoldingUnitCode()).isEqualTo("CM.CAINUOC");
        assertThat(hs1.getCustodyState()).isEqualTo(CustodyState.AT_SITE);
        assertThat(files.get("K1.F/HS-2").get(0).getAppraisal()).isEqualTo(AppraisalDecision.DESTROY);

        Map<String, List<SiteCursor>> cursors = new HashMap<>();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            collect("archive.site-cursors", cursors);
            List<SiteCursor> office1 = cursors.getOrDefault("CM.K1.CAINUOC", List.of());
            assertThat(office1).isNotEmpty();
            assertThat(office1.get(office1.size() - 1).getLastSequence()).isEqualTo(6);
            List<SiteCursor> forger1 = cursors.getOrDefault("CM.K1.GIAMAO", List.of());
            assertThat(forger1).isNotEmpty();
            assertThat(forger1.get(forger1.size() - 1).getQuarantined()).isTrue();
        });

        List<String> alerts = new ArrayList<>();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            alerts.clear();
            for (ConsumerRecord<String, byte[]> r : TopicContents.readAll(broker, "archive.alerts")) {
                if ("CM.K1.GIAMAO".equals(r.key())) {
                    alerts.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
            assertThat(alerts).anySatisfy(a -> assertThat(a).contains("\"kind\":\"FORK\"")
                    .contains("\"siteCode\":\"CM.K1.GIAMAO\"").contains("\"sequence\":1").contains("\"raisedAt\""));
        });
        await().atMost(10, TimeUnit.SECONDS).until(() -> count("outbox") == 0);
    }

    @Test
    void swappedWriterSchemaIsRefused() {
        Agent office = new Agent("CM.K8.NAMCAN").enroll(jdbc);
        String f = "K8.F";
        send(office.events(fonds(f), file(f, "HS-1", "Hồ sơ địa giới hành chính xã Tạ An Khương")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 2);
        String catalogueBefore = catalogue(f);

        // A second schema of the subject, compatible by Avro's rules, lists the decisions in another order.
        Schema swapped = new Schema.Parser().parse(SiteEvent.getClassSchema().toString()
                .replace("\"KEEP_AT_SUCCESSOR\",\"DESTROY\"", "\"DESTROY\",\"KEEP_AT_SUCCESSOR\""));
        int swappedId = registry.register(EVENTS + "-value", swapped);
        assertThat(swappedId).isNotEqualTo(schemaId);
        Agent.Event keep = office.events(appraised(f, "HS-1", AppraisalDecision.KEEP_AT_SUCCESSOR)).get(0);
        SiteEvent misread = AvroCodec.decode(ByteBuffer.wrap(keep.body()), swapped, SiteEvent.getClassSchema());
        assertThat(((FileAppraised) misread.getPayload()).getDecision()).as("the same signed bytes through the other schema")
                .isEqualTo(AppraisalDecision.DESTROY);

        // Whoever may write to the topic sends the office's signed bytes under the other schema's id.
        producer.send(keep.producerRecord(EVENTS, swappedId));
        producer.flush();

        // Refused as a bad signature: set aside, never applied, and no evidence against the office, which goes on.
        await().atMost(30, TimeUnit.SECONDS).until(() -> setAsideReasons(office).contains("BAD_SIGNATURE"));
        assertThat(quarantined(office)).isFalse();
        assertThat(cursor(office)).isEqualTo(2);
        assertThat(count("events WHERE site_code = 'CM.K8.NAMCAN'")).isEqualTo(2);
        assertThat(count("appraisals WHERE fonds_code = 'K8.F'")).isZero();
        assertThat(catalogue(f)).as("nothing changed in the catalogue").isEqualTo(catalogueBefore);
        assertThat(SchemaFingerprint.of(swapped)).isNotEqualTo(SchemaFingerprint.of(SiteEvent.getClassSchema()));
    }

    @Test
    void garbageKeyedAsAnOfficeIsSetAsideAndAlertedAndItsNextEventsLand() {
        Agent office = new Agent("CM.K4.TANHUNG").enroll(jdbc);
        send(office.events(fonds("K4.F"), file("K4.F", "HS-1", "Một")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 2);

        producer.send(new ProducerRecord<>(EVENTS + "." + office.siteCode, office.siteCode,
                new byte[] {0, 0, 0, 0, 1, 42, 42, 42}));
        send(office.events(file("K4.F", "HS-2", "Hai")));

        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 3);
        assertThat(quarantined(office)).isFalse();
        assertThat(setAsideReasons(office)).containsExactly("UNDECODABLE");
        assertThat(jdbc.sql("SELECT origin FROM set_aside_records WHERE site_code = :s").param("s", office.siteCode)
                .query(String.class).single()).matches(Pattern.quote(EVENTS + "." + office.siteCode) + "-\\d+@\\d+");
        assertThat(alertKinds(office)).containsExactly("UNVERIFIABLE_RECORDS");
        assertThat(count("files WHERE fonds_code = 'K4.F'")).isEqualTo(2);
    }

    @Test
    void skipBombOnAnOfficesTopicIsSetAsideAndTheOfficeKeepsFlowing() {
        Agent office = new Agent("CM.K10.DAMDOI").enroll(jdbc);
        send(office.events(fonds("K10.F"), file("K10.F", "HS-1", "Một")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 2);

        // A compatible writer schema with an extra array of nulls, and a record claiming two billion of them: the
        // decoder skips the field, and before its bound spent about 43 s of CPU per read, again at every restart.
        String json = SiteEvent.getClassSchema().toString();
        Schema padded = new Schema.Parser().parse(json.substring(0, json.length() - 2)
                + ",{\"name\":\"padding\",\"type\":{\"type\":\"array\",\"items\":\"null\"},\"default\":[]}]}");
        int paddedId = registry.register(EVENTS + "-value", padded);
        byte[] junk = new Agent(office.siteCode).events(file("K10.F", "HS-9", "Chín")).get(0).body();
        byte[] bomb = java.util.Arrays.copyOf(junk, junk.length + 6);
        // zigzag(2,000,000,000) = 4,000,000,000 as a varint (5 bytes), then an empty block (0).
        long n = 4_000_000_000L;
        for (int i = junk.length; i < junk.length + 5; i++) {
            bomb[i] = (byte) (i < junk.length + 4 ? (n & 0x7F) | 0x80 : n & 0x7F);
            n >>>= 7;
        }
        bomb[junk.length + 5] = 0;
        producer.send(new ProducerRecord<>(EVENTS + "." + office.siteCode, office.siteCode,
                WireFormat.frame(paddedId, bomb)));
        send(office.events(file("K10.F", "HS-2", "Hai")));

        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 3);
        assertThat(quarantined(office)).isFalse();
        assertThat(setAsideReasons(office)).containsExactly("UNDECODABLE");
        assertThat(jdbc.sql("SELECT detail FROM set_aside_records WHERE site_code = :s").param("s", office.siteCode)
                .query(String.class).single()).contains("2000000000");
    }

    @Test
    void envelopeOfAnotherSiteKeyedAsAnOfficeNeverQuarantinesIt() {
        Agent office = new Agent("CM.K9.CAINUOC").enroll(jdbc);
        Agent other = new Agent("CM.K9.KHAC").enroll(jdbc);
        List<Agent.Event> foreign = other.events(file("K9.G", "HS-1", "Hồ sơ"));

        send(List.of(foreign.get(0).keyedAs(office.siteCode)));
        send(office.events(fonds("K9.F"), file("K9.F", "HS-1", "Một")));

        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 2);
        assertThat(quarantined(office)).isFalse();
        assertThat(quarantined(other)).isFalse();
        assertThat(setAsideReasons(office)).containsExactly("WRONG_SITE");
        assertThat(count("files WHERE fonds_code = 'K9.G'")).isZero();
    }

    @Test
    void unsignedForkChainedFromAnOfficesPublishedCursorNeverQuarantinesItAndItsSignedEventsWin() {
        Agent office = new Agent("CM.K6.TANHUNG").enroll(jdbc);
        send(office.events(fonds("K6.F"), file("K6.F", "HS-1", "Một")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 2);
        // What another agent reads from archive.site-cursors is enough to chain an event to the office's history.
        Map<String, List<SiteCursor>> cursors = new HashMap<>();
        await().atMost(30, TimeUnit.SECONDS).untilAsserted(() -> {
            collect("archive.site-cursors", cursors);
            List<SiteCursor> published = cursors.getOrDefault(office.siteCode, List.of());
            assertThat(published).isNotEmpty();
            assertThat(published.get(published.size() - 1).getLastSequence()).isEqualTo(2);
            assertThat(published.get(published.size() - 1).getLastHash().bytes()).isEqualTo(office.hash(2));
        });
        Agent.Event forged = office.unsignedFork(3, file("K6.F", "HS-1", "Sửa trái phép"));
        Agent.Event rewritten = office.unsignedFork(2, file("K6.F", "HS-1", "Sửa trái phép"));

        send(List.of(forged, rewritten));
        send(office.events(file("K6.F", "HS-2", "Hai"), file("K6.F", "HS-3", "Ba")));

        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 4);
        assertThat(quarantined(office)).isFalse();
        assertThat(jdbc.sql("SELECT title FROM files WHERE fonds_code = 'K6.F' AND file_code = 'HS-1'")
                .query(String.class).single()).isEqualTo("Một");
        assertThat(setAsideReasons(office)).containsExactlyInAnyOrder("UNSIGNED_FORK", "LOST_TO_SIGNED");
        assertThat(count("parked_events WHERE site_code = 'CM.K6.TANHUNG'")).isZero();
    }

    @Test
    void forkSignedWithAnOfficesOwnKeyQuarantinesIt() {
        Agent office = new Agent("CM.K7.DAMDOI").enroll(jdbc);
        send(office.events(fonds("K7.F"), file("K7.F", "HS-1", "Một")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 2);

        send(List.of(office.fork(2, file("K7.F", "HS-1", "Một, bản khác"))));

        await().atMost(30, TimeUnit.SECONDS).until(() -> quarantined(office));
        assertThat(jdbc.sql("SELECT kind FROM quarantine WHERE site_code = :s").param("s", office.siteCode)
                .query(String.class).list()).containsExactly("FORK");
        assertThat(setAsideReasons(office)).isEmpty();
    }

    @Test
    void recordsPublishedTwiceAreAppliedOnce() {
        Agent office = new Agent("CM.K2.TRANVANTHOI").enroll(jdbc);
        List<Agent.Event> tx = office.events(fonds("K2.F"), file("K2.F", "HS-1", "Một"), file("K2.F", "HS-2", "Hai"));

        send(tx);
        send(tx);
        send(office.events(file("K2.F", "HS-3", "Ba")));

        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 4);
        assertThat(count("events WHERE site_code = 'CM.K2.TRANVANTHOI'")).isEqualTo(4);
        assertThat(jdbc.sql("SELECT count(DISTINCT sequence) FROM events WHERE site_code = 'CM.K2.TRANVANTHOI'")
                .query(Long.class).single()).isEqualTo(4);
        assertThat(count("files WHERE fonds_code = 'K2.F'")).isEqualTo(3);
    }

    @Test
    void topicsAreCreatedWithCompactionWhereTheContractSaysSo() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            Map<String, TopicDescription> topics = admin.describeTopics(Set.of("archive.catalogue.files",
                    "archive.site-cursors", "archive.site-progress", "archive.alerts")).allTopicNames().get();
            assertThat(topics.get("archive.catalogue.files").partitions()).hasSize(3);
            Map<ConfigResource, Config> configs = admin.describeConfigs(topics.keySet().stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList()).all().get();
            assertThat(policy(configs, "archive.catalogue.files")).isEqualTo("compact");
            assertThat(policy(configs, "archive.site-cursors")).isEqualTo("compact");
            assertThat(policy(configs, "archive.site-progress")).isEqualTo("compact");
            assertThat(policy(configs, "archive.alerts")).isEqualTo("delete");
        }
    }

    @Test
    void creatingASiteCreatesItsTopicWithOnePartitionKeptForever() throws Exception {
        sites.createSite("CM.K4.NAMCAN", "Văn phòng UBND huyện Năm Căn", null, SiteRole.DISTRICT_OFFICE);
        String topic = EVENTS + ".CM.K4.NAMCAN";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> admin.listTopics().names().get().contains(topic));
            assertThat(admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
            Config config = admin.describeConfigs(Set.of(new ConfigResource(ConfigResource.Type.TOPIC, topic))).all()
                    .get().get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
            assertThat(config.get("retention.ms").value()).isEqualTo("-1");
            assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(config.get("message.timestamp.type").value()).isEqualTo("LogAppendTime");
        }
    }

    @Test
    void anOfficeWhoseClockRunsTwoHoursAheadStillPublishesAndTheHubApplies() throws Exception {
        sites.createSite("CM.K4.DATMUI", "UBND xã Đất Mũi", null, SiteRole.COMMUNE);
        Agent office = new Agent("CM.K4.DATMUI").enrollKey(jdbc);
        String topic = EVENTS + ".CM.K4.DATMUI";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> admin.listTopics().names().get().contains(topic));
        }
        long officeClock = System.currentTimeMillis() + Duration.ofHours(2).toMillis();

        for (Agent.Event e : office.events(fonds("K4.DM"), file("K4.DM", "HS-1", "Sổ đăng ký đất"))) {
            ProducerRecord<String, byte[]> r = e.producerRecord(EVENTS, schemaId);
            // As the office's producer stamps it: its own clock, two hours ahead of the broker's.
            r.headers().add(SiteEventHeaders.SENT_AT, java.time.Instant.ofEpochMilli(officeClock).toString()
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>(r.topic(), null, officeClock, r.key(), r.value(), r.headers())).get(30,
                    TimeUnit.SECONDS);
        }

        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 2);
        // The clock error is measured against the broker's time, and alerted; the Sites page says it too.
        long skew = jdbc.sql("SELECT clock_skew_ms FROM site_links WHERE site_code = 'CM.K4.DATMUI'").query(Long.class)
                .single();
        assertThat(skew).isBetween(Duration.ofMinutes(119).toMillis(), Duration.ofMinutes(121).toMillis());
        assertThat(jdbc.sql("SELECT detail FROM alerts WHERE site_code = 'CM.K4.DATMUI' AND kind = 'CLOCK_SKEW'")
                .query(String.class).list()).singleElement().asString().contains("ahead by 1");
        assertThat(links.site("CM.K4.DATMUI").orElseThrow().clockSkewMinutes()).isBetween(119L, 120L);
        String page = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://localhost:" + PORT + "/sites")).header("Authorization",
                org.archivesync.hub.testing.TestOperators.authorization()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).containsPattern("Đồng hồ máy nhanh 1(19|20) phút");
        assertThat(TopicContents.readAll(broker, topic)).allSatisfy(r -> {
            assertThat(r.timestampType()).isEqualTo(org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME);
            assertThat(r.timestamp()).isLessThan(officeClock - Duration.ofHours(1).toMillis());
        });
    }

    @Test
    void anotherSitesSignedEventOnAnOfficesTopicIsThatOfficesNeverTheNamedSites() {
        Agent office = new Agent("CM.K5.CAINUOC").enroll(jdbc);
        Agent other = new Agent("CM.K5.PHUTAN").enroll(jdbc);
        send(office.events(fonds("K5.F"), file("K5.F", "HS-1", "Một")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 2);

        // The other office's credential can write only its own topic: it copies the office's next signed
        // transaction there, keyed and enveloped as the office.
        List<Agent.Event> next = office.events(file("K5.F", "HS-2", "Hai"));
        next.forEach(e -> producer.send(e.producerRecordOn(EVENTS + "." + other.siteCode, schemaId)));
        producer.flush();

        // Ingest handled it as the other office's (whatever it then does with a record naming another site)...
        await().atMost(30, TimeUnit.SECONDS).until(() -> count("alerts WHERE site_code = 'CM.K5.PHUTAN'") > 0);
        // ...and the office named by its key and envelope saw nothing of it.
        assertThat(cursor(office)).isEqualTo(2);
        assertThat(count("events WHERE site_code = 'CM.K5.CAINUOC'")).isEqualTo(2);
        assertThat(count("files WHERE fonds_code = 'K5.F'")).isEqualTo(1);
        assertThat(count("alerts WHERE site_code = 'CM.K5.CAINUOC'")).isZero();

        // The same transaction on the office's own topic is the office's.
        send(next);
        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 3);
        assertThat(count("files WHERE fonds_code = 'K5.F'")).isEqualTo(2);
    }

    @Test
    void readinessAndMetricsReflectIngest() throws Exception {
        Agent office = new Agent("CM.K3.DAMDOI").enroll(jdbc);
        send(office.events(fonds("K3.F"), file("K3.F", "HS-1", "Một")));
        await().atMost(30, TimeUnit.SECONDS).until(() -> cursor(office) == 2);

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> readiness = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + PORT + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/actuator/prometheus"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("archivesync_ingest_events_applied_total")
                    .contains("archivesync_ingest_batch_seconds_count")
                    .contains("archivesync_ingest_site_cursor{site=\"CM.K3.DAMDOI\"} 2.0")
                    .contains("archivesync_ingest_quarantined_sites").contains("archivesync_ingest_parked_events");
        });
    }

    private static String policy(Map<ConfigResource, Config> configs, String topic) {
        return configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).get("cleanup.policy").value();
    }

    private void send(List<Agent.Event> events) {
        for (Agent.Event e : events) {
            producer.send(e.producerRecord(EVENTS, schemaId));
        }
        producer.flush();
    }

    @SuppressWarnings("unchecked")
    private <T> void collect(String topic, Map<String, List<T>> into) {
        into.clear();
        try (AvroWireDeserializer deserializer = new AvroWireDeserializer(registry)) {
            for (ConsumerRecord<String, byte[]> r : TopicContents.readAll(broker, topic)) {
                into.computeIfAbsent(r.key(), k -> new ArrayList<>()).add((T) deserializer.deserialize(topic, r.value()));
            }
        }
    }

    /** Every catalogue row of a fonds, as text. */
    private String catalogue(String fonds) {
        return jdbc.sql("""
                SELECT coalesce(string_agg(t, '|' ORDER BY t), '') FROM (
                    SELECT row_to_json(f)::text AS t FROM files f WHERE fonds_code = :f
                    UNION ALL SELECT row_to_json(a)::text FROM appraisals a WHERE fonds_code = :f
                    UNION ALL SELECT row_to_json(d)::text FROM fonds d WHERE fonds_code = :f) rows""")
                .param("f", fonds).query(String.class).single();
    }

    private long cursor(Agent s) {
        return jdbc.sql("SELECT coalesce(max(last_sequence), 0) FROM site_cursors WHERE site_code = :s")
                .param("s", s.siteCode).query(Long.class).single();
    }

    private boolean quarantined(Agent s) {
        return jdbc.sql("SELECT count(*) FROM site_cursors WHERE site_code = :s AND quarantined").param("s", s.siteCode)
                .query(Long.class).single() > 0;
    }

    private List<String> setAsideReasons(Agent s) {
        return jdbc.sql("SELECT reason FROM set_aside_records WHERE site_code = :s ORDER BY id").param("s", s.siteCode)
                .query(String.class).list();
    }

    private List<String> alertKinds(Agent s) {
        return jdbc.sql("SELECT kind FROM alerts WHERE site_code = :s ORDER BY raised_at, kind").param("s", s.siteCode)
                .query(String.class).list();
    }

    private long count(String fromWhere) {
        return jdbc.sql("SELECT count(*) FROM " + fromWhere).query(Long.class).single();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
