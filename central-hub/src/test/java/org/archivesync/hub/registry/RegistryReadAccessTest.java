package org.archivesync.hub.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/** {@code read-access: authenticated}: an anonymous read is refused, a hub user's is served, the hub reads its own. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class RegistryReadAccessTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    /** A fixed port, so the hub's own client (localhost:${server.port}) reaches it. */
    private static final int PORT = freePort();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE);
        HubTestProperties.withoutListeners(registry);
        registry.add("archive-sync.hub.registry.read-access", () -> "authenticated");
        registry.add("server.port", () -> PORT);
        TestOperators.register(registry);
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    /** The hub's own client, as ingest reads writer schemas with it. */
    @Autowired
    SchemaRegistryClient hubClient;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anAnonymousReadIsRefusedWith401() throws Exception {
        HttpResponse<String> answer = get("/subjects", null);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(JsonMapper.builder().build().readTree(answer.body()).path("error_code").asInt()).isEqualTo(40101);
    }

    @Test
    void aSignedInUserReads() throws Exception {
        assertThat(get("/subjects", TestOperators.authorization()).statusCode()).isEqualTo(200);
    }

    @Test
    void theHubStillReadsWhatItRegistered() {
        int id = hubClient.idOf("archive.site-events-value", SiteEvent.getClassSchema());
        var fresh = new SchemaRegistryClient(URI.create("http://localhost:" + port + "/registry"),
                java.time.Duration.ofSeconds(10), TestOperators.USERNAME + ":" + TestOperators.PASSWORD);

        assertThat(fresh.schemaById(id)).isEqualTo(SiteEvent.getClassSchema());
        assertThat(hubClient.schemaById(id)).isEqualTo(SiteEvent.getClassSchema());
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/registry" + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
