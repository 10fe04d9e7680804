package org.archivesync.agent.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.testing.LocalApi;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.TestHub;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.ExtentReported;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.integrity.SiteKey;
import org.archivesync.schemas.integrity.SiteKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local REST API of a running agent whose link is down (publisher on, broker and registry unreachable): every
 * command, refusals as RFC 9457 problem details in Vietnamese or English, status, health and metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "archive-sync.agent.publisher.bootstrap-servers=localhost:1",
        "archive-sync.agent.publisher.schema-registry-url=http://127.0.0.1:1",
        "archive-sync.agent.publisher.max-block=300ms",
        "archive-sync.agent.publisher.delivery-timeout=2s",
        "archive-sync.agent.publisher.backoff-initial=200ms",
        "archive-sync.agent.publisher.backoff-max=1s",
        "archive-sync.agent.recording.clerk=someone.else",
        // Recorded as the API token's account: the configured clerk is only the CLI's default.
        "archive-sync.agent.api.token-account=can.bo.mac.dinh"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecordingApiTest {

    static final Path DB = TestPaths.database("rest-api");
    static final TestHub HUB = TestHub.start().site("CM.CAINUOC.UBND", "tok");

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("archive-sync.agent.store.path", DB::toString);
    }

    @AfterAll
    static void stopHub() {
        HUB.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    Enrollment enrollment;

    @Autowired
    Outbox outbox;

    @Autowired
    Environment environment;

    final HttpClient http = HttpClient.newHttpClient();
    final ObjectMapper json = JsonMapper.builder().build();

    record Answer(int status, String contentType, JsonNode body) {
    }

    Answer call(String method, String path, String body, String language) throws Exception {
        HttpRequest.Builder b = LocalApi.request(port, path)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", LocalApi.bearer(DB))
                .timeout(Duration.ofSeconds(20));
        if (language != null) {
            b.header("Accept-Language", language);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                r.body().isBlank() ? null : json.readTree(r.body()));
    }

    Answer post(String path, String body) throws Exception {
        return call("POST", path, body, null);
    }

    @Test
    @Order(1)
    void beforeEnrollmentEveryCommandIsRefusedWithConflict() throws Exception {
        Answer a = post("/api/fonds", """
                {"fondsCode":"F","name":"Phông","creatingBody":"UBND"}""");

        assertThat(a.status()).isEqualTo(409);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.body().path("reason").asString()).isEqualTo("identity.not-enrolled");
        assertThat(a.body().path("detail").asString()).contains("chưa được đăng ký");
        assertThat(call("GET", "/api/status", null, null).body().path("enrolled").asBoolean()).isFalse();
    }

    @Test
    @Order(2)
    void everyCommandIsRecordedThroughTheApi() throws Exception {
        SiteIdentity identity = enrollment.enroll(HUB.url(), "CM.CAINUOC.UBND", "tok", DB.resolveSibling("site-key.pk8"));

        assertThat(post("/api/fonds", """
                {"fondsCode":"PHONG.CN","name":"Phông UBND huyện Cái Nước","creatingBody":"UBND huyện Cái Nước",
                 "startDate":"1976-01-01","closed":false}""").status()).isEqualTo(201);
        assertThat(post("/api/storage-locations", """
                {"locationCode":"KHO-1","name":"Kho UBND","areaSquareMetres":44,"shelfCount":20,"capacityMetres":133.1}""")
                .status()).isEqualTo(201);
        assertThat(post("/api/extents", """
                {"fondsCode":"PHONG.CN","sortedMetres":1104,"unsortedMetres":2200,"readyToDigitizeMetres":133.1,
                 "asOf":"2025-06-01"}""").status()).isEqualTo(201);
        assertThat(post("/api/boxes", """
                {"boxCode":"H-1","fondsCode":"PHONG.CN","locationCode":"KHO-1","metres":0.1}""").status()).isEqualTo(201);
        assertThat(post("/api/fonds/PHONG.CN/boxes/H-1/seal", """
                {"sealNumber":"NP-0001"}""").status()).isEqualTo(201);
        assertThat(call("PUT", "/api/files", """
                {"fondsCode":"PHONG.CN","fileCode":"HS-1","boxCode":"H-1","title":"Hồ sơ cầu Cái Nước","sheetCount":12,
                 "retention":"FIXED_TERM","retentionYears":10,"accessRegime":"OPEN","keywords":["cầu"]}""", null).status())
                .isEqualTo(201);
        assertThat(call("PUT", "/api/files", """
                {"fondsCode":"PHONG.CN","fileCode":"HS-2","retention":"PERMANENT","accessRegime":"OPEN","title":"Nhầm"}""",
                null).status()).isEqualTo(201);
        assertThat(post("/api/files/withdrawals", """
                {"fondsCode":"PHONG.CN","fileCode":"HS-2","reason":"Ghi nhầm"}""").status()).isEqualTo(201);
        assertThat(post("/api/digital-objects", """
                {"fondsCode":"PHONG.CN","fileCode":"HS-1","objects":[{"objectKey":"scans/HS-1.pdf",
                 "sha256":"%s","sizeBytes":1000,"mediaType":"application/pdf","pageCount":12}]}""".formatted("ab".repeat(32)))
                .status()).isEqualTo(201);
        assertThat(post("/api/appraisals", """
                {"fondsCode":"PHONG.CN","fileCode":"HS-1","decision":"DESTROY","appraisedOn":"2025-06-02"}""").status())
                .isEqualTo(201);
        Answer destruction = post("/api/destructions", """
                {"decisionRef":"QĐ 1","firstApprover":"Nguyễn Văn A","secondApprover":"Trần Thị B","minutesNumber":"BB-1",
                 "files":[{"fondsCode":"PHONG.CN","fileCode":"HS-1"}],"metres":0.01,"destroyedOn":"2025-06-03"}""");
        assertThat(destruction.status()).isEqualTo(201);
        assertThat(destruction.body().path("id").asString()).hasSize(36);
        Answer received = post("/api/handovers/received", """
                {"handoverId":"5f0c7d4e-1b2a-4c3d-8e9f-0a1b2c3d4e5f","senderSiteCode":"CM.TVT.UBND","minutesNumber":"BB-9",
                 "receivedBoxes":[{"fondsCode":"PHONG.TVT","boxCode":"TVT-1"}],"receivedMetres":0.1,"receivedOn":"2025-06-04"}""");
        assertThat(received.status()).isEqualTo(201);
        Answer batch = post("/api/batch", """
                {"commands":[
                  {"type":"pack-box","command":{"boxCode":"H-2","fondsCode":"PHONG.CN","metres":0.1}},
                  {"type":"seal-box","command":{"boxCode":"H-2","fondsCode":"PHONG.CN","sealNumber":"NP-2"}},
                  {"type":"send-handover","command":{"receiverKind":"HISTORICAL_ARCHIVE","minutesNumber":"BB-10",
                    "boxes":[{"fondsCode":"PHONG.CN","boxCode":"H-2"}],"metres":0.1,"handedOverOn":"2025-06-05"}}]}""");
        assertThat(batch.status()).isEqualTo(201);
        assertThat(batch.body().path("count").asInt()).isEqualTo(3);
        assertThat(batch.body().path("lastSequence").asLong()).isEqualTo(15);
        Answer handover = post("/api/handovers", """
                {"receiverKind":"OTHER_BODY","minutesNumber":"BB-11","files":[],"boxes":[{"fondsCode":"PHONG.CN","boxCode":"H-1"}],"metres":0.1,
                 "handedOverOn":"2025-06-05"}""");
        assertThat(handover.status()).isEqualTo(201);
        assertThat(handover.body().path("lastSequence").asLong()).isEqualTo(16);
        assertThat(handover.body().path("keyId").asString()).isEqualTo(identity.keyId());

        assertThat(OutboxChecks.all(outbox)).hasSize(16).allSatisfy(r -> assertThat(OutboxChecks.decode(r).getRecordedBy())
                .isEqualTo("can.bo.mac.dinh"));
        SiteKey key = new SiteKey(identity.keyId(), "CM.CAINUOC.UBND", HUB.enrolledKeys().get(0));
        assertThat(new org.archivesync.schemas.integrity.ChainVerifier(id -> key).verify("CM.CAINUOC.UBND",
                org.archivesync.schemas.integrity.ChainPosition.start(), s -> null,
                OutboxChecks.all(outbox).stream().map(OutboxChecks::chainEvent).toList()).verifiedThrough()).isEqualTo(16);
        assertThat(identity.keyId()).isEqualTo(SiteKeys.keyId(HUB.enrolledKeys().get(0)));
    }

    @Test
    @Order(3)
    void aRefusalIsAProblemDetailNamingTheFieldAndReasonInTheRequestedLanguage() throws Exception {
        long before = outbox.status().lastRecordedSequence();

        Answer vi = call("POST", "/api/fonds/PHONG.CN/boxes/H-404/seal", """
                {"sealNumber":"NP-9"}""", null);
        Answer en = call("POST", "/api/fonds/PHONG.CN/boxes/H-404/seal", """
                {"sealNumber":"NP-9"}""", "en");

        assertThat(vi.status()).isEqualTo(422);
        assertThat(vi.contentType()).startsWith("application/problem+json");
        assertThat(vi.body().path("title").asString()).isEqualTo("Lệnh bị từ chối");
        assertThat(vi.body().path("field").asString()).isEqualTo("boxCode");
        assertThat(vi.body().path("reason").asString()).isEqualTo("box.not-packed");
        assertThat(vi.body().path("detail").asString()).contains("H-404", "chưa được đóng hộp");
        assertThat(en.body().path("title").asString()).isEqualTo("Command refused");
        assertThat(en.body().path("detail").asString()).contains("H-404", "has not been packed");
        assertThat(outbox.status().lastRecordedSequence()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void aRefusedBatchNamesTheCommandAndRecordsNothing() throws Exception {
        long before = outbox.status().lastRecordedSequence();
        Answer a = post("/api/batch", """
                {"commands":[
                  {"type":"pack-box","command":{"boxCode":"H-3","fondsCode":"PHONG.CN","metres":0.1}},
                  {"type":"record-destruction","command":{"decisionRef":"QĐ","firstApprover":"An","secondApprover":" an ",
                    "minutesNumber":"BB","files":[{"fondsCode":"PHONG.CN","fileCode":"HS-1"}],"metres":0.1,
                    "destroyedOn":"2025-06-01"}}]}""");

        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().path("reason").asString()).isEqualTo("destruction.same-approver");
        assertThat(a.body().path("field").asString()).isEqualTo("secondApprover");
        assertThat(a.body().path("commandIndex").asInt()).isEqualTo(1);
        assertThat(outbox.status().lastRecordedSequence()).isEqualTo(before);

        Answer unknown = post("/api/batch", """
                {"commands":[{"type":"burn-box","command":{}}]}""");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().path("detail").asString()).contains("burn-box", "pack-box");
    }

    @Test
    @Order(5)
    void statusHealthAndMetricsShowTheBacklogOfAnOfflineAgent() throws Exception {
        JsonNode status = call("GET", "/api/status", null, null).body();
        assertThat(status.path("siteCode").asString()).isEqualTo("CM.CAINUOC.UBND");
        assertThat(status.path("lastRecordedSequence").asLong()).isEqualTo(16);
        assertThat(status.path("lastPublishedSequence").asLong()).isZero();
        assertThat(status.path("backlog").asLong()).isEqualTo(16);
        assertThat(status.path("oldestBacklogAgeSeconds").isNumber()).isTrue();
        // The registry and the hub apart from the broker: neither heard from in this test.
        assertThat(status.path("link").path("hubHeardAt").asString(null)).isNull();
        assertThat(status.path("link").path("hubSilent").asBoolean()).isTrue();
        assertThat(status.path("link").path("lines")).hasSize(2);

        JsonNode health = call("GET", "/actuator/health", null, null).body();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("publisher").path("details").path("backlog").asLong()).isEqualTo(16);

        JsonNode backlog = call("GET", "/actuator/metrics/archivesync.agent.outbox.backlog", null, null).body();
        assertThat(backlog.path("measurements").get(0).path("value").asDouble()).isEqualTo(16.0);
        assertThat(call("GET", "/actuator/metrics/archivesync.agent.outbox.backlog.age", null, null).status()).isEqualTo(200);
        assertThat(call("GET", "/actuator/metrics/archivesync.agent.publish.events", null, null).status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void theApiListensOnLoopbackOnly() throws IOException {
        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        if (external.isPresent()) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external.get(), port), 2000);
                }
            }).isInstanceOf(ConnectException.class);
        }
    }

    @Test
    @Order(7)
    void filesTakeTheirNumbersAndDatePrecisionsAndExtentsTheirLocationAsJson() throws Exception {
        assertThat(post("/api/storage-locations", """
                {"locationCode":"KHO-XA","name":"Kho các xã"}""").status()).isEqualTo(201);
        assertThat(call("PUT", "/api/files", """
                {"fondsCode":"PHONG.CN","fileCode":"PHONG.CN.2003.01.TH","fileNumber":"1","reference":"01.TH",
                 "listNumber":"2","series":"I. TỔNG HỢP","placeUnitCode":"31234","title":"Hồ sơ năm 2003",
                 "startDate":"2003-01-01","startPrecision":"YEAR","endDate":"2003-06-01","endPrecision":"MONTH",
                 "retention":"LEGACY_TEMPORARY","accessRegime":"OPEN"}""", null).status()).isEqualTo(201);
        FileRecorded file = (FileRecorded) last().getPayload();
        assertThat(post("/api/extents", """
                {"fondsCode":"PHONG.CN","locationCode":"KHO-XA","sortedMetres":2200,"packedMetres":1500,
                 "sealedMetres":1000,"packedBoxes":15000,"sealedBoxes":10000,"unsortedMetres":362.5,
                 "readyToDigitizeMetres":0,"asOf":"2025-06-01"}""").status()).isEqualTo(201);
        ExtentReported extents = (ExtentReported) last().getPayload();
        Answer wrongDay = call("PUT", "/api/files", """
                {"fondsCode":"PHONG.CN","fileCode":"HS-X","startDate":"2003-06-15","startPrecision":"MONTH",
                 "retention":"PERMANENT","accessRegime":"OPEN"}""", "en");

        assertThat(file.getFileNumber()).isEqualTo("1");
        assertThat(file.getReference()).isEqualTo("01.TH");
        assertThat(file.getSeries()).isEqualTo("I. TỔNG HỢP");
        assertThat(file.getStartPrecision()).isEqualTo(DatePrecision.YEAR);
        assertThat(file.getEndPrecision()).isEqualTo(DatePrecision.MONTH);
        assertThat(file.getRetention()).isEqualTo(RetentionKind.LEGACY_TEMPORARY);
        assertThat(extents.getLocationCode()).isEqualTo("KHO-XA");
        assertThat(extents.getPackedMetres()).isEqualByComparingTo("1500");
        assertThat(extents.getSealedBoxes()).isEqualTo(10000);
        assertThat(wrongDay.status()).isEqualTo(422);
        assertThat(wrongDay.body().path("reason").asString()).isEqualTo("field.date-precision");
        assertThat(wrongDay.body().path("field").asString()).isEqualTo("startDate");
    }

    @Test
    @Order(8)
    void aForkedStoreRefusesEveryCommandWithConflictNamingBothSequencesAndStatusShowsIt() throws Exception {
        long last = outbox.status().lastRecordedSequence();
        // The hub holds more of this site than the store: restored from an older backup.
        outbox.saveHubCursor(last + 3, new byte[32], false, System.currentTimeMillis());
        try {
            Answer a = post("/api/storage-locations", """
                    {"locationCode":"KHO-MOI","name":"Kho mới"}""");
            assertThat(a.status()).isEqualTo(409);
            assertThat(a.body().path("reason").asString()).isEqualTo("fork.behind");
            assertThat(a.body().path("fork").asString()).isEqualTo("BEHIND");
            assertThat(a.body().path("hubSequence").asLong()).isEqualTo(last + 3);
            assertThat(a.body().path("localSequence").asLong()).isEqualTo(last);
            assertThat(a.body().path("detail").asString()).startsWith("KHÔNG GHI NHẬN").contains("rebase --from-hub");
            Answer english = call("POST", "/api/storage-locations", """
                    {"locationCode":"KHO-MOI","name":"Kho mới"}""", "en");
            assertThat(english.body().path("title").asString()).isEqualTo("Chain forked from the hub: not recorded");
            assertThat(english.body().path("detail").asString()).startsWith("NOT RECORDED").contains("BEHIND");
            assertThat(outbox.status().lastRecordedSequence()).isEqualTo(last);

            JsonNode fork = call("GET", "/api/status", null, "en").body().path("fork");
            assertThat(fork.path("kind").asString()).isEqualTo("BEHIND");
            assertThat(fork.path("hubSequence").asLong()).isEqualTo(last + 3);
            assertThat(fork.path("message").asString()).contains("rebase --from-hub");
        } finally {
            outbox.saveHubCursor(last, outbox.hashAt(last), false, System.currentTimeMillis());
        }
    }

    SiteEvent last() {
        List<OutboxEntry> rows = OutboxChecks.all(outbox);
        return OutboxChecks.decode(rows.get(rows.size() - 1));
    }
}
