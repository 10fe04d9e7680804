package org.archivesync.schemas.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client for the Confluent Schema Registry REST API (v1), written from Confluent's public API reference so it talks
 * to a real Confluent Schema Registry and to the hub's compatible endpoint alike.
 *
 * <p>Ids and registrations are cached: a schema id never changes its schema, and a (subject, schema) pair once
 * registered keeps its id, so a producer asks the registry once per schema, not once per record. Both caches keep the
 * {@link #CACHED_SCHEMAS} most recently used entries: a record names any id it likes, so what the cache holds must not
 * grow with what records claim. With {@link #withKnownSchemas} the answers also outlive the process. Thread-safe.
 * Errors come back as {@link SchemaRegistryException} subclasses named for Confluent's {@code error_code}.
 */
public final class SchemaRegistryClient {

    /** Confluent's content type for requests. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** Entries kept in each cache: far more than the schemas a subject has versions, far fewer than ids can name. */
    public static final int CACHED_SCHEMAS = 256;
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final String authorization;
    private final String user;
    private final ObjectMapper json = JsonMapper.builder().build();
    private final Map<Integer, Schema> schemasById = lru();
    private final Map<SubjectSchema, Integer> idsBySubject = lru();
    private final KnownSchemas known;

    private record SubjectSchema(String subject, Schema schema) {
    }

    /**
     * Where a client keeps the ids it learned beyond its own lifetime (a table in a local store), so that a process
     * started while the registry is down still writes and reads the schemas it has used before. Only answers the
     * registry gave are kept: an id never changes its schema, so a kept answer never goes stale. Implementations are
     * called from any thread and must be thread-safe; a failure to keep an answer must not throw.
     */
    public interface KnownSchemas {

        /** Keeps nothing. */
        KnownSchemas NONE = new KnownSchemas() {
            @Override
            public Integer idOf(String subject, Schema schema) {
                return null;
            }

            @Override
            public Schema schemaById(int id) {
                return null;
            }

            @Override
            public void rememberId(String subject, Schema schema, int id) {
            }

            @Override
            public void rememberSchema(int id, Schema schema) {
            }
        };

        /** The id the registry gave {@code schema} under {@code subject}, or null when never asked. */
        Integer idOf(String subject, Schema schema);

        /** The schema the registry named by {@code id}, or null when never asked. */
        Schema schemaById(int id);

        /** Keeps the registry's answer for {@code schema} under {@code subject}. */
        void rememberId(String subject, Schema schema, int id);

        /** Keeps the registry's answer for {@code id}. */
        void rememberSchema(int id, Schema schema);
    }

    /**
     * @param baseUrl the registry's base URL, e.g. {@code http://localhost:8080/registry} (never null)
     */
    public SchemaRegistryClient(URI baseUrl) {
        this(baseUrl, Duration.ofSeconds(10), null);
    }

    /**
     * @param baseUrl the registry's base URL (never null)
     * @param timeout per-request timeout (never null)
     * @param basicAuthUserInfo {@code user:password} for HTTP basic authentication, as Confluent's
     *                          {@code basic.auth.user.info}; null for none
     */
    public SchemaRegistryClient(URI baseUrl, Duration timeout, String basicAuthUserInfo) {
        this(baseUrl, timeout, basicAuthUserInfo, null);
    }

    /**
     * As {@link #SchemaRegistryClient(URI, Duration, String)}, speaking TLS with {@code sslContext} (its trust
     * managers decide which server certificates are accepted); null for the JVM's default.
     */
    public SchemaRegistryClient(URI baseUrl, Duration timeout, String basicAuthUserInfo, SSLContext sslContext) {
        // A user:password@ in the URL never reaches a message or a log: only the credentials source URL reads it.
        String text = withoutUserInfo(baseUrl).toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        this.http = builder.build();
        this.authorization = basicAuthUserInfo == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
        int colon = basicAuthUserInfo == null ? -1 : basicAuthUserInfo.indexOf(':');
        this.user = basicAuthUserInfo == null ? null : colon < 0 ? basicAuthUserInfo : basicAuthUserInfo.substring(0, colon);
        this.known = KnownSchemas.NONE;
    }

    private SchemaRegistryClient(SchemaRegistryClient other, KnownSchemas known) {
        this.base = other.base;
        this.timeout = other.timeout;
        this.http = other.http;
        this.authorization = other.authorization;
        this.user = other.user;
        this.known = known;
    }

    /**
     * The same client that also asks {@code known} before the registry, and tells it every id the registry answered:
     * the registry is then needed only for a schema or an id this client (in this or an earlier process) never saw.
     *
     * @param known where answers are kept (never null)
     */
    public SchemaRegistryClient withKnownSchemas(KnownSchemas known) {
        return new SchemaRegistryClient(this, known);
    }

    /**
     * A client configured as Confluent's serdes are, with {@code basic.auth.credentials.source} and
     * {@code basic.auth.user.info}.
     *
     * @param baseUrl the registry's base URL (never null); with source {@code URL} it carries {@code user:password@}
     * @param timeout per-request timeout (never null)
     * @param credentialsSource {@code USER_INFO} (the default when null or blank: {@code userInfo}, if any) or
     *                          {@code URL} (the user info of {@code baseUrl}); case-insensitive
     * @param userInfo {@code user:password}; null for none. Required, with a colon, when the source is USER_INFO and
     *                 credentials are wanted
     * @throws IllegalArgumentException for another source, a USER_INFO value without a colon, or source URL with a URL
     *                                  that has no user info; the message names the setting, never the password
     */
    public static SchemaRegistryClient withBasicAuth(URI baseUrl, Duration timeout, String credentialsSource,
                                                     String userInfo) {
        String source = credentialsSource == null || credentialsSource.isBlank() ? "USER_INFO"
                : credentialsSource.strip().toUpperCase(java.util.Locale.ROOT);
        switch (source) {
            case "USER_INFO" -> {
                if (userInfo != null && !userInfo.isEmpty() && userInfo.indexOf(':') < 1) {
                    throw new IllegalArgumentException("basic.auth.user.info must be user:password");
                }
                return new SchemaRegistryClient(baseUrl, timeout, userInfo == null || userInfo.isEmpty() ? null : userInfo);
            }
            case "URL" -> {
                String fromUrl = baseUrl.getUserInfo();
                if (fromUrl == null || fromUrl.indexOf(':') < 1) {
                    throw new IllegalArgumentException("basic.auth.credentials.source=URL needs the registry URL to"
                            + " carry user:password@ (" + withoutUserInfo(baseUrl) + " has none)");
                }
                return new SchemaRegistryClient(baseUrl, timeout, fromUrl);
            }
            default -> throw new IllegalArgumentException("basic.auth.credentials.source must be USER_INFO or URL, not "
                    + credentialsSource);
        }
    }

    /** The user this client signs in as, or null when it sends no credentials. Never the password. */
    public String user() {
        return user;
    }

    /** The base URL this client talks to. */
    public URI baseUrl() {
        return base;
    }

    /**
     * Registers {@code schema} under {@code subject} ({@code POST /subjects/{subject}/versions}), or returns the id it
     * already has there.
     *
     * @return the global schema id
     * @throws SchemaRegistryException.IncompatibleSchemaException when the subject's compatibility level refuses it
     */
    public int register(String subject, Schema schema) {
        Integer cached = idsBySubject.get(new SubjectSchema(subject, schema));
        if (cached != null) {
            return cached;
        }
        JsonNode body = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = body.path("id").asInt();
        remember(subject, schema, id);
        return id;
    }

    /**
     * Looks up {@code schema} under {@code subject} without registering it ({@code POST /subjects/{subject}}).
     *
     * @throws SchemaRegistryException.SubjectNotFoundException when the subject does not exist
     * @throws SchemaRegistryException.SchemaNotFoundException when the schema is not registered under it
     */
    public RegisteredSchema lookup(String subject, Schema schema) {
        JsonNode body = send("POST", "/subjects/" + encode(subject), schemaBody(schema));
        RegisteredSchema found = registered(body, subject);
        remember(subject, schema, found.id());
        return found;
    }

    /** The id of {@code schema} under {@code subject}, from the cache or by {@link #lookup}. */
    public int idOf(String subject, Schema schema) {
        Integer cached = idsBySubject.get(new SubjectSchema(subject, schema));
        if (cached != null) {
            return cached;
        }
        Integer kept = known.idOf(subject, schema);
        if (kept != null) {
            idsBySubject.put(new SubjectSchema(subject, schema), kept);
            return kept;
        }
        return lookup(subject, schema).id();
    }

    /**
     * The schema with global id {@code id} ({@code GET /schemas/ids/{id}}), cached for the client's lifetime.
     *
     * @throws SchemaRegistryException.SchemaNotFoundException when no schema has that id
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema kept = known.schemaById(id);
        if (kept != null) {
            Schema earlier = schemasById.putIfAbsent(id, kept);
            return earlier != null ? earlier : kept;
        }
        JsonNode body = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(body.path("schema").asString());
        known.rememberSchema(id, schema);
        // Another thread may have fetched it meanwhile: keep one instance per id, as fingerprints are cached by instance.
        Schema earlier = schemasById.putIfAbsent(id, schema);
        return earlier != null ? earlier : schema;
    }

    /** How many schemas are cached by id now; for tests of the bound. */
    int cachedSchemas() {
        return schemasById.size();
    }

    /** A version of a subject ({@code GET /subjects/{subject}/versions/{version}}); {@code version} is a number or "latest". */
    public RegisteredSchema version(String subject, String version) {
        return registered(send("GET", "/subjects/" + encode(subject) + "/versions/" + encode(version), null), subject);
    }

    /** All subjects ({@code GET /subjects}). */
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        send("GET", "/subjects", null).forEach(n -> out.add(n.asString()));
        return out;
    }

    /** The versions of a subject ({@code GET /subjects/{subject}/versions}). */
    public List<Integer> versions(String subject) {
        List<Integer> out = new ArrayList<>();
        send("GET", "/subjects/" + encode(subject) + "/versions", null).forEach(n -> out.add(n.asInt()));
        return out;
    }

    /**
     * Tests {@code schema} against a version of {@code subject} under the subject's compatibility level
     * ({@code POST /compatibility/subjects/{subject}/versions/{version}?verbose=true}).
     */
    public CompatibilityResult testCompatibility(String subject, String version, Schema schema) {
        JsonNode body = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/" + encode(version)
                + "?verbose=true", schemaBody(schema));
        List<String> messages = new ArrayList<>();
        body.path("messages").forEach(n -> messages.add(n.asString()));
        return new CompatibilityResult(body.path("is_compatible").asBoolean(), List.copyOf(messages));
    }

    /**
     * The compatibility level of {@code subject}, falling back to the global level when the subject has none
     * ({@code GET /config/{subject}?defaultToGlobal=true}); the global level when {@code subject} is null
     * ({@code GET /config}).
     */
    public CompatibilityLevel compatibility(String subject) {
        String path = subject == null ? "/config" : "/config/" + encode(subject) + "?defaultToGlobal=true";
        return CompatibilityLevel.valueOf(send("GET", path, null).path("compatibilityLevel").asString());
    }

    /**
     * Sets the compatibility level of {@code subject}, or the global level when {@code subject} is null
     * ({@code PUT /config[/{subject}]}).
     *
     * @return the level the registry now reports
     */
    public CompatibilityLevel updateCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        String path = subject == null ? "/config" : "/config/" + encode(subject);
        return CompatibilityLevel.valueOf(send("PUT", path, body.toString()).path("compatibility").asString());
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.put(new SubjectSchema(subject, schema), id);
        schemasById.putIfAbsent(id, schema);
        known.rememberId(subject, schema, id);
    }

    private RegisteredSchema registered(JsonNode body, String subject) {
        Schema schema = parse(body.path("schema").asString());
        int id = body.path("id").asInt();
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(body.path("subject").asString(subject), id, body.path("version").asInt(), schema);
    }

    private String schemaBody(Schema schema) {
        // "schemaType" is omitted: Confluent's default is AVRO, and older servers reject the field.
        return json.createObjectNode().put("schema", schema.toString()).toString();
    }

    private Schema parse(String text) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            // Not only SchemaParseException: Avro 1.12 reports an undefined type name as a NullPointerException and a
            // bad default as an AvroTypeException. Either way the registry's answer is unusable, and typed as such.
            throw new SchemaRegistryException(200, -1, "registry at " + base + " returned a schema Avro cannot parse: " + e.getMessage());
        }
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry at " + base + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while calling the schema registry at " + base, e);
        }
        JsonNode tree = readTree(response);
        if (response.statusCode() >= 200 && response.statusCode() < 300) {
            return tree;
        }
        int code = tree.path("error_code").asInt(response.statusCode());
        String message = tree.path("message").asString("HTTP " + response.statusCode() + " from " + method + " " + path);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new SchemaRegistryException.AccessDeniedException(response.statusCode(), code, user,
                    refusal(response.statusCode(), method, path, message));
        }
        throw SchemaRegistryException.of(response.statusCode(), code, message);
    }

    /** What a person must fix, naming the registry and the user, never the password. */
    private String refusal(int status, String method, String path, String answer) {
        if (status == 403) {
            return "schema registry at " + base + " does not let user '" + user + "' " + method + " " + path
                    + " (HTTP 403): " + answer;
        }
        return user == null
                ? "schema registry at " + base + " needs credentials (HTTP 401) and none are configured"
                        + " (basic.auth.user.info): " + answer
                : "schema registry at " + base + " refused the credentials of user '" + user + "' (HTTP 401): " + answer;
    }

    private static URI withoutUserInfo(URI url) {
        if (url.getRawUserInfo() == null) {
            return url;
        }
        String text = url.toString();
        return URI.create(text.replace(url.getRawUserInfo() + "@", ""));
    }

    private JsonNode readTree(HttpResponse<String> response) {
        String text = response.body();
        if (text == null || text.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            if (response.statusCode() >= 400) {
                // A proxy's HTML error page: keep the status, say what came back.
                return json.createObjectNode().put("message", "HTTP " + response.statusCode() + ": "
                        + text.substring(0, Math.min(200, text.length())));
            }
            throw new SchemaRegistryException(response.statusCode(), -1, "registry at " + base + " answered with invalid JSON");
        }
    }

    private static <K, V> Map<K, V> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > CACHED_SCHEMAS;
            }
        });
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
