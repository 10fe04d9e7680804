package org.archivesync.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A small Confluent-compatible schema registry on the JDK's HTTP server, for tests in every module (it ships in the
 * schemas test-jar). It keeps schemas in memory and answers the REST API v1 with Confluent's documented bodies and
 * error codes, so {@link SchemaRegistryClient}, the wire serdes, and any other Confluent client work against it:
 *
 * <ul>
 *   <li>{@code POST /subjects/{s}/versions} → {@code {"id":N}}; the same schema under any subject keeps its global id;
 *       a schema the subject's compatibility level refuses → 409</li>
 *   <li>{@code POST /subjects/{s}} (lookup) → {@code {"subject","id","version","schema"}}; 40401 / 40403</li>
 *   <li>{@code GET /schemas/ids/{id}} → {@code {"schema":"..."}}; 404 {@code {"error_code":40403,"message":"Schema not found"}}</li>
 *   <li>{@code GET /subjects}, {@code GET /subjects/{s}/versions}, {@code GET /subjects/{s}/versions/{n|latest}}</li>
 *   <li>{@code GET|PUT /config} and {@code /config/{s}} ({@code ?defaultToGlobal=true}); global level BACKWARD</li>
 *   <li>{@code POST /compatibility/subjects/{s}/versions/{n|latest}[?verbose=true]} → {@code {"is_compatible","messages"}}</li>
 * </ul>
 *
 * <p>It records every request (method, raw path, raw query, headers, body) so a test can assert what a client sent,
 * and {@link #reply} scripts the answer to one method and path, for error shapes no honest registry would produce on
 * demand (a 500, a proxy's HTML page). Start it with {@link #start()}, close it with {@link #close()}; it listens on
 * an ephemeral port of the loopback address. Thread-safe.
 */
public final class LocalRegistryServer implements AutoCloseable {

    /** Confluent's content type, used for every answer. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger log = LoggerFactory.getLogger(LocalRegistryServer.class);
    private static final String INVALID_SCHEMA = "Either the input schema or one of its references is invalid";

    /**
     * A request as the server received it.
     *
     * @param method the HTTP method
     * @param path the raw (still percent-encoded) path after the base path, e.g. {@code /subjects/a%20b/versions}
     * @param query the raw query string, or null when none
     * @param headers the request headers, names case-insensitive
     * @param body the body as UTF-8 text, empty when none
     */
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {

        /** The first value of a header, or null when absent. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The path with its query, as a client wrote it. */
        public String pathAndQuery() {
            return query == null ? path : path + "?" + query;
        }
    }

    private record Reply(int status, String contentType, String body) {
    }

    private record Version(int id, Schema schema) {
    }

    private static final class Refusal extends RuntimeException {
        final int status;
        final int errorCode;

        Refusal(int status, int errorCode, String message) {
            super(message, null, false, false);
            this.status = status;
            this.errorCode = errorCode;
        }
    }

    private final HttpServer server;
    private final String basePath;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> scripted = new ConcurrentHashMap<>();
    /** Basic-auth users ("user:password" → may write); empty means no authentication, as Confluent's default. */
    private final Map<String, Boolean> users = new ConcurrentHashMap<>();

    // Registry state, guarded by this.
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<String, List<Version>> subjects = new LinkedHashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int nextId;

    private LocalRegistryServer(HttpServer server, String basePath, int firstId) {
        this.server = server;
        this.basePath = basePath;
        this.nextId = firstId;
    }

    /** A registry at {@code http://127.0.0.1:<port>}, handing out ids from 1 as Confluent does. */
    public static LocalRegistryServer start() {
        return start(1, "");
    }

    /**
     * A registry handing out ids from {@code firstId} (a large first id makes every byte of a wire prefix count) under
     * {@code basePath} (e.g. {@code /registry}, as the hub serves it; empty for the root).
     */
    public static LocalRegistryServer start(int firstId, String basePath) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            LocalRegistryServer registry = new LocalRegistryServer(http, basePath, firstId);
            http.createContext(basePath.isEmpty() ? "/" : basePath, registry::handle);
            http.start();
            log.debug("local registry started url={}", registry.baseUrl());
            return registry;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local schema registry", e);
        }
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:41234} or {@code http://127.0.0.1:41234/registry}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
    }

    /** A new client of this registry, with its own cache. */
    public SchemaRegistryClient client() {
        return new SchemaRegistryClient(baseUrl());
    }

    /** Every request received so far, oldest first. */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests with this method and raw path (query ignored), oldest first. */
    public List<Request> requests(String method, String path) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).toList();
    }

    /** Forgets the requests received so far (not the schemas). */
    public void clearRequests() {
        requests.clear();
    }

    /**
     * Answers {@code method pathAndQuery} (raw, e.g. {@code GET /config} or {@code POST /subjects/s/versions}) with a
     * fixed reply from now on, instead of the registry's own answer.
     */
    public void reply(String method, String pathAndQuery, int status, String contentType, String body) {
        scripted.put(method + " " + pathAndQuery, new Reply(status, contentType, body));
    }

    /** As {@link #reply(String, String, int, String, String)} with a Confluent JSON body. */
    public void replyJson(String method, String pathAndQuery, int status, String jsonBody) {
        reply(method, pathAndQuery, status, CONTENT_TYPE, jsonBody);
    }

    /**
     * From now on every request needs HTTP basic credentials of a user added here, as Confluent's
     * {@code SCHEMA_REGISTRY_AUTHENTICATION_METHOD=BASIC}: none or wrong → 401 (40101); a read-only user's write → 403
     * (40301). Reads are GETs, lookups and compatibility tests.
     */
    public void addUser(String username, String password, boolean mayWrite) {
        users.put(username + ":" + password, mayWrite);
    }

    /** Drops every scripted reply: the registry answers for itself again. */
    public void clearReplies() {
        scripted.clear();
    }

    /**
     * Registers directly, without HTTP (to seed ids); applies the same compatibility rules.
     *
     * @throws IllegalStateException when the subject's compatibility level refuses the schema
     */
    public synchronized int register(String subject, Schema schema) {
        try {
            return registerChecked(subject, schema);
        } catch (Refusal r) {
            throw new IllegalStateException(r.getMessage());
        }
    }

    /**
     * The global id of {@code schema} under {@code subject}.
     *
     * @throws NoSuchElementException when it is not registered there
     */
    public synchronized int idOf(String subject, Schema schema) {
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(v -> v.schema().equals(schema)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(subject + " has no such schema")).id();
    }

    /** Sets the global compatibility level, as {@code PUT /config} would. */
    public synchronized void globalLevel(CompatibilityLevel level) {
        globalLevel = level;
    }

    @Override
    public void close() {
        server.stop(0);
        log.debug("local registry stopped url={}", baseUrl());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String rawPath = exchange.getRequestURI().getRawPath().substring(basePath.length());
            String query = exchange.getRequestURI().getRawQuery();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Request request = new Request(exchange.getRequestMethod(), rawPath, query, headers, body);
            requests.add(request);

            Reply reply = scripted.get(request.method() + " " + request.pathAndQuery());
            if (reply == null) {
                reply = refusal(request);
            }
            if (reply == null) {
                reply = answer(request);
            }
            log.debug("local registry request method={} path={} status={}", request.method(), rawPath, reply.status());
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } finally {
            exchange.close();
        }
    }

    /** 401 or 403 when users are set and the request's credentials do not allow it; null when allowed. */
    private Reply refusal(Request request) {
        if (users.isEmpty()) {
            return null;
        }
        String authorization = request.header("Authorization");
        Boolean mayWrite = null;
        if (authorization != null && authorization.startsWith("Basic ")) {
            try {
                mayWrite = users.get(new String(java.util.Base64.getDecoder().decode(authorization.substring(6)),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                mayWrite = null;
            }
        }
        if (mayWrite == null) {
            return error(401, 40101, "Unauthorized");
        }
        boolean read = request.method().equals("GET") || request.path().startsWith("/compatibility/")
                || (request.method().equals("POST") && request.path().matches("/subjects/[^/]+"));
        return read || mayWrite ? null : error(403, 40301, "User is denied operation Write");
    }

    private Reply answer(Request request) {
        try {
            return new Reply(200, CONTENT_TYPE, route(request).toString());
        } catch (Refusal r) {
            return error(r.status, r.errorCode, r.getMessage());
        } catch (RuntimeException e) {
            log.warn("local registry failed method={} path={} error={}", request.method(), request.path(), e.toString());
            return error(500, 50001, "Error in the backend data store");
        }
    }

    private Reply error(int status, int errorCode, String message) {
        return new Reply(status, CONTENT_TYPE,
                json.createObjectNode().put("error_code", errorCode).put("message", message).toString());
    }

    private synchronized JsonNode route(Request request) {
        List<String> s = segments(request.path());
        String method = request.method();
        Map<String, String> query = queryParameters(request.query());
        int n = s.size();
        if (n == 1 && s.get(0).equals("subjects") && method.equals("GET")) {
            ArrayNode out = json.createArrayNode();
            subjects.keySet().forEach(out::add);
            return out;
        }
        if (n == 2 && s.get(0).equals("subjects") && method.equals("POST")) {
            return lookup(s.get(1), parseSchema(request.body()));
        }
        if (n == 3 && s.get(0).equals("subjects") && s.get(2).equals("versions")) {
            if (method.equals("POST")) {
                return json.createObjectNode().put("id", registerChecked(s.get(1), parseSchema(request.body())));
            }
            if (method.equals("GET")) {
                ArrayNode out = json.createArrayNode();
                for (int v = 1; v <= versionsOf(s.get(1)).size(); v++) {
                    out.add(v);
                }
                return out;
            }
        }
        if (n == 4 && s.get(0).equals("subjects") && s.get(2).equals("versions") && method.equals("GET")) {
            String subject = s.get(1);
            int v = versionNumber(subject, s.get(3));
            return registered(subject, v, versionsOf(subject).get(v - 1));
        }
        if (n == 3 && s.get(0).equals("schemas") && s.get(1).equals("ids") && method.equals("GET")) {
            Schema schema = schemaById(s.get(2));
            return json.createObjectNode().put("schema", schema.toString());
        }
        if (n >= 1 && n <= 2 && s.get(0).equals("config")) {
            String subject = n == 2 ? s.get(1) : null;
            if (method.equals("GET")) {
                return json.createObjectNode().put("compatibilityLevel",
                        configuredLevel(subject, "true".equals(query.get("defaultToGlobal"))).name());
            }
            if (method.equals("PUT")) {
                CompatibilityLevel level = parseLevel(request.body());
                if (subject == null) {
                    globalLevel = level;
                } else {
                    subjectLevels.put(subject, level);
                }
                return json.createObjectNode().put("compatibility", level.name());
            }
        }
        if (n == 5 && s.get(0).equals("compatibility") && s.get(1).equals("subjects") && s.get(3).equals("versions")
                && method.equals("POST")) {
            String subject = s.get(2);
            Schema candidate = parseSchema(request.body());
            int v = versionNumber(subject, s.get(4));
            List<String> problems = incompatibilities(effectiveLevel(subject), candidate,
                    List.of(versionsOf(subject).get(v - 1).schema()));
            ObjectNode out = json.createObjectNode().put("is_compatible", problems.isEmpty());
            if ("true".equals(query.get("verbose"))) {
                ArrayNode messages = out.putArray("messages");
                problems.forEach(messages::add);
            }
            return out;
        }
        throw new Refusal(404, 404, "HTTP 404 Not Found");
    }

    private int registerChecked(String subject, Schema schema) {
        List<Version> versions = subjects.getOrDefault(subject, List.of());
        for (Version v : versions) {
            if (v.schema().equals(schema)) {
                return v.id();
            }
        }
        List<String> problems = incompatibilities(effectiveLevel(subject), schema,
                versions.stream().map(Version::schema).toList());
        if (!problems.isEmpty()) {
            throw new Refusal(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\", details: " + problems);
        }
        int id = idsBySchema.computeIfAbsent(schema, k -> {
            schemasById.put(nextId, k);
            return nextId++;
        });
        subjects.computeIfAbsent(subject, k -> new ArrayList<>()).add(new Version(id, schema));
        return id;
    }

    private JsonNode lookup(String subject, Schema schema) {
        List<Version> versions = versionsOf(subject);
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).schema().equals(schema)) {
                return registered(subject, i + 1, versions.get(i));
            }
        }
        throw new Refusal(404, 40403, "Schema not found");
    }

    private JsonNode registered(String subject, int version, Version v) {
        return json.createObjectNode().put("subject", subject).put("id", v.id()).put("version", version)
                .put("schema", v.schema().toString());
    }

    private List<Version> versionsOf(String subject) {
        List<Version> versions = subjects.get(subject);
        if (versions == null) {
            throw new Refusal(404, 40401, "Subject '" + subject + "' not found.");
        }
        return versions;
    }

    private int versionNumber(String subject, String text) {
        List<Version> versions = versionsOf(subject);
        int v;
        if (text.equals("latest") || text.equals("-1")) {
            v = versions.size();
        } else {
            try {
                v = Integer.parseInt(text);
            } catch (NumberFormatException e) {
                v = 0;
            }
            if (v <= 0) {
                throw new Refusal(422, 42202, "The specified version '" + text + "' is not a valid version id. "
                        + "Allowed values are between [1, 2^31-1] and the string \"latest\"");
            }
        }
        if (v > versions.size()) {
            throw new Refusal(404, 40402, "Version " + text + " not found.");
        }
        return v;
    }

    private Schema schemaById(String text) {
        Schema schema;
        try {
            schema = schemasById.get(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            schema = null;
        }
        if (schema == null) {
            throw new Refusal(404, 40403, "Schema not found");
        }
        return schema;
    }

    private CompatibilityLevel configuredLevel(String subject, boolean defaultToGlobal) {
        if (subject == null) {
            return globalLevel;
        }
        CompatibilityLevel level = subjectLevels.get(subject);
        if (level == null && !defaultToGlobal) {
            throw new Refusal(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
        }
        return level == null ? globalLevel : level;
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private CompatibilityLevel parseLevel(String body) {
        try {
            return CompatibilityLevel.valueOf(json.readTree(body).path("compatibility").asString(""));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new Refusal(422, 42203, "Invalid compatibility level. Valid values are none, backward, forward, full, "
                    + "backward_transitive, forward_transitive, and full_transitive");
        }
    }

    private Schema parseSchema(String body) {
        try {
            JsonNode request = json.readTree(body);
            String type = request.path("schemaType").asString("AVRO");
            if (!type.equals("AVRO")) {
                throw new Refusal(422, 42201, "Invalid schema type " + type + "; this registry holds Avro only");
            }
            return new Schema.Parser().parse(request.path("schema").asString(""));
        } catch (Refusal e) {
            throw e;
        } catch (RuntimeException e) {
            // Avro 1.12 reports an undefined type name as an NPE, hence RuntimeException.
            throw new Refusal(422, 42201, INVALID_SCHEMA);
        }
    }

    /** What stops {@code candidate} from joining {@code earlier} (oldest first) under {@code level}; empty when nothing. */
    private static List<String> incompatibilities(CompatibilityLevel level, Schema candidate, List<Schema> earlier) {
        if (earlier.isEmpty() || level == CompatibilityLevel.NONE) {
            return List.of();
        }
        boolean transitive = level.name().endsWith("_TRANSITIVE");
        List<Schema> against = transitive ? earlier : List.of(earlier.get(earlier.size() - 1));
        boolean backward = level.name().startsWith("BACKWARD") || level.name().startsWith("FULL");
        boolean forward = level.name().startsWith("FORWARD") || level.name().startsWith("FULL");
        List<String> problems = new ArrayList<>();
        for (Schema old : against) {
            if (backward) {
                problems.addAll(check(candidate, old));
            }
            if (forward) {
                problems.addAll(check(old, candidate));
            }
        }
        return problems;
    }

    private static List<String> check(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities()
                .stream()
                .map(i -> "{errorType:'" + i.getType() + "', description:'" + i.getMessage() + "', location:'"
                        + i.getLocation() + "'}")
                .toList();
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                // Decode per segment, after splitting, so an encoded '/' in a subject stays inside it.
                out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new HashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                out.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return out;
    }
}
