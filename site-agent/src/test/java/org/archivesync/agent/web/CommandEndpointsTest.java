package org.archivesync.agent.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.LocalApi;
import org.archivesync.agent.testing.TestHub;
import org.archivesync.agent.testing.TestPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The HTTP edge of the command endpoints the catalogue derives: what a malformed or misdirected request gets (the
 * same as from the hand-written endpoints they replaced), path variables as command fields, decimals kept exactly.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "archive-sync.agent.publisher.enabled=false"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandEndpointsTest {

    static final Path DB = TestPaths.database("command-endpoints");
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
    AgentStore store;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> call(String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = LocalApi.request(port, path)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", LocalApi.bearer(DB)).timeout(Duration.ofSeconds(20));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void malformedJsonIsABadRequest() throws Exception {
        assertThat(call("POST", "/api/fonds", "application/json", "{\"fondsCode\":").statusCode()).isEqualTo(400);
        assertThat(call("PUT", "/api/files", "application/json", "{\"sheetCount\":\"many\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    @Order(1)
    void aMissingBodyIsABadRequest() throws Exception {
        assertThat(call("POST", "/api/boxes", "application/json", null).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(1)
    void aBodyThatIsNotJsonIsUnsupported() throws Exception {
        assertThat(call("POST", "/api/fonds", "text/plain", "{\"fondsCode\":\"F\"}").statusCode()).isEqualTo(415);
        assertThat(call("POST", "/api/fonds", null, "{\"fondsCode\":\"F\"}").statusCode()).isEqualTo(415);
    }

    @Test
    @Order(1)
    void anotherMethodIsNotAllowed() throws Exception {
        assertThat(call("GET", "/api/fonds", null, null).statusCode()).isEqualTo(405);
        assertThat(call("POST", "/api/files", "application/json", "{}").statusCode()).isEqualTo(405);
    }

    @Test
    @Order(2)
    void thePathNamesTheBoxAndDecimalsKeepTheirScale() throws Exception {
        enrollment.enroll(HUB.url(), "CM.CAINUOC.UBND", "tok", DB.resolveSibling("command-endpoints-key.pk8"));
        assertThat(call("POST", "/api/fonds", "application/json", """
                {"fondsCode":"PHONG.CN","name":"Phông","creatingBody":"UBND"}""").statusCode()).isEqualTo(201);
        assertThat(call("POST", "/api/boxes", "application/json", """
                {"boxCode":"H-1","fondsCode":"PHONG.CN","metres":0.10}""").statusCode()).isEqualTo(201);
        // Fields of the body that the path names are the path's.
        HttpResponse<String> sealed = call("POST", "/api/fonds/PHONG.CN/boxes/H-1/seal", "application/json", """
                {"sealNumber":"NP-1","fondsCode":"OTHER","boxCode":"H-9"}""");

        assertThat(sealed.statusCode()).isEqualTo(201);
        assertThat(sealed.body()).contains("\"firstSequence\":3", "\"id\":null");
        assertThat(box("PHONG.CN", "H-1")).isEqualTo("0.10 SEALED NP-1");
    }

    private String box(String fondsCode, String boxCode) {
        return store.read(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT metres, state, seal_number FROM boxes WHERE fonds_code = ? AND box_code = ?")) {
                p.setString(1, fondsCode);
                p.setString(2, boxCode);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3) : null;
                }
            }
        });
    }
}
