package org.archivesync.agent.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.archivesync.avro.SiteEvent;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * A minimal Confluent-compatible schema registry for the agent's tests: register, look up, fetch by id. The schemas
 * module's {@code LocalRegistryServer} was not yet in its installed test-jar when these tests were written. It can be
 * switched "down" (503, as a registry behind a failing proxy) to test the publisher's back-off.
 */
public final class TestRegistry implements AutoCloseable {

    private final HttpServer server;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final AtomicBoolean up = new AtomicBoolean(true);
    private final AtomicInteger requests = new AtomicInteger();
    private int nextId;

    private TestRegistry(HttpServer server, int firstId) {
        this.server = server;
        this.nextId = firstId;
    }

    /**
     * Starts on an ephemeral loopback port with the site-event schema registered, as the hub registers the contract at
     * its start (agents only look it up): it gets id {@code firstId} (large, so every byte of the prefix counts).
     */
    public static TestRegistry start(int firstId) {
        TestRegistry r = startEmpty(firstId);
        r.register(SiteEvent.getClassSchema().toString());
        return r;
    }

    /** Starts with nothing registered: an agent started against it refuses to start. */
    public static TestRegistry startEmpty(int firstId) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TestRegistry r = new TestRegistry(http, firstId);
            http.createContext("/", r::handle);
            http.start();
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void setUp(boolean available) {
        up.set(available);
    }

    public int requests() {
        return requests.get();
    }

    private synchronized void handle(HttpExchange x) throws IOException {
        requests.incrementAndGet();
        try (x) {
            if (!up.get()) {
                send(x, 503, "{\"error_code\":50301,\"message\":\"registry down for the test\"}");
                return;
            }
            String path = x.getRequestURI().getPath();
            String method = x.getRequestMethod();
            if (method.equals("POST") && path.matches("/subjects/[^/]+/versions")) {
                String schema = schemaOf(x);
                send(x, 200, "{\"id\":" + register(schema) + "}");
            } else if (method.equals("POST") && path.matches("/subjects/[^/]+")) {
                String schema = schemaOf(x);
                Integer id = idsByCanonical.get(new Schema.Parser().parse(schema).toString());
                if (id == null) {
                    send(x, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
                } else {
                    String subject = path.substring("/subjects/".length());
                    send(x, 200, json.createObjectNode().put("subject", subject).put("id", id).put("version", 1)
                            .put("schema", schemasById.get(id)).toString());
                }
            } else if (method.equals("GET") && path.matches("/schemas/ids/\\d+")) {
                int id = Integer.parseInt(path.substring("/schemas/ids/".length()));
                String schema = schemasById.get(id);
                if (schema == null) {
                    send(x, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
                } else {
                    send(x, 200, json.createObjectNode().put("schema", schema).toString());
                }
            } else {
                send(x, 404, "{\"error_code\":404,\"message\":\"not supported by the test registry\"}");
            }
        }
    }

    private synchronized int register(String schema) {
        String canonical = new Schema.Parser().parse(schema).toString();
        return idsByCanonical.computeIfAbsent(canonical, c -> {
            int id = nextId++;
            schemasById.put(id, c);
            return id;
        });
    }

    private String schemaOf(HttpExchange x) throws IOException {
        JsonNode body = json.readTree(x.getRequestBody().readAllBytes());
        return body.path("schema").asString();
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
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
