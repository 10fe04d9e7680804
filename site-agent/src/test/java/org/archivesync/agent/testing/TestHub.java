package org.archivesync.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.archivesync.schemas.integrity.SiteKeys;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hub's side of enrollment as docs/contracts.md fixes it: {@code POST /api/enrollment}
 * {@code {"siteCode","token","publicKey"}} → 201 {@code {"siteCode","keyId"}}; 401 for an unknown, used or expired
 * token; 404 for an unknown site; 400 for a malformed key; errors as RFC 9457 problem details.
 */
public final class TestHub implements AutoCloseable {

    private final HttpServer server;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Set<String> sites = ConcurrentHashMap.newKeySet();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final List<PublicKey> enrolledKeys = new CopyOnWriteArrayList<>();
    private volatile String answeredKeyId;

    private TestHub(HttpServer server) {
        this.server = server;
    }

    public static TestHub start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestHub hub = new TestHub(http);
            http.createContext("/api/enrollment", hub::enroll);
            http.start();
            return hub;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Creates a site with a one-time token, as an operator does. */
    public TestHub site(String siteCode, String token) {
        sites.add(siteCode);
        validTokens.add(siteCode + "|" + token);
        return this;
    }

    /** From now on the 201 names this key id instead of the enrolled key's own: a hub that mixed up its keys. */
    public TestHub answeringKeyId(String keyId) {
        this.answeredKeyId = keyId;
        return this;
    }

    public List<JsonNode> requests() {
        return requests;
    }

    public List<PublicKey> enrolledKeys() {
        return enrolledKeys;
    }

    private void enroll(HttpExchange x) throws IOException {
        try (x) {
            JsonNode body = json.readTree(x.getRequestBody().readAllBytes());
            requests.add(body);
            String site = body.path("siteCode").asString("");
            String token = body.path("token").asString("");
            if (!x.getRequestMethod().equals("POST")) {
                problem(x, 405, "Method not allowed");
            } else if (!sites.contains(site)) {
                problem(x, 404, "Unknown site " + site);
            } else if (!validTokens.remove(site + "|" + token)) {
                problem(x, 401, "Enrollment token is unknown, used or expired");
            } else {
                PublicKey key;
                try {
                    key = SiteKeys.decodePublic(body.path("publicKey").asString(""));
                } catch (IllegalArgumentException e) {
                    problem(x, 400, "publicKey is not a base64 X.509 Ed25519 key");
                    return;
                }
                enrolledKeys.add(key);
                send(x, 201, "application/json", json.createObjectNode().put("siteCode", site)
                        .put("keyId", answeredKeyId != null ? answeredKeyId : SiteKeys.keyId(key)).toString());
            }
        }
    }

    private void problem(HttpExchange x, int status, String detail) throws IOException {
        send(x, status, "application/problem+json", json.createObjectNode().put("type", "about:blank")
                .put("title", "Enrollment refused").put("status", status).put("detail", detail).toString());
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
