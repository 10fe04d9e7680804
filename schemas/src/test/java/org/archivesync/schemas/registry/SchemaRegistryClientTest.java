package org.archivesync.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.archivesync.avro.CatalogueFile;
import org.archivesync.avro.SiteCursor;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.registry.LocalRegistryServer.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client against a real HTTP server answering with Confluent's documented bodies: what it sends (method, encoded
 * path, headers, JSON body), what it makes of each answer, each documented error, and what it caches.
 */
class SchemaRegistryClientTest {

    private static final String SUBJECT = "archive.site-events-value";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private LocalRegistryServer server;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() {
        server = LocalRegistryServer.start();
        client = server.client();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- requests and answers ----

    @Test
    void registerPostsTheSchemaToTheSubjectsVersions() {
        int id = client.register(SUBJECT, SiteEvent.getClassSchema());

        assertThat(id).isEqualTo(1);
        Request request = only(server.requests());
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/archive.site-events-value/versions");
        assertThat(request.query()).isNull();
        assertThat(request.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(request.header("Accept")).isEqualTo(ACCEPT);
        assertThat(request.header("Authorization")).as("no credentials configured").isNull();
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.propertyNames()).containsExactly("schema");
        assertThat(new Schema.Parser().parse(body.get("schema").asString())).isEqualTo(SiteEvent.getClassSchema());
    }

    @Test
    void subjectIsPercentEncodedInThePath() {
        client.register("văn thư/lưu trữ+1 value", SiteCursor.getClassSchema());

        assertThat(only(server.requests()).path())
                .isEqualTo("/subjects/v%C4%83n%20th%C6%B0%2Fl%C6%B0u%20tr%E1%BB%AF%2B1%20value/versions");
        assertThat(client.subjects()).containsExactly("văn thư/lưu trữ+1 value");
    }

    @Test
    void lookupReadsSubjectIdVersionAndSchema() {
        server.globalLevel(CompatibilityLevel.NONE);
        server.register(SUBJECT, SiteCursor.getClassSchema());
        server.register(SUBJECT, SiteEvent.getClassSchema());
        server.replyJson("POST", "/subjects/" + SUBJECT, 200, """
                {"subject": "archive.site-events-value", "id": 2, "version": 2, "schema": %s}"""
                .formatted(quoted(SiteEvent.getClassSchema().toString())));

        RegisteredSchema found = client.lookup(SUBJECT, SiteEvent.getClassSchema());

        assertThat(found).isEqualTo(new RegisteredSchema(SUBJECT, 2, 2, SiteEvent.getClassSchema()));
        Request request = only(server.requests());
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/subjects/archive.site-events-value");
        assertThat(request.header("Content-Type")).isEqualTo(SchemaRegistryClient.CONTENT_TYPE);
        assertThat(JSON.readTree(request.body()).get("schema").asString()).isEqualTo(SiteEvent.getClassSchema().toString());
    }

    @Test
    void lookupAgainstTheWorkingRegistryFindsTheRegisteredVersion() {
        server.globalLevel(CompatibilityLevel.NONE);
        server.register(SUBJECT, SiteCursor.getClassSchema());
        int id = server.register(SUBJECT, SiteEvent.getClassSchema());

        RegisteredSchema found = client.lookup(SUBJECT, SiteEvent.getClassSchema());

        assertThat(found.id()).isEqualTo(id);
        assertThat(found.version()).isEqualTo(2);
        assertThat(client.idOf(SUBJECT, SiteEvent.getClassSchema())).isEqualTo(id);
        assertThat(server.requests()).as("idOf after lookup is answered from the cache").hasSize(1);
    }

    @Test
    void schemaByIdGetsAndParsesTheSchema() {
        server.replyJson("GET", "/schemas/ids/7", 200,
                "{\"schema\": " + quoted(CatalogueFile.getClassSchema().toString()) + "}");

        Schema schema = client.schemaById(7);

        assertThat(schema).isEqualTo(CatalogueFile.getClassSchema());
        Request request = only(server.requests());
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/schemas/ids/7");
        assertThat(request.header("Accept")).isEqualTo(ACCEPT);
        assertThat(request.body()).isEmpty();
    }

    @Test
    void subjectsAreListed() {
        server.replyJson("GET", "/subjects", 200, "[\"archive.site-events-value\", \"archive.site-cursors-value\"]");

        assertThat(client.subjects()).containsExactly("archive.site-events-value", "archive.site-cursors-value");
        assertThat(only(server.requests()).method()).isEqualTo("GET");
    }

    @Test
    void versionsOfASubjectAreListed() {
        server.replyJson("GET", "/subjects/" + SUBJECT + "/versions", 200, "[1, 2, 3]");

        assertThat(client.versions(SUBJECT)).containsExactly(1, 2, 3);
    }

    @Test
    void latestVersionIsRead() {
        server.replyJson("GET", "/subjects/" + SUBJECT + "/versions/latest", 200, """
                {"subject": "archive.site-events-value", "id": 12, "version": 3, "schema": %s}"""
                .formatted(quoted(SiteEvent.getClassSchema().toString())));

        RegisteredSchema latest = client.version(SUBJECT, "latest");

        assertThat(latest).isEqualTo(new RegisteredSchema(SUBJECT, 12, 3, SiteEvent.getClassSchema()));
        assertThat(only(server.requests()).path()).isEqualTo("/subjects/archive.site-events-value/versions/latest");
        server.clearRequests();
        assertThat(client.schemaById(12)).as("a version read also fills the id cache").isEqualTo(SiteEvent.getClassSchema());
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void compatibilityTestIsVerboseAndReportsTheMessages() {
        server.replyJson("POST", "/compatibility/subjects/" + SUBJECT + "/versions/latest?verbose=true", 200, """
                {"is_compatible": false,
                 "messages": ["{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'hubId' at path '/fields/8' in the new schema has no default value and is missing in the old schema', location:'/fields/8'}"]}""");

        CompatibilityResult result = client.testCompatibility(SUBJECT, "latest", SiteEvent.getClassSchema());

        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE", "hubId");
        Request request = only(server.requests());
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/compatibility/subjects/archive.site-events-value/versions/latest");
        assertThat(request.query()).isEqualTo("verbose=true");
        assertThat(request.header("Content-Type")).isEqualTo(SchemaRegistryClient.CONTENT_TYPE);
        assertThat(JSON.readTree(request.body()).get("schema").asString()).isEqualTo(SiteEvent.getClassSchema().toString());
    }

    @Test
    void compatibleSchemaHasNoMessages() {
        server.register(SUBJECT, SiteCursor.getClassSchema());

        CompatibilityResult result = client.testCompatibility(SUBJECT, "1", SiteCursor.getClassSchema());

        assertThat(result).isEqualTo(new CompatibilityResult(true, List.of()));
    }

    @Test
    void workingRegistryFindsARequiredFieldWithoutDefaultIncompatible() {
        server.register(SUBJECT, SiteCursor.getClassSchema());

        CompatibilityResult result = client.testCompatibility(SUBJECT, "latest", withRequiredField(SiteCursor.getClassSchema()));

        assertThat(result.compatible()).isFalse();
        assertThat(result.messages()).anySatisfy(m -> assertThat(m).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "hubId"));
    }

    @Test
    void globalCompatibilityLevelIsRead() {
        server.replyJson("GET", "/config", 200, "{\"compatibilityLevel\": \"BACKWARD\"}");

        assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        Request request = only(server.requests());
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.pathAndQuery()).isEqualTo("/config");
    }

    @Test
    void subjectCompatibilityLevelFallsBackToGlobal() {
        server.globalLevel(CompatibilityLevel.FULL_TRANSITIVE);

        assertThat(client.compatibility(SUBJECT)).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(only(server.requests()).pathAndQuery())
                .isEqualTo("/config/archive.site-events-value?defaultToGlobal=true");
    }

    @Test
    void subjectCompatibilityLevelIsUpdated() {
        server.replyJson("PUT", "/config/" + SUBJECT, 200, "{\"compatibility\": \"FULL\"}");

        CompatibilityLevel now = client.updateCompatibility(SUBJECT, CompatibilityLevel.FULL);

        assertThat(now).isEqualTo(CompatibilityLevel.FULL);
        Request request = only(server.requests());
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(request.path()).isEqualTo("/config/archive.site-events-value");
        assertThat(request.header("Content-Type")).isEqualTo(SchemaRegistryClient.CONTENT_TYPE);
        assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("{\"compatibility\": \"FULL\"}"));
    }

    @Test
    void updatedLevelIsWhatTheWorkingRegistryThenReports() {
        client.updateCompatibility(null, CompatibilityLevel.BACKWARD_TRANSITIVE);
        client.updateCompatibility(SUBJECT, CompatibilityLevel.NONE);

        assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD_TRANSITIVE);
        assertThat(client.compatibility(SUBJECT)).isEqualTo(CompatibilityLevel.NONE);
        assertThat(server.requests().get(0).pathAndQuery()).isEqualTo("/config");
    }

    @Test
    void basicAuthHeaderIsSentWhenConfigured() {
        SchemaRegistryClient authed = new SchemaRegistryClient(server.baseUrl(), Duration.ofSeconds(5), "agent:bí-mật");

        authed.register(SUBJECT, SiteEvent.getClassSchema());
        authed.subjects();

        String expected = "Basic " + Base64.getEncoder().encodeToString("agent:bí-mật".getBytes(StandardCharsets.UTF_8));
        assertThat(server.requests()).extracting(r -> r.header("Authorization")).containsExactly(expected, expected);
    }

    @Test
    void noCredentialsForARegistryThatNeedsThemSaysNoneAreConfigured() {
        server.addUser("hub", "hub-password", true);

        SchemaRegistryException.AccessDeniedException e = catchThrowableOfType(
                SchemaRegistryException.AccessDeniedException.class, () -> server.client().subjects());

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.retriable()).isFalse();
        assertThat(e.user()).isNull();
        assertThat(e.getMessage()).contains(server.baseUrl().toString(), "none are configured");
    }

    @Test
    void theUrlsUserInfoNeverAppearsInTheBaseUrl() {
        URI withSecret = URI.create(server.baseUrl().toString().replace("http://", "http://u:pa%40ss@"));
        SchemaRegistryClient client = SchemaRegistryClient.withBasicAuth(withSecret, Duration.ofSeconds(5), "url", null);
        server.addUser("u", "pa@ss", false);

        assertThat(client.subjects()).isEmpty();
        assertThat(client.baseUrl().toString()).isEqualTo(server.baseUrl().toString()).doesNotContain("pa");
        assertThat(client.user()).isEqualTo("u");
    }

    @Test
    void baseUrlWithAPathAndTrailingSlashIsJoinedOnce() {
        try (LocalRegistryServer hubLike = LocalRegistryServer.start(1, "/registry")) {
            SchemaRegistryClient viaHub = new SchemaRegistryClient(URI.create(hubLike.baseUrl() + "/"));

            assertThat(viaHub.register(SUBJECT, SiteEvent.getClassSchema())).isEqualTo(1);
            assertThat(viaHub.baseUrl().toString()).endsWith("/registry");
            assertThat(only(hubLike.requests()).path()).isEqualTo("/subjects/archive.site-events-value/versions");
        }
    }

    // ---- caching ----

    @Test
    void registeringTheSameSchemaAgainMakesNoSecondCall() {
        int first = client.register(SUBJECT, SiteEvent.getClassSchema());
        int second = client.register(SUBJECT, SiteEvent.getClassSchema());

        assertThat(second).isEqualTo(first);
        assertThat(server.requests()).hasSize(1);
        assertThat(client.schemaById(first)).as("registration also fills the id cache").isEqualTo(SiteEvent.getClassSchema());
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void sameSchemaUnderAnotherSubjectIsAskedFor() {
        client.register(SUBJECT, SiteCursor.getClassSchema());
        client.register("archive.site-cursors-value", SiteCursor.getClassSchema());

        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void schemaByIdIsFetchedOnce() {
        int id = server.register(SUBJECT, SiteEvent.getClassSchema());

        client.schemaById(id);
        client.schemaById(id);

        assertThat(server.requests("GET", "/schemas/ids/" + id)).hasSize(1);
        assertThat(server.requests()).hasSize(1);
    }

    // ---- errors ----

    @Test
    void unknownSubjectIsSubjectNotFound() {
        SchemaRegistryException.SubjectNotFoundException e = catchThrowableOfType(
                SchemaRegistryException.SubjectNotFoundException.class, () -> client.versions("no-such-value"));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(40401);
        assertThat(e).hasMessage("Subject 'no-such-value' not found.");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void unknownVersionIsVersionNotFound() {
        server.register(SUBJECT, SiteEvent.getClassSchema());

        SchemaRegistryException.VersionNotFoundException e = catchThrowableOfType(
                SchemaRegistryException.VersionNotFoundException.class, () -> client.version(SUBJECT, "9"));

        assertThat(e.errorCode()).isEqualTo(40402);
        assertThat(e).hasMessageContaining("Version 9 not found");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void unknownIdIsSchemaNotFound() {
        SchemaRegistryException.SchemaNotFoundException e = catchThrowableOfType(
                SchemaRegistryException.SchemaNotFoundException.class, () -> client.schemaById(404));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(40403);
        assertThat(e).hasMessage("Schema not found");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void schemaNotUnderTheSubjectIsSchemaNotFound() {
        server.register(SUBJECT, SiteCursor.getClassSchema());

        SchemaRegistryException.SchemaNotFoundException e = catchThrowableOfType(
                SchemaRegistryException.SchemaNotFoundException.class, () -> client.lookup(SUBJECT, SiteEvent.getClassSchema()));

        assertThat(e.errorCode()).isEqualTo(40403);
    }

    @Test
    void incompatibleSchemaIsRefusedWith409() {
        server.register(SUBJECT, SiteCursor.getClassSchema());

        SchemaRegistryException.IncompatibleSchemaException e = catchThrowableOfType(
                SchemaRegistryException.IncompatibleSchemaException.class,
                () -> client.register(SUBJECT, withRequiredField(SiteCursor.getClassSchema())));

        assertThat(e.status()).isEqualTo(409);
        assertThat(e.errorCode()).isEqualTo(409);
        assertThat(e).hasMessageContaining("incompatible with an earlier schema").hasMessageContaining("hubId");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void invalidSchemaIs42201() {
        server.replyJson("POST", "/subjects/" + SUBJECT + "/versions", 422,
                "{\"error_code\": 42201, \"message\": \"Either the input schema or one of its references is invalid\"}");

        SchemaRegistryException.InvalidSchemaException e = catchThrowableOfType(
                SchemaRegistryException.InvalidSchemaException.class, () -> client.register(SUBJECT, SiteEvent.getClassSchema()));

        assertThat(e.status()).isEqualTo(422);
        assertThat(e.errorCode()).isEqualTo(42201);
        assertThat(e).hasMessage("Either the input schema or one of its references is invalid");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void invalidVersionIs42202() {
        server.register(SUBJECT, SiteEvent.getClassSchema());

        SchemaRegistryException.InvalidVersionException e = catchThrowableOfType(
                SchemaRegistryException.InvalidVersionException.class, () -> client.version(SUBJECT, "zero"));

        assertThat(e.errorCode()).isEqualTo(42202);
    }

    @Test
    void invalidCompatibilityLevelIs42203() {
        server.replyJson("PUT", "/config", 422, """
                {"error_code": 42203, "message": "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive"}""");

        SchemaRegistryException.InvalidCompatibilityLevelException e = catchThrowableOfType(
                SchemaRegistryException.InvalidCompatibilityLevelException.class,
                () -> client.updateCompatibility(null, CompatibilityLevel.FULL));

        assertThat(e.errorCode()).isEqualTo(42203);
        assertThat(e).hasMessageStartingWith("Invalid compatibility level");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void serverErrorIsRetriable() {
        server.replyJson("GET", "/subjects", 500, "{\"error_code\": 50001, \"message\": \"Error in the backend data store\"}");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.subjects());

        assertThat(e.getClass()).isEqualTo(SchemaRegistryException.class);
        assertThat(e.status()).isEqualTo(500);
        assertThat(e.errorCode()).isEqualTo(50001);
        assertThat(e).hasMessage("Error in the backend data store");
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void rateLimitIsRetriable() {
        server.replyJson("GET", "/subjects", 429, "{\"error_code\": 42901, \"message\": \"Rate limit exceeded\"}");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.subjects());

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void proxyHtmlErrorPageKeepsTheStatusAndSaysWhatCameBack() {
        server.reply("GET", "/schemas/ids/3", 502, "text/html",
                "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(3));

        assertThat(e.status()).isEqualTo(502);
        assertThat(e).hasMessageContaining("HTTP 502").hasMessageContaining("502 Bad Gateway");
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void proxyHtmlPageWithAClientErrorIsNotRetriable() {
        server.reply("GET", "/subjects", 403, "text/html", "<html><body>Forbidden by proxy</body></html>");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.subjects());

        assertThat(e.status()).isEqualTo(403);
        assertThat(e).hasMessageContaining("Forbidden by proxy");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void successWithInvalidJsonIsRefused() {
        server.reply("GET", "/subjects", 200, "text/plain", "ok");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.subjects());

        assertThat(e).hasMessageContaining("invalid JSON");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void schemaAvroCannotParseIsRefused() {
        server.replyJson("GET", "/schemas/ids/5", 200, "{\"schema\": \"{\\\"type\\\": \\\"no-such-type\\\"}\"}");

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(5));

        assertThat(e).hasMessageContaining("Avro cannot parse");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void connectionRefusedIsRetriable() throws IOException {
        URI nowhere;
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            nowhere = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        SchemaRegistryClient offline = new SchemaRegistryClient(nowhere, Duration.ofSeconds(2), null);

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> offline.register(SUBJECT, SiteEvent.getClassSchema()));

        assertThat(e.status()).isEqualTo(-1);
        assertThat(e.errorCode()).isEqualTo(-1);
        assertThat(e).hasMessageContaining("unreachable").hasMessageContaining(nowhere.toString());
        assertThat(e.getCause()).isInstanceOf(IOException.class);
        assertThat(e.retriable()).isTrue();
    }

    @Test
    void failedRegistrationIsNotCached() {
        server.replyJson("POST", "/subjects/" + SUBJECT + "/versions", 500, "{\"error_code\": 50001, \"message\": \"down\"}");
        catchThrowableOfType(SchemaRegistryException.class, () -> client.register(SUBJECT, SiteEvent.getClassSchema()));
        server.clearReplies();

        assertThat(client.register(SUBJECT, SiteEvent.getClassSchema())).isEqualTo(1);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void schemaCacheKeepsAtMostItsBound() {
        int extra = 20;
        List<Integer> ids = new java.util.ArrayList<>();
        for (int i = 0; i < SchemaRegistryClient.CACHED_SCHEMAS + extra; i++) {
            ids.add(server.register("s" + i, new Schema.Parser().parse(
                    "{\"type\":\"record\",\"name\":\"R" + i + "\",\"fields\":[]}")));
        }
        ids.forEach(client::schemaById);
        server.clearRequests();

        assertThat(client.cachedSchemas()).isEqualTo(SchemaRegistryClient.CACHED_SCHEMAS);
        client.schemaById(ids.get(ids.size() - 1));
        assertThat(server.requests()).as("the most recent ids stay cached").isEmpty();
        client.schemaById(ids.get(0));
        assertThat(server.requests()).as("the eldest was dropped and is fetched again").hasSize(1);
    }

    private static Request only(List<Request> requests) {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static String quoted(String text) {
        return JSON.writeValueAsString(text);
    }

    /** {@code schema} plus a required field without default: what BACKWARD compatibility forbids. */
    static Schema withRequiredField(Schema schema) {
        JsonNode tree = JSON.readTree(schema.toString());
        ((tools.jackson.databind.node.ArrayNode) tree.get("fields")).addObject().put("name", "hubId").put("type", "string");
        return new Schema.Parser().parse(tree.toString());
    }

    // ---- answers kept beyond the process ----

    /** A map standing in for the agent's store table. */
    static final class MapKnownSchemas implements SchemaRegistryClient.KnownSchemas {
        final java.util.Map<String, Integer> ids = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Map<Integer, Schema> schemas = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public Integer idOf(String subject, Schema schema) {
            return ids.get(subject + "|" + schema);
        }

        @Override
        public Schema schemaById(int id) {
            return schemas.get(id);
        }

        @Override
        public void rememberId(String subject, Schema schema, int id) {
            ids.put(subject + "|" + schema, id);
        }

        @Override
        public void rememberSchema(int id, Schema schema) {
            schemas.put(id, schema);
        }
    }

    @Test
    void aNewClientWithKnownSchemasNeedsNoRegistryForIdsAnEarlierOneLearned() {
        int id = server.register(SUBJECT, SiteEvent.getClassSchema());
        int cursorId = server.register("archive.site-cursors-value", SiteCursor.getClassSchema());
        MapKnownSchemas known = new MapKnownSchemas();
        SchemaRegistryClient first = client.withKnownSchemas(known);
        assertThat(first.idOf(SUBJECT, SiteEvent.getClassSchema())).isEqualTo(id);
        assertThat(first.schemaById(cursorId)).isEqualTo(SiteCursor.getClassSchema());
        server.clearRequests();
        // The registry goes down (the hub that embeds it is stopped); the agent restarts.
        server.replyJson("POST", "/subjects/" + SUBJECT, 503, "{\"error_code\":50301,\"message\":\"down\"}");
        server.replyJson("GET", "/schemas/ids/" + cursorId, 503, "{\"error_code\":50301,\"message\":\"down\"}");

        SchemaRegistryClient restarted = new SchemaRegistryClient(server.baseUrl()).withKnownSchemas(known);

        assertThat(restarted.idOf(SUBJECT, SiteEvent.getClassSchema())).isEqualTo(id);
        assertThat(restarted.schemaById(cursorId)).isEqualTo(SiteCursor.getClassSchema());
        assertThat(server.requests()).as("nothing asked of the registry").isEmpty();
        // Without the kept answers the same restart cannot find its schema.
        assertThat(catchThrowableOfType(SchemaRegistryException.class,
                () -> new SchemaRegistryClient(server.baseUrl()).idOf(SUBJECT, SiteEvent.getClassSchema())).retriable())
                .isTrue();
    }
}
