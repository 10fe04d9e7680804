package org.archivesync.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.security.Audit;
import org.archivesync.hub.security.AuditEntry;
import org.archivesync.hub.security.Role;
import org.archivesync.hub.security.Users;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's perimeter over real HTTP on the running hub: anonymous writes are refused with Confluent's error
 * body, an operator's are served and audited, another role's are refused, reads stay open by default, an oversized
 * body is refused before it is parsed, and the hub has registered the contract's schemas itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RegistryPerimeterTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String VIEWER = "registry-viewer";
    private static final String VIEWER_PASSWORD = "viewer-password-long";
    private static final String SCHEMA = JSON.createObjectNode().put("schema", """
            {"type":"record","name":"Perimeter","namespace":"org.archivesync.test","fields":[]}""").toString();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE);
        HubTestProperties.withoutListeners(registry);
        TestOperators.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    Audit audit;

    @Autowired
    Users users;

    private final HttpClient http = HttpClient.newHttpClient();

    private record Answer(int status, String contentType, String challenge, JsonNode body) {
    }

    @Test
    void anonymousWritesAreRefusedWith401AndConfluentsErrorBody() throws Exception {
        Answer register = send("POST", "/subjects/anonymous-value/versions", SCHEMA, null);
        Answer global = send("PUT", "/config", "{\"compatibility\":\"NONE\"}", null);
        Answer subject = send("PUT", "/config/archive.site-events-value", "{\"compatibility\":\"NONE\"}", null);
        Answer delete = send("DELETE", "/subjects/archive.site-events-value", null, null);
        Answer mode = send("PUT", "/mode", "{\"mode\":\"IMPORT\"}", null);

        for (Answer answer : new Answer[] {register, global, subject, delete, mode}) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/vnd.schemaregistry.v1+json");
            assertThat(answer.challenge()).startsWith("Basic realm=");
            assertThat(answer.body().path("error_code").asInt()).isEqualTo(40101);
            assertThat(answer.body().path("message").asString()).contains("OPERATOR");
        }
        Answer subjects = send("GET", "/subjects", null, null);
        assertThat(subjects.body().valueStream().map(JsonNode::asString)).doesNotContain("anonymous-value");
        assertThat(send("GET", "/config", null, null).body().path("compatibilityLevel").asString()).isEqualTo("BACKWARD");
    }

    @Test
    void aWrongPasswordIsRefusedWith401WithoutEchoingIt() throws Exception {
        Answer answer = send("POST", "/subjects/wrong-value/versions", SCHEMA,
                TestOperators.basic(TestOperators.USERNAME, "not-the-password"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body().path("error_code").asInt()).isEqualTo(40101);
        assertThat(answer.body().toString()).doesNotContain("not-the-password");
    }

    @Test
    void guessingAPasswordThroughTheRegistryLocksTheAccountAsOnTheApi() throws Exception {
        String name = "registry-guessed";
        String password = "the-right-password-1";
        users.create(name, null, password.toCharArray(), Role.OPERATOR, "test");
        for (int i = 0; i < 10; i++) {
            assertThat(send("POST", "/subjects/guessed-value/versions", SCHEMA,
                    TestOperators.basic(name, "guess-" + i)).status()).isEqualTo(401);
        }

        Answer withRightPassword = send("POST", "/subjects/guessed-value/versions", SCHEMA,
                TestOperators.basic(name, password));
        HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/sites"))
                .header("Authorization", TestOperators.basic(name, password)).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(withRightPassword.status()).as("locked: the right password is refused too").isEqualTo(401);
        assertThat(api.statusCode()).isEqualTo(429);
        assertThat(audit.entries(name, 0, 50).items()).extracting(AuditEntry::action, AuditEntry::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple("LOGIN", "REFUSED"));
    }

    @Test
    void anOperatorsWritesAreServedAndAudited() throws Exception {
        Answer register = send("POST", "/subjects/operator-value/versions", SCHEMA, TestOperators.authorization());
        Answer level = send("PUT", "/config/operator-value", "{\"compatibility\":\"FULL\"}", TestOperators.authorization());

        assertThat(register.status()).isEqualTo(200);
        assertThat(register.body().path("id").asInt()).isPositive();
        assertThat(level.status()).isEqualTo(200);
        assertThat(audit.entries(TestOperators.USERNAME, 0, 500).items())
                .extracting(AuditEntry::action, AuditEntry::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple("POST /registry/subjects/operator-value/versions", "200"),
                        org.assertj.core.groups.Tuple.tuple("PUT /registry/config/operator-value", "200"));
    }

    @Test
    void aViewerMayReadButNotWrite() throws Exception {
        if (!users.exists(VIEWER)) {
            users.create(VIEWER, null, VIEWER_PASSWORD.toCharArray(), Role.VIEWER, "test");
        }
        String viewer = TestOperators.basic(VIEWER, VIEWER_PASSWORD);

        Answer write = send("POST", "/subjects/viewer-value/versions", SCHEMA, viewer);
        Answer read = send("GET", "/subjects", null, viewer);

        assertThat(write.status()).isEqualTo(403);
        assertThat(write.body().path("error_code").asInt()).isEqualTo(40301);
        assertThat(read.status()).isEqualTo(200);
        assertThat(audit.entries(VIEWER, 0, 50).items()).extracting(AuditEntry::action, AuditEntry::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple("POST /registry/subjects/viewer-value/versions", "403"));
    }

    @Test
    void readsLookupsAndCompatibilityTestsAreOpenByDefault() throws Exception {
        String siteEvent = JSON.createObjectNode().put("schema", SiteEvent.getClassSchema().toString()).toString();

        assertThat(send("GET", "/subjects", null, null).status()).isEqualTo(200);
        assertThat(send("GET", "/config", null, null).status()).isEqualTo(200);
        assertThat(send("POST", "/subjects/archive.site-events-value", siteEvent, null).status()).isEqualTo(200);
        assertThat(send("POST", "/compatibility/subjects/archive.site-events-value/versions/latest", siteEvent, null)
                .body().path("is_compatible").asBoolean()).isTrue();
    }

    @Test
    void theHubRegisteredTheContractsSchemasItself() {
        var anonymous = new SchemaRegistryClient(URI.create("http://localhost:" + port + "/registry"));

        assertThat(anonymous.subjects()).contains("archive.site-events-value", "archive.catalogue.files-value",
                "archive.site-cursors-value", "archive.site-progress-value");
        assertThat(anonymous.lookup("archive.site-events-value", SiteEvent.getClassSchema()).schema())
                .isEqualTo(SiteEvent.getClassSchema());
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413BeforeItIsParsed() throws Exception {
        byte[] huge = new byte[1024 * 1024 + 1];
        Arrays.fill(huge, (byte) ' ');
        String operator = TestOperators.authorization();

        HttpResponse<String> declared = http.send(request("/subjects/huge-value/versions", operator)
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());
        // Chunked, so no Content-Length says it in advance: refused after one byte more than the limit.
        HttpResponse<String> chunked = http.send(request("/subjects/huge-value/versions", operator)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build(),
                HttpResponse.BodyHandlers.ofString());
        // A lookup is a read, open to anyone, and bounded all the same.
        HttpResponse<String> anonymousLookup = http.send(request("/subjects/huge-value", null)
                .POST(HttpRequest.BodyPublishers.ofByteArray(huge)).build(), HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> answer : java.util.List.of(declared, chunked, anonymousLookup)) {
            assertThat(answer.statusCode()).isEqualTo(413);
            assertThat(JSON.readTree(answer.body()).path("error_code").asInt()).isEqualTo(413);
        }
        assertThat(audit.entries(TestOperators.USERNAME, 0, 500).items())
                .extracting(AuditEntry::action, AuditEntry::outcome)
                .contains(org.assertj.core.groups.Tuple.tuple("POST /registry/subjects/huge-value/versions", "413"));
    }

    @Test
    void theHubsOwnCredentialIsNeverSentOffTheMachine() {
        var credential = new HubRegistryCredential(new java.security.SecureRandom());

        assertThat(credential.userInfoFor(URI.create("http://localhost:8080/registry"))).startsWith("_archive-sync-hub:");
        assertThat(credential.userInfoFor(URI.create("http://127.0.0.1:8080/registry"))).isNotNull();
        assertThat(credential.userInfoFor(URI.create("https://registry.example.org/registry"))).isNull();
        assertThat(credential.toString()).doesNotContain(credential.userInfoFor(URI.create("http://[::1]:1/")).substring(18));
    }

    private HttpRequest.Builder request(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/registry" + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", RegistryController.V1_JSON);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request;
    }

    private Answer send(String method, String path, String body, String authorization) throws Exception {
        HttpRequest.Builder request = request(path, authorization).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("WWW-Authenticate").orElse(""), JSON.readTree(response.body()));
    }
}
