package org.archivesync.hub.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpEntity;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Confluent Schema Registry REST API v1 under {@code /registry}: the subset Kafka serializers, deserializers and
 * operators use. Bodies are read as bytes and parsed here, so a request typed as any of Confluent's accepted content
 * types (or none) is read the same way, as UTF-8 JSON.
 */
@RestController
@ConditionalOnProperty(name = "archive-sync.hub.registry.enabled", havingValue = "true", matchIfMissing = true)
@RequestMapping(path = "/registry", produces = {RegistryController.V1_JSON, RegistryController.DEFAULT_JSON,
        "application/json"})
class RegistryController {

    static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    static final String DEFAULT_JSON = "application/vnd.schemaregistry+json";
    // Confluent reads these (no type at all counts as octet-stream); anything else is refused with 415. Checked here
    // rather than by `consumes`, which would answer before this controller could shape Confluent's error body.
    private static final List<MediaType> ACCEPTED = MediaType.parseMediaTypes(
            List.of(V1_JSON, DEFAULT_JSON, "application/json", "application/octet-stream"));

    record SchemaId(int id) {
    }

    record SchemaText(String schema) {
    }

    record CompatibilityCheck(@JsonProperty("is_compatible") boolean isCompatible,
                              @JsonInclude(JsonInclude.Include.NON_NULL) List<String> messages) {
    }

    record CompatibilityLevelAnswer(String compatibilityLevel) {
    }

    record CompatibilityUpdate(String compatibility) {
    }

    private final SchemaRegistry registry;
    private final ObjectMapper json;

    RegistryController(SchemaRegistry registry, ObjectMapper json) {
        this.registry = registry;
        this.json = json;
    }

    @PostMapping("/subjects/{subject}/versions")
    SchemaId register(@PathVariable String subject, HttpEntity<byte[]> body) {
        return new SchemaId(registry.register(subject, schemaOf(body)));
    }

    @PostMapping("/subjects/{subject}")
    RegisteredVersion lookup(@PathVariable String subject, HttpEntity<byte[]> body) {
        return registry.lookup(subject, schemaOf(body));
    }

    @GetMapping("/schemas/ids/{id}")
    SchemaText schemaById(@PathVariable String id) {
        return new SchemaText(registry.schemaById(schemaId(id)));
    }

    /** The schema itself, unwrapped, as Confluent answers it. */
    @GetMapping("/schemas/ids/{id}/schema")
    String rawSchemaById(@PathVariable String id) {
        return registry.schemaById(schemaId(id));
    }

    @GetMapping("/subjects")
    List<String> subjects() {
        return registry.subjects();
    }

    @GetMapping("/subjects/{subject}/versions")
    List<Integer> versions(@PathVariable String subject) {
        return registry.versions(subject);
    }

    @GetMapping("/subjects/{subject}/versions/{version}")
    RegisteredVersion version(@PathVariable String subject, @PathVariable String version) {
        return registry.version(subject, version);
    }

    @PostMapping("/compatibility/subjects/{subject}/versions/{version}")
    CompatibilityCheck testAgainstVersion(@PathVariable String subject, @PathVariable String version,
                                          @RequestParam(defaultValue = "false") boolean verbose,
                                          HttpEntity<byte[]> body) {
        return answer(registry.testCompatibility(subject, version, schemaOf(body)), verbose);
    }

    @PostMapping("/compatibility/subjects/{subject}/versions")
    CompatibilityCheck testAgainstSubject(@PathVariable String subject,
                                          @RequestParam(defaultValue = "false") boolean verbose,
                                          HttpEntity<byte[]> body) {
        return answer(registry.testCompatibility(subject, schemaOf(body)), verbose);
    }

    @GetMapping("/config")
    CompatibilityLevelAnswer globalConfig() {
        return new CompatibilityLevelAnswer(registry.globalCompatibility().name());
    }

    @PutMapping("/config")
    CompatibilityUpdate setGlobalConfig(HttpEntity<byte[]> body) {
        var level = SchemaRegistry.parseLevel(field(body, "compatibility"));
        registry.setCompatibility(null, level);
        return new CompatibilityUpdate(level.name());
    }

    @GetMapping("/config/{subject}")
    CompatibilityLevelAnswer subjectConfig(@PathVariable String subject,
                                           @RequestParam(defaultValue = "false") boolean defaultToGlobal) {
        var level = defaultToGlobal ? registry.level(subject)
                : registry.subjectCompatibility(subject)
                        .orElseThrow(() -> RegistryException.compatibilityNotConfigured(subject));
        return new CompatibilityLevelAnswer(level.name());
    }

    @PutMapping("/config/{subject}")
    CompatibilityUpdate setSubjectConfig(@PathVariable String subject, HttpEntity<byte[]> body) {
        var level = SchemaRegistry.parseLevel(field(body, "compatibility"));
        registry.setCompatibility(subject, level);
        return new CompatibilityUpdate(level.name());
    }

    /** Confluent answers paths it does not serve with its own error body; so does this endpoint. */
    @RequestMapping("/**")
    void notServed(HttpServletRequest request) {
        throw RegistryException.notFound(request.getMethod(), request.getRequestURI());
    }

    private static CompatibilityCheck answer(CompatibilityVerdict verdict, boolean verbose) {
        return new CompatibilityCheck(verdict.compatible(), verbose ? verdict.messages() : null);
    }

    /** The schema of a register, lookup or compatibility request; only Avro without references is served. */
    private String schemaOf(HttpEntity<byte[]> body) {
        JsonNode request = read(body);
        String type = request.path("schemaType").asString("AVRO");
        if (!type.equalsIgnoreCase("AVRO")) {
            throw RegistryException.invalidSchema("Schema type " + type + " is not served here; only AVRO is.");
        }
        if (!request.path("references").isMissingNode() && !request.path("references").isNull()
                && !request.path("references").isEmpty()) {
            throw RegistryException.invalidSchema("Schema references are not served here.");
        }
        JsonNode schema = request.path("schema");
        return schema.isString() ? schema.asString() : null;
    }

    private String field(HttpEntity<byte[]> body, String name) {
        JsonNode value = read(body).path(name);
        return value.isString() ? value.asString() : null;
    }

    private JsonNode read(HttpEntity<byte[]> request) {
        MediaType type = request.getHeaders().getContentType();
        if (type != null && ACCEPTED.stream().noneMatch(a -> a.equalsTypeAndSubtype(type))) {
            throw RegistryException.unsupportedMediaType(type.toString());
        }
        byte[] body = request.getBody();
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode tree = json.readTree(body);
            if (!tree.isObject()) {
                throw RegistryException.unreadable("The request body must be a JSON object.");
            }
            return tree;
        } catch (JacksonException e) {
            throw RegistryException.unreadable("The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static int schemaId(String id) {
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw RegistryException.schemaNotFound("'" + id + "' is not a schema id.");
        }
    }
}
