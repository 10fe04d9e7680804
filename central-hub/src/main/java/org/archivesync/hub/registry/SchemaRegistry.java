package org.archivesync.hub.registry;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.archivesync.schemas.registry.CompatibilityLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The hub's schema registry, with the semantics of Confluent's Schema Registry for Avro: global schema ids shared by
 * every subject that registers the same schema, versions per subject from 1, and compatibility levels checked with
 * Avro's own {@link org.apache.avro.SchemaCompatibility}. Stored in PostgreSQL; safe when registrations race, on one
 * hub or several sharing the database.
 *
 * <p>Two schemas are the same when Avro's normalized JSON of them is equal: whitespace and key order do not matter;
 * docs, defaults, aliases and logical types do, as they change how data resolves.
 *
 * <p>Every method throws {@link RegistryException} for what the caller got wrong, never returns null, and takes no
 * null argument except where said.
 */
public final class SchemaRegistry {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistry.class);
    /** The version id Confluent reads as "latest". */
    private static final int LATEST = -1;

    private final RegistryStore store;
    private final TransactionOperations transactions;
    private final CompatibilityLevel defaultLevel;

    SchemaRegistry(RegistryStore store, TransactionOperations transactions, CompatibilityLevel defaultLevel) {
        this.store = store;
        this.transactions = transactions;
        this.defaultLevel = defaultLevel;
    }

    /**
     * Registers a schema under a subject, or returns the id it already has there (no new version then). A schema
     * already registered under another subject keeps its global id.
     *
     * @return the global schema id
     * @throws RegistryException INVALID_SCHEMA when the text is not an Avro schema; INCOMPATIBLE_SCHEMA when the
     *                           subject's level refuses it
     */
    public int register(String subject, String schemaText) {
        Parsed parsed = parse(schemaText);
        return transactions.execute(tx -> {
            store.lockSubject(subject);
            Optional<RegistryStore.Row> existing = store.versionOf(subject, parsed.fingerprint());
            if (existing.isPresent()) {
                return existing.get().id();
            }
            CompatibilityLevel level = level(subject);
            List<String> violations = AvroCompatibility.violations(level, parsed.schema(), earlier(subject, level));
            if (!violations.isEmpty()) {
                log.info("schema refused subject={} level={} violations={}", subject, level, violations.size());
                throw RegistryException.incompatible("The schema is incompatible with an earlier schema of subject '"
                        + subject + "' under " + level + ": " + String.join("; ", violations));
            }
            int id = store.schemaId(parsed.canonical(), parsed.fingerprint());
            int version = store.addVersion(subject, id);
            log.info("schema registered subject={} version={} id={}", subject, version, id);
            return id;
        });
    }

    /**
     * The version of a subject that has this schema.
     *
     * @throws RegistryException SUBJECT_NOT_FOUND, INVALID_SCHEMA, or SCHEMA_NOT_FOUND when the subject has no such
     *                           schema
     */
    public RegisteredVersion lookup(String subject, String schemaText) {
        requireSubject(subject);
        Parsed parsed = parse(schemaText);
        return store.versionOf(subject, parsed.fingerprint()).map(RegistryStore.Row::registered)
                .orElseThrow(() -> RegistryException.schemaNotFound(
                        "Subject '" + subject + "' has no version with this schema."));
    }

    /**
     * The canonical schema text of a global id.
     *
     * @throws RegistryException SCHEMA_NOT_FOUND
     */
    public String schemaById(int id) {
        return store.schemaById(id)
                .orElseThrow(() -> RegistryException.schemaNotFound("No schema has id " + id + "."));
    }

    /** Every subject with at least one version, sorted. */
    public List<String> subjects() {
        return store.subjects();
    }

    /**
     * The version numbers of a subject, ascending.
     *
     * @throws RegistryException SUBJECT_NOT_FOUND
     */
    public List<Integer> versions(String subject) {
        List<Integer> versions = store.versionNumbers(subject);
        if (versions.isEmpty()) {
            throw RegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    /**
     * One version of a subject.
     *
     * @param version a number from 1, or {@code latest} (or {@code -1}) for the newest
     * @throws RegistryException INVALID_VERSION, SUBJECT_NOT_FOUND, VERSION_NOT_FOUND
     */
    public RegisteredVersion version(String subject, String version) {
        return row(subject, parseVersion(version)).registered();
    }

    /**
     * Tests a schema against one version of a subject under the subject's level (Confluent's
     * {@code POST /compatibility/subjects/{subject}/versions/{version}}).
     *
     * @throws RegistryException INVALID_VERSION, SUBJECT_NOT_FOUND, VERSION_NOT_FOUND, INVALID_SCHEMA
     */
    public CompatibilityVerdict testCompatibility(String subject, String version, String schemaText) {
        int wanted = parseVersion(version);
        RegistryStore.Row against = row(subject, wanted);
        Parsed parsed = parse(schemaText);
        return CompatibilityVerdict.of(AvroCompatibility.violations(level(subject), parsed.schema(),
                List.of(new AvroCompatibility.Earlier(against.version(), parseStored(against.canonical())))));
    }

    /**
     * Tests a schema as registration would: against the latest version, or every version under a transitive level.
     * A subject without versions accepts any valid schema.
     *
     * @throws RegistryException INVALID_SCHEMA
     */
    public CompatibilityVerdict testCompatibility(String subject, String schemaText) {
        Parsed parsed = parse(schemaText);
        CompatibilityLevel level = level(subject);
        return CompatibilityVerdict.of(AvroCompatibility.violations(level, parsed.schema(), earlier(subject, level)));
    }

    /** The global compatibility level. */
    public CompatibilityLevel globalCompatibility() {
        return store.globalLevel().orElse(defaultLevel);
    }

    /** The level set for the subject itself, if any. */
    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return store.subjectLevel(subject);
    }

    /** The level that applies to the subject: its own, else the global one. */
    public CompatibilityLevel level(String subject) {
        return store.subjectLevel(subject).orElseGet(this::globalCompatibility);
    }

    /**
     * Sets the level of a subject, or the global level when {@code subject} is null. Later registrations are checked
     * against it; versions already registered stay.
     */
    public void setCompatibility(String subject, CompatibilityLevel level) {
        if (subject == null) {
            store.setGlobalLevel(level);
        } else {
            store.setSubjectLevel(subject, level);
        }
        log.info("compatibility set subject={} level={}", subject == null ? "(global)" : subject, level);
    }

    /**
     * A level from its name, case-insensitive.
     *
     * @throws RegistryException INVALID_COMPATIBILITY_LEVEL
     */
    public static CompatibilityLevel parseLevel(String name) {
        if (name == null) {
            throw RegistryException.invalidCompatibilityLevel("null");
        }
        try {
            return CompatibilityLevel.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalidCompatibilityLevel(name);
        }
    }

    private List<AvroCompatibility.Earlier> earlier(String subject, CompatibilityLevel level) {
        if (level == CompatibilityLevel.NONE) {
            return List.of();
        }
        List<RegistryStore.Row> rows = AvroCompatibility.transitive(level)
                ? store.versions(subject) : store.latest(subject).map(List::of).orElse(List.of());
        return rows.stream().map(r -> new AvroCompatibility.Earlier(r.version(), parseStored(r.canonical()))).toList();
    }

    private RegistryStore.Row row(String subject, int version) {
        Optional<RegistryStore.Row> row = version == LATEST ? store.latest(subject) : store.version(subject, version);
        return row.orElseThrow(() -> store.subjectExists(subject)
                ? RegistryException.versionNotFound(subject, version)
                : RegistryException.subjectNotFound(subject));
    }

    private void requireSubject(String subject) {
        if (!store.subjectExists(subject)) {
            throw RegistryException.subjectNotFound(subject);
        }
    }

    /** Confluent's version ids: 1 to 2^31-1, or "latest" and -1 for the newest. */
    private static int parseVersion(String version) {
        String v = version.strip();
        if (v.equalsIgnoreCase("latest")) {
            return LATEST;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 || n == LATEST) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the typed error
        }
        throw RegistryException.invalidVersion(version);
    }

    private record Parsed(Schema schema, String canonical, byte[] fingerprint) {
    }

    private static Parsed parse(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryException.invalidSchema("The request has no schema.");
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            // Only the caller's text is parsed here, so any failure means it is not a schema. Avro 1.12.1 throws
            // SchemaParseException for most mistakes, AvroTypeException for a bad default, and a bare
            // NullPointerException for a name it cannot resolve.
            throw RegistryException.invalidSchema("Not a valid Avro schema: " + e.getMessage());
        }
        String canonical = schema.toString();
        try {
            return new Parsed(schema, canonical,
                    SchemaNormalization.fingerprint("SHA-256", canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static Schema parseStored(String canonical) {
        return new Schema.Parser().parse(canonical);
    }
}
