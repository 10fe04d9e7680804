package org.archivesync.agent.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.LocalApi;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.TestHub;
import org.archivesync.agent.testing.TestPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may use the agent's local API, through the real HTTP server of a running agent with a real SQLite store: no
 * credentials, a foreign Origin, a rebinding Host and a cross-site multipart import are refused and record nothing;
 * a local account and the API token record, and the event carries the authenticated account, whatever
 * {@code X-Archive-Clerk} says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "archive-sync.agent.publisher.enabled=false",
        "archive-sync.agent.recording.clerk=can.bo.mac.dinh"})
class LocalApiSecurityTest {

    static final Path DB = TestPaths.database("local-api-security");
    static final TestHub HUB = TestHub.start().site("CM.CAINUOC.UBND", "tok");
    static final String CLERK_PASSWORD = "mat-khau-du-dai-1";
    static final String HEAD_PASSWORD = "mat-khau-du-dai-2";

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
    AgentStore store;

    final HttpClient http = HttpClient.newHttpClient();

    record Answer(int status, String contentType, JsonNode body, HttpResponse<String> raw) {
    }

    @BeforeEach
    void enrolledWithAccounts() {
        if (enrollment.enrolled().isEmpty()) {
            enrollment.enroll(HUB.url(), "CM.CAINUOC.UBND", "tok", DB.resolveSibling("site-key.pk8"));
            LocalAccounts accounts = new LocalAccounts(store, Clock.systemUTC());
            accounts.add("nguyen.van.a", LocalAccounts.Role.CLERK, CLERK_PASSWORD);
            accounts.add("tran.thi.b", LocalAccounts.Role.OFFICE_HEAD, HEAD_PASSWORD);
            accounts.add("le.van.c", LocalAccounts.Role.CLERK, "mat-khau-du-dai-3");
            accounts.setEnabled("le.van.c", false);
        }
    }

    Answer send(HttpRequest.Builder b) throws Exception {
        HttpResponse<String> r = http.send(b.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        String type = r.headers().firstValue("Content-Type").orElse("");
        return new Answer(r.statusCode(), type, type.contains("json") && !r.body().isBlank()
                ? JsonMapper.builder().build().readTree(r.body()) : null, r);
    }

    HttpRequest.Builder fonds(String code, String... headers) {
        HttpRequest.Builder b = LocalApi.request(port, "/api/fonds")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"fondsCode":"%s","name":"Phông UBND","creatingBody":"UBND"}""".formatted(code)))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    int recorded() {
        return OutboxChecks.all(outbox).size();
    }

    String lastClerk() {
        List<org.archivesync.agent.outbox.OutboxEntry> rows = OutboxChecks.all(outbox);
        return OutboxChecks.decode(rows.get(rows.size() - 1)).getRecordedBy().toString();
    }

    @Test
    void aRequestWithoutCredentialsIsRefusedWith401AndRecordsNothing() throws Exception {
        int before = recorded();

        Answer a = send(fonds("F.ANON"));

        assertThat(a.status()).isEqualTo(401);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.body().path("reason").asString()).isEqualTo("web.unauthenticated");
        assertThat(a.body().path("detail").asString()).contains("HTTP basic", "Bearer");
        assertThat(a.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Basic realm=\"archive-sync-agent\""));
        for (String path : new String[] {"/api/status", "/actuator/health", "/actuator/metrics"}) {
            assertThat(send(LocalApi.request(port, path)).status())
                    .as(path).isEqualTo(401);
        }
        assertThat(send(fonds("F.BAD", "Authorization", LocalApi.basic("nguyen.van.a", "wrong-password!!"))).status())
                .isEqualTo(401);
        assertThat(send(fonds("F.BAD", "Authorization", "Bearer " + "A".repeat(43))).status()).isEqualTo(401);
        assertThat(send(fonds("F.BAD", "Authorization", LocalApi.basic("le.van.c", "mat-khau-du-dai-3"))).status())
                .as("a disabled account").isEqualTo(401);
        assertThat(recorded()).isEqualTo(before);
    }

    @Test
    void aLocalAccountRecordsUnderItsOwnNameWhateverTheClerkHeaderSays() throws Exception {
        Answer a = send(fonds("F.CLERK", "Authorization", LocalApi.basic("NGUYEN.VAN.A", CLERK_PASSWORD)));

        assertThat(a.status()).isEqualTo(201);
        assertThat(lastClerk()).isEqualTo("nguyen.van.a");

        int before = recorded();
        Answer spoofed = send(fonds("F.SPOOF", "Authorization", LocalApi.basic("nguyen.van.a", CLERK_PASSWORD),
                "X-Archive-Clerk", "truong.phong"));
        assertThat(spoofed.status()).isEqualTo(400);
        assertThat(spoofed.body().path("reason").asString()).isEqualTo("web.clerk-header-refused");
        assertThat(recorded()).isEqualTo(before);
        assertThat(lastClerk()).isEqualTo("nguyen.van.a");
    }

    @Test
    void theApiTokenRecordsAsTheLocalAdministrator() throws Exception {
        String token = LocalApi.token(DB);
        assertThat(Base64.getUrlDecoder().decode(token)).hasSizeGreaterThanOrEqualTo(16);
        assertThat(Files.getPosixFilePermissions(DB.resolveSibling("api-token")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        assertThat(send(fonds("F.TOKEN", "Authorization", "Bearer " + token)).status()).isEqualTo(201);

        assertThat(lastClerk()).isEqualTo("local-admin");
    }

    @Test
    void aForeignOriginIsRefusedWith403EvenWithValidCredentials() throws Exception {
        int before = recorded();
        for (String origin : new String[] {"http://evil.example", "null", "http://127.0.0.1:" + (port + 1),
                "https://127.0.0.1:" + port, "http://localhost.evil.example:" + port}) {
            Answer a = send(fonds("F.ORIGIN", "Authorization", LocalApi.basic("nguyen.van.a", CLERK_PASSWORD),
                    "Origin", origin));
            assertThat(a.status()).as(origin).isEqualTo(403);
            assertThat(a.body().path("reason").asString()).isEqualTo("web.origin-refused");
        }
        assertThat(recorded()).isEqualTo(before);
        // The agent's own origin is fine (a page served by the agent itself, later).
        assertThat(send(fonds("F.OWN", "Authorization", LocalApi.basic("nguyen.van.a", CLERK_PASSWORD),
                "Origin", "http://127.0.0.1:" + port)).status()).isEqualTo(201);
    }

    @Test
    void aRebindingHostIsRefusedBeforeAuthentication() throws Exception {
        int before = recorded();
        for (String host : new String[] {"evil.example:" + port, "evil.example", "127.0.0.1:" + (port + 1),
                "127.0.0.1"}) {
            Answer a = rawPost(host, LocalApi.bearer(DB));
            assertThat(a.status()).as(host).isEqualTo(421);
            assertThat(a.body().path("reason").asString()).isEqualTo("web.host-refused");
            assertThat(a.body().path("detail").asString()).contains("127.0.0.1");
        }
        assertThat(recorded()).isEqualTo(before);
        assertThat(rawPost("localhost:" + port, LocalApi.bearer(DB)).status()).isEqualTo(201);
    }

    /**
     * {@code POST /api/fonds} with the given {@code Host} over a plain socket (the JDK client will not set Host): what a
     * browser sends after an attacker's name was re-pointed at 127.0.0.1.
     */
    Answer rawPost(String host, String authorization) throws Exception {
        byte[] body = ("{\"fondsCode\":\"F.HOST." + Math.abs(host.hashCode())
                + "\",\"name\":\"Phông\",\"creatingBody\":\"UBND\"}").getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/fonds HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: " + authorization
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = Integer.parseInt(response.substring(9, 12));
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            String rest = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                rest = rest.substring(rest.indexOf("\r\n") + 2, rest.lastIndexOf("}") + 1);
            }
            return new Answer(status, head, rest.isBlank() ? null : JsonMapper.builder().build().readTree(rest), null);
        }
    }

    @Test
    void aCrossSiteMultipartImportIsRefusedAndRecordsNothing() throws Exception {
        int before = recorded();
        String boundary = "----x" + UUID.randomUUID();
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n"
                + "Mã hồ sơ,Tiêu đề,Thời hạn bảo quản\r\nHS-X,Hồ sơ giả,Vĩnh viễn\r\n--" + boundary + "--\r\n";
        for (String[] crossSite : new String[][] {{"Origin", "http://evil.example"},
                {"Sec-Fetch-Site", "cross-site"}}) {
            // A browser holding the clerk's basic credentials for the agent would add them to the form post.
            Answer a = send(LocalApi.request(port, "/api/imports?dryRun=false&fonds=F.CLERK")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Authorization", LocalApi.basic("nguyen.van.a", CLERK_PASSWORD))
                    .header(crossSite[0], crossSite[1]));
            assertThat(a.status()).as(crossSite[0]).isEqualTo(403);
        }
        assertThat(recorded()).isEqualTo(before);
    }

    @Test
    void aClerkCannotRecordADestructionButTheOfficeHeadCan() throws Exception {
        String destruction = """
                {"decisionRef":"QĐ-1","firstApprover":"A","secondApprover":"B","minutesNumber":"BB-1",
                 "files":[{"fondsCode":"F.CLERK","fileCode":"HS-NONE"}],"metres":0.1,"destroyedOn":"2025-06-01"}""";
        int before = recorded();
        Answer clerk = send(LocalApi.request(port, "/api/destructions")
                .POST(HttpRequest.BodyPublishers.ofString(destruction)).header("Content-Type", "application/json")
                .header("Authorization", LocalApi.basic("nguyen.van.a", CLERK_PASSWORD)));
        assertThat(clerk.status()).isEqualTo(403);
        assertThat(clerk.body().path("reason").asString()).isEqualTo("web.forbidden");
        Answer inBatch = send(LocalApi.request(port, "/api/batch")
                .POST(HttpRequest.BodyPublishers.ofString("{\"commands\":[{\"type\":\"record-destruction\",\"command\":"
                        + destruction + "}]}")).header("Content-Type", "application/json")
                .header("Authorization", LocalApi.basic("nguyen.van.a", CLERK_PASSWORD)));
        assertThat(inBatch.status()).isEqualTo(403);
        assertThat(recorded()).isEqualTo(before);
        // The office head gets past the role check to the recorder, which refuses the unknown file on its own terms.
        Answer head = send(LocalApi.request(port, "/api/destructions")
                .POST(HttpRequest.BodyPublishers.ofString(destruction)).header("Content-Type", "application/json")
                .header("Authorization", LocalApi.basic("tran.thi.b", HEAD_PASSWORD)));
        assertThat(head.status()).isEqualTo(422);
    }
}
