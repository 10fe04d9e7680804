package org.archivesync.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.registry.CompatibilityLevel;
import org.archivesync.schemas.registry.CompatibilityResult;
import org.archivesync.schemas.registry.RegisteredSchema;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schemas module's real registry client against the hub's endpoint, over HTTP, on a real PostgreSQL. Requests
 * the client cannot make (an invalid schema, an invalid level, a subject without a level) go over plain HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SchemaRegistryEndpointTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE);
        HubTestProperties.withoutListeners(registry);
        TestOperators.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    SchemaRegistry registry;

    private SchemaRegistryClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void newClient() {
        // A fresh client per test, so its caches never answer in the server's place.
        client = operatorClient();
    }

    /** Writes need an operator (RegistryPerimeterTest); these tests sign every request in as one. */
    private SchemaRegistryClient operatorClient() {
        return new SchemaRegistryClient(base(), Duration.ofSeconds(10), TestOperators.USERNAME + ":" + TestOperators.PASSWORD);
    }

    private URI base() {
        return URI.create("http://localhost:" + port + "/registry");
    }

    private static Schema record(String name, String... fields) {
        return new Schema.Parser().parse("""
                {"type":"record","name":"%s","namespace":"org.archivesync.test","fields":[%s]}"""
                .formatted(name, String.join(",", fields)));
    }

    private static final String CODE = """
            {"name":"code","type":"string"}""";
    private static final String TITLE = """
            {"name":"title","type":"string"}""";
    private static final String TITLE_WITH_DEFAULT = """
            {"name":"title","type":"string","default":""}""";
    private static final String NOTE_OPTIONAL = """
            {"name":"note","type":["null","string"],"default":null}""";

    @Test
    void registeringTheSameSchemaTwiceGivesOneIdAndOneVersion() {
        Schema schema = record("Box", CODE);
        int first = client.register("boxes-value", schema);
        int again = operatorClient().register("boxes-value", schema);

        assertThat(again).isEqualTo(first);
        assertThat(client.versions("boxes-value")).containsExactly(1);
    }

    @Test
    void theSameSchemaUnderAnotherSubjectKeepsItsGlobalId() {
        Schema schema = record("Shelf", CODE);
        int id = client.register("shelves-value", schema);

        assertThat(client.register("shelves-archive-value", schema)).isEqualTo(id);
        assertThat(client.version("shelves-archive-value", "1").id()).isEqualTo(id);
    }

    @Test
    void whitespaceAndKeyOrderDoNotMakeANewSchema() throws Exception {
        int id = client.register("spacing-value", record("Spacing", CODE));
        String reordered = """
                { "fields" : [ { "type" : "string", "name" : "code" } ],
                  "namespace" : "org.archivesync.test", "name" : "Spacing", "type" : "record" }""";

        Answer answer = send("POST", "/subjects/spacing-value/versions", JSON.createObjectNode().put("schema", reordered).toString(),
                "application/json");

        assertThat(answer.body().path("id").asInt()).isEqualTo(id);
    }

    @Test
    void lookupFindsTheVersionOfARegisteredSchema() {
        Schema v1 = record("Fonds", CODE);
        Schema v2 = record("Fonds", CODE, NOTE_OPTIONAL);
        client.register("fonds-value", v1);
        int id2 = client.register("fonds-value", v2);

        RegisteredSchema found = operatorClient().lookup("fonds-value", v2);

        assertThat(found).isEqualTo(new RegisteredSchema("fonds-value", id2, 2, v2));
    }

    @Test
    void lookupUnderAnUnknownSubjectIsSubjectNotFound() {
        assertThatThrownBy(() -> client.lookup("no-such-subject", record("Nothing", CODE)))
                .isInstanceOf(SchemaRegistryException.SubjectNotFoundException.class)
                .extracting("status", "errorCode").containsExactly(404, 40401);
    }

    @Test
    void lookupOfASchemaNotUnderTheSubjectIsSchemaNotFound() {
        client.register("lookups-value", record("Lookup", CODE));

        assertThatThrownBy(() -> client.lookup("lookups-value", record("Lookup", CODE, NOTE_OPTIONAL)))
                .isInstanceOf(SchemaRegistryException.SchemaNotFoundException.class)
                .extracting("status", "errorCode").containsExactly(404, 40403);
    }

    @Test
    void aSchemaIsFetchedByItsGlobalId() throws Exception {
        Schema schema = record("Location", CODE, NOTE_OPTIONAL);
        int id = client.register("locations-value", schema);

        assertThat(operatorClient().schemaById(id)).isEqualTo(schema);
        Answer raw = send("GET", "/schemas/ids/" + id + "/schema", null, null);
        assertThat(raw.status()).isEqualTo(200);
        assertThat(new Schema.Parser().parse(raw.text())).isEqualTo(schema);
        assertThat(raw.contentType()).startsWith(RegistryController.V1_JSON);
    }

    @Test
    void anUnknownSchemaIdIsSchemaNotFound() {
        assertThatThrownBy(() -> client.schemaById(999_999))
                .isInstanceOf(SchemaRegistryException.SchemaNotFoundException.class)
                .extracting("status", "errorCode").containsExactly(404, 40403);
    }

    @Test
    void subjectsVersionsAndLatestAreListed() {
        Schema v1 = record("Handover", CODE);
        Schema v2 = record("Handover", CODE, NOTE_OPTIONAL);
        int id1 = client.register("handovers-value", v1);
        int id2 = client.register("handovers-value", v2);

        assertThat(client.subjects()).contains("handovers-value");
        assertThat(client.versions("handovers-value")).containsExactly(1, 2);
        assertThat(client.version("handovers-value", "1")).isEqualTo(new RegisteredSchema("handovers-value", id1, 1, v1));
        assertThat(client.version("handovers-value", "latest")).isEqualTo(new RegisteredSchema("handovers-value", id2, 2, v2));
        assertThat(client.version("handovers-value", "-1").version()).isEqualTo(2);
    }

    @Test
    void versionsOfAnUnknownSubjectAreSubjectNotFound() {
        assertThatThrownBy(() -> client.versions("nobody-value"))
                .isInstanceOf(SchemaRegistryException.SubjectNotFoundException.class)
                .extracting("errorCode").isEqualTo(40401);
        assertThatThrownBy(() -> client.version("nobody-value", "latest"))
                .isInstanceOf(SchemaRegistryException.SubjectNotFoundException.class);
    }

    @Test
    void aMissingVersionIsVersionNotFound() {
        client.register("appraisals-value", record("Appraisal", CODE));

        assertThatThrownBy(() -> client.version("appraisals-value", "7"))
                .isInstanceOf(SchemaRegistryException.VersionNotFoundException.class)
                .extracting("status", "errorCode").containsExactly(404, 40402);
    }

    @Test
    void aVersionThatIsNoNumberIsInvalidVersion() {
        client.register("extents-value", record("Extent", CODE));

        for (String bad : List.of("0", "-2", "first", "2147483648")) {
            assertThatThrownBy(() -> client.version("extents-value", bad))
                    .as(bad)
                    .isInstanceOf(SchemaRegistryException.InvalidVersionException.class)
                    .extracting("status", "errorCode").containsExactly(422, 42202);
        }
    }

    @Test
    void backwardRefusesARequiredFieldWithoutDefault() {
        client.updateCompatibility("files-value", CompatibilityLevel.BACKWARD);
        client.register("files-value", record("File", CODE));

        assertThatThrownBy(() -> client.register("files-value", record("File", CODE, TITLE)))
                .isInstanceOf(SchemaRegistryException.IncompatibleSchemaException.class)
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
                .extracting("status", "errorCode").containsExactly(409, 409);
        assertThat(client.versions("files-value")).containsExactly(1);
    }

    @Test
    void backwardAcceptsAnOptionalFieldWithDefault() {
        client.updateCompatibility("digitized-value", CompatibilityLevel.BACKWARD);
        client.register("digitized-value", record("Digitized", CODE));

        client.register("digitized-value", record("Digitized", CODE, NOTE_OPTIONAL));

        assertThat(client.versions("digitized-value")).containsExactly(1, 2);
    }

    @Test
    void compatibilityCheckSaysWhyWithoutRegistering() {
        client.updateCompatibility("withdrawals-value", CompatibilityLevel.BACKWARD);
        client.register("withdrawals-value", record("Withdrawal", CODE));

        CompatibilityResult fails = client.testCompatibility("withdrawals-value", "latest", record("Withdrawal", CODE, TITLE));
        CompatibilityResult passes = client.testCompatibility("withdrawals-value", "1", record("Withdrawal", CODE, TITLE_WITH_DEFAULT));

        assertThat(fails.compatible()).isFalse();
        assertThat(fails.messages()).singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE", "version 1", "title");
        assertThat(passes.compatible()).isTrue();
        assertThat(passes.messages()).isEmpty();
        assertThat(client.versions("withdrawals-value")).containsExactly(1);
    }

    @Test
    void compatibilityCheckWithoutVerboseOmitsMessages() throws Exception {
        client.register("quiet-value", record("Quiet", CODE));

        Answer answer = send("POST", "/compatibility/subjects/quiet-value/versions/latest",
                schemaBody(record("Quiet", CODE, TITLE)), RegistryController.V1_JSON);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().path("is_compatible").asBoolean(true)).isFalse();
        assertThat(answer.body().has("messages")).isFalse();
    }

    @Test
    void compatibilityCheckAgainstMissingSubjectOrVersionIsNotFound() {
        client.register("checks-value", record("Check", CODE));

        assertThatThrownBy(() -> client.testCompatibility("unknown-checks-value", "latest", record("Check", CODE)))
                .isInstanceOf(SchemaRegistryException.SubjectNotFoundException.class);
        assertThatThrownBy(() -> client.testCompatibility("checks-value", "3", record("Check", CODE)))
                .isInstanceOf(SchemaRegistryException.VersionNotFoundException.class);
        assertThatThrownBy(() -> client.testCompatibility("checks-value", "zero", record("Check", CODE)))
                .isInstanceOf(SchemaRegistryException.InvalidVersionException.class);
    }

    @Test
    void forwardLetsOldReadersReadNewData() {
        client.updateCompatibility("cursors-value", CompatibilityLevel.FORWARD);
        client.register("cursors-value", record("Cursor", CODE, TITLE_WITH_DEFAULT));

        // An added required field is forward compatible: old readers ignore it.
        client.register("cursors-value", record("Cursor", CODE, TITLE_WITH_DEFAULT, """
                {"name":"sequence","type":"long"}"""));
        // Dropping a field the old reader needs and has no default for is not.
        assertThatThrownBy(() -> client.register("cursors-value", record("Cursor", TITLE_WITH_DEFAULT, """
                {"name":"sequence","type":"long"}""")))
                .isInstanceOf(SchemaRegistryException.IncompatibleSchemaException.class)
                .hasMessageContaining("FORWARD");
        assertThat(client.versions("cursors-value")).containsExactly(1, 2);
    }

    @Test
    void fullNeedsBothDirections() {
        client.updateCompatibility("progress-value", CompatibilityLevel.FULL);
        client.register("progress-value", record("Progress", CODE));

        assertThatThrownBy(() -> client.register("progress-value", record("Progress", CODE, TITLE)))
                .isInstanceOf(SchemaRegistryException.IncompatibleSchemaException.class);
        client.register("progress-value", record("Progress", CODE, TITLE_WITH_DEFAULT));
        assertThat(client.versions("progress-value")).containsExactly(1, 2);
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersion() {
        Schema v1 = record("Tombstone", CODE);
        Schema v2 = record("Tombstone", CODE, TITLE_WITH_DEFAULT);
        // Reads v2 data (title present, code ignored) but not v1 data (title missing, no default).
        Schema v3 = record("Tombstone", TITLE);
        for (String subject : List.of("latest-only-value", "transitive-value")) {
            client.register(subject, v1);
            client.register(subject, v2);
        }
        client.updateCompatibility("latest-only-value", CompatibilityLevel.BACKWARD);
        client.updateCompatibility("transitive-value", CompatibilityLevel.BACKWARD_TRANSITIVE);

        client.register("latest-only-value", v3);

        assertThatThrownBy(() -> client.register("transitive-value", v3))
                .isInstanceOf(SchemaRegistryException.IncompatibleSchemaException.class)
                .hasMessageContaining("version 1")
                .hasMessageNotContaining("version 2");
    }

    @Test
    void noneAcceptsAnything() {
        client.updateCompatibility("free-value", CompatibilityLevel.NONE);
        client.register("free-value", record("Free", CODE));

        client.register("free-value", record("Free", TITLE));

        assertThat(client.versions("free-value")).containsExactly(1, 2);
    }

    @Test
    void theRealSiteEventEvolvesUnderBackwardTransitive() {
        String subject = "archive.site-events-value";
        client.updateCompatibility(subject, CompatibilityLevel.BACKWARD_TRANSITIVE);
        int v1 = client.register(subject, SiteEvent.getClassSchema());

        Schema withOptionalField = evolve(SiteEvent.getClassSchema(), """
                {"name":"hubNote","type":["null","string"],"default":null,"doc":"Ghi chú của trung tâm."}""");
        int v2 = client.register(subject, withOptionalField);

        Schema withRequiredField = evolve(withOptionalField, """
                {"name":"province","type":"string"}""");
        assertThatThrownBy(() -> client.register(subject, withRequiredField))
                .isInstanceOf(SchemaRegistryException.IncompatibleSchemaException.class)
                .hasMessageContaining("province");
        assertThat(v2).isNotEqualTo(v1);
        assertThat(client.versions(subject)).containsExactly(1, 2);
        assertThat(operatorClient().schemaById(v1)).isEqualTo(SiteEvent.getClassSchema());
        assertThat(client.compatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
    }

    @Test
    void theGlobalLevelDefaultsToBackwardAndCanBeChanged() {
        assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        try {
            assertThat(client.updateCompatibility(null, CompatibilityLevel.FULL)).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.compatibility("never-configured-value")).isEqualTo(CompatibilityLevel.FULL);
        } finally {
            client.updateCompatibility(null, CompatibilityLevel.BACKWARD);
        }
    }

    @Test
    void aSubjectLevelOverridesTheGlobalOne() throws Exception {
        assertThat(client.updateCompatibility("boxes-config-value", CompatibilityLevel.FORWARD_TRANSITIVE))
                .isEqualTo(CompatibilityLevel.FORWARD_TRANSITIVE);

        assertThat(client.compatibility("boxes-config-value")).isEqualTo(CompatibilityLevel.FORWARD_TRANSITIVE);
        Answer own = send("GET", "/config/boxes-config-value", null, null);
        assertThat(own.body().path("compatibilityLevel").asString()).isEqualTo("FORWARD_TRANSITIVE");
        assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void aSubjectWithoutItsOwnLevelAnswers40408UnlessDefaultToGlobal() throws Exception {
        Answer own = send("GET", "/config/unconfigured-value", null, null);
        Answer global = send("GET", "/config/unconfigured-value?defaultToGlobal=true", null, null);

        assertThat(own.status()).isEqualTo(404);
        assertThat(own.body().path("error_code").asInt()).isEqualTo(40408);
        assertThat(own.body().path("message").asString()).contains("unconfigured-value");
        assertThat(global.status()).isEqualTo(200);
        assertThat(global.body().path("compatibilityLevel").asString()).isEqualTo("BACKWARD");
    }

    @Test
    void anUnknownLevelIsInvalidCompatibilityLevel() throws Exception {
        Answer subject = send("PUT", "/config/sideways-value", "{\"compatibility\":\"SIDEWAYS\"}", RegistryController.V1_JSON);
        Answer global = send("PUT", "/config", "{}", RegistryController.V1_JSON);

        assertThat(subject.status()).isEqualTo(422);
        assertThat(subject.body().path("error_code").asInt()).isEqualTo(42203);
        assertThat(global.status()).isEqualTo(422);
        assertThat(global.body().path("error_code").asInt()).isEqualTo(42203);
        assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
    }

    @Test
    void anInvalidSchemaIsRefusedWith42201() throws Exception {
        List<String> bodies = List.of(
                "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Broken\\\"\"}",
                "{\"schema\":\"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"Bad\\\",\\\"fields\\\":[{\\\"name\\\":\\\"n\\\",\\\"type\\\":\\\"int\\\",\\\"default\\\":\\\"x\\\"}]}\"}",
                "{\"schema\":\"{\\\"type\\\":\\\"unknown.Type\\\"}\"}",
                "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}",
                "{}");
        for (String body : bodies) {
            Answer answer = send("POST", "/subjects/invalid-value/versions", body, RegistryController.V1_JSON);
            assertThat(answer.status()).as(body).isEqualTo(422);
            assertThat(answer.body().path("error_code").asInt()).as(body).isEqualTo(42201);
            assertThat(answer.contentType()).startsWith(RegistryController.V1_JSON);
        }
        assertThat(client.subjects()).doesNotContain("invalid-value");
    }

    @Test
    void requestsTypedAsJsonOrOctetStreamOrUntypedAreServedAndOthersRefused() throws Exception {
        String body = schemaBody(record("Typed", CODE));
        int json = send("POST", "/subjects/typed-value/versions", body, "application/json").body().path("id").asInt();
        int octets = send("POST", "/subjects/typed-value/versions", body, "application/octet-stream").body().path("id").asInt();
        int untyped = send("POST", "/subjects/typed-value/versions", body, null).body().path("id").asInt();
        Answer text = send("POST", "/subjects/typed-value/versions", body, "text/plain");

        assertThat(List.of(octets, untyped)).containsOnly(json);
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.body().path("error_code").asInt()).isEqualTo(415);
    }

    @Test
    void aPathNotServedAnswersWithConfluentsErrorBody() throws Exception {
        Answer answer = send("GET", "/mode", null, null);

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().path("error_code").asInt()).isEqualTo(404);
    }

    @Test
    void anUnreadableBodyIsABadRequest() throws Exception {
        Answer answer = send("POST", "/subjects/garbled-value/versions", "{\"schema\": ", RegistryController.V1_JSON);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body().path("error_code").asInt()).isEqualTo(400);
    }

    @Test
    void racingRegistrationsOfOneSchemaGiveOneIdAndOneVersion() throws Exception {
        String schema = record("Race", CODE, NOTE_OPTIONAL).toString();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> ids = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                // Half race on one subject, half on subjects of their own: versions and global ids both contend.
                String subject = i % 2 == 0 ? "race-value" : "race-" + i + "-value";
                ids.add(pool.submit(() -> {
                    start.await();
                    return registry.register(subject, schema);
                }));
            }
            start.countDown();
            Set<Integer> distinct = new HashSet<>();
            for (Future<Integer> id : ids) {
                distinct.add(id.get(30, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(1);
            assertThat(client.versions("race-value")).containsExactly(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingRegistrationsOfDifferentSchemasGetConsecutiveVersions() throws Exception {
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        registry.setCompatibility("versions-race-value", CompatibilityLevel.NONE);
        try {
            List<Future<Integer>> ids = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String schema = record("VersionRace" + i, CODE).toString();
                ids.add(pool.submit(() -> {
                    start.await();
                    return registry.register("versions-race-value", schema);
                }));
            }
            start.countDown();
            Set<Integer> distinct = new HashSet<>();
            for (Future<Integer> id : ids) {
                distinct.add(id.get(30, TimeUnit.SECONDS));
            }
            assertThat(distinct).hasSize(threads);
            assertThat(client.versions("versions-race-value")).containsExactly(1, 2, 3, 4, 5, 6);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A copy of {@code schema} with one more top-level field. */
    private static Schema evolve(Schema schema, String field) {
        ObjectNode tree = (ObjectNode) JSON.readTree(schema.toString());
        ((ArrayNode) tree.get("fields")).add(JSON.readTree(field));
        return new Schema.Parser().parse(tree.toString());
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private record Answer(int status, String contentType, String text) {
        JsonNode body() {
            return JSON.readTree(text);
        }
    }

    private Answer send(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        request.header("Authorization", TestOperators.authorization());
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }
}
