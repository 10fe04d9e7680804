package org.archivesync.hub.registry;

import java.util.List;
import java.util.Optional;
import org.archivesync.schemas.registry.CompatibilityLevel;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The registry's tables (V3__schema_registry.sql). Callers hold the transaction. */
final class RegistryStore {

    /** A stored subject version, with the schema's canonical text. */
    record Row(String subject, int version, int id, String canonical) {
        RegisteredVersion registered() {
            return new RegisteredVersion(subject, id, version, canonical);
        }
    }

    // Registrations under one subject queue here until commit, so two racing requests cannot both take version n+1 or
    // both miss the other's identical schema. Different subjects rarely share a lock (a 64-bit hash), and if they do
    // they only wait for each other.
    private static final String LOCK_SUBJECT = "SELECT pg_advisory_xact_lock(hashtextextended(:subject, 0))";

    // A schema racing in under another subject waits on the unique fingerprint, then finds the winner's row.
    private static final String INSERT_SCHEMA = """
            INSERT INTO registry_schemas (canonical, fingerprint) VALUES (:canonical, :fingerprint)
            ON CONFLICT (fingerprint) DO NOTHING
            RETURNING id""";

    private static final String SCHEMA_ID = "SELECT id FROM registry_schemas WHERE fingerprint = :fingerprint";

    private static final String SCHEMA_BY_ID = "SELECT canonical FROM registry_schemas WHERE id = :id";

    private static final String INSERT_VERSION = """
            INSERT INTO registry_subject_versions (subject, version, schema_id)
            SELECT :subject, coalesce(max(version), 0) + 1, :id FROM registry_subject_versions WHERE subject = :subject
            RETURNING version""";

    private static final String VERSION_OF_SCHEMA = """
            SELECT v.subject, v.version, s.id, s.canonical
            FROM registry_subject_versions v JOIN registry_schemas s ON s.id = v.schema_id
            WHERE v.subject = :subject AND s.fingerprint = :fingerprint""";

    private static final String VERSION = """
            SELECT v.subject, v.version, s.id, s.canonical
            FROM registry_subject_versions v JOIN registry_schemas s ON s.id = v.schema_id
            WHERE v.subject = :subject AND v.version = :version""";

    private static final String LATEST = """
            SELECT v.subject, v.version, s.id, s.canonical
            FROM registry_subject_versions v JOIN registry_schemas s ON s.id = v.schema_id
            WHERE v.subject = :subject ORDER BY v.version DESC LIMIT 1""";

    private static final String ALL_VERSIONS = """
            SELECT v.subject, v.version, s.id, s.canonical
            FROM registry_subject_versions v JOIN registry_schemas s ON s.id = v.schema_id
            WHERE v.subject = :subject ORDER BY v.version""";

    private static final String VERSION_NUMBERS =
            "SELECT version FROM registry_subject_versions WHERE subject = :subject ORDER BY version";

    private static final String SUBJECTS = "SELECT DISTINCT subject FROM registry_subject_versions ORDER BY subject";

    private static final String SUBJECT_EXISTS =
            "SELECT EXISTS (SELECT 1 FROM registry_subject_versions WHERE subject = :subject)";

    private static final String GLOBAL_LEVEL = "SELECT compatibility FROM registry_global_config";

    private static final String SET_GLOBAL_LEVEL = """
            INSERT INTO registry_global_config (singleton, compatibility) VALUES (true, :level)
            ON CONFLICT (singleton) DO UPDATE SET compatibility = EXCLUDED.compatibility""";

    private static final String SUBJECT_LEVEL =
            "SELECT compatibility FROM registry_subject_config WHERE subject = :subject";

    private static final String SET_SUBJECT_LEVEL = """
            INSERT INTO registry_subject_config (subject, compatibility) VALUES (:subject, :level)
            ON CONFLICT (subject) DO UPDATE SET compatibility = EXCLUDED.compatibility""";

    private final JdbcClient jdbc;

    RegistryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void lockSubject(String subject) {
        jdbc.sql(LOCK_SUBJECT).param("subject", subject).query().singleRow();
    }

    /** The id of the schema with this fingerprint, inserting it when new. */
    int schemaId(String canonical, byte[] fingerprint) {
        Optional<Integer> inserted = jdbc.sql(INSERT_SCHEMA).param("canonical", canonical)
                .param("fingerprint", fingerprint).query(Integer.class).optional();
        return inserted.orElseGet(() -> jdbc.sql(SCHEMA_ID).param("fingerprint", fingerprint).query(Integer.class).single());
    }

    Optional<String> schemaById(int id) {
        return jdbc.sql(SCHEMA_BY_ID).param("id", id).query(String.class).optional();
    }

    /** Adds the schema as the subject's next version; the subject must be locked. */
    int addVersion(String subject, int schemaId) {
        return jdbc.sql(INSERT_VERSION).param("subject", subject).param("id", schemaId).query(Integer.class).single();
    }

    Optional<Row> versionOf(String subject, byte[] fingerprint) {
        return jdbc.sql(VERSION_OF_SCHEMA).param("subject", subject).param("fingerprint", fingerprint)
                .query(Row.class).optional();
    }

    Optional<Row> version(String subject, int version) {
        return jdbc.sql(VERSION).param("subject", subject).param("version", version).query(Row.class).optional();
    }

    Optional<Row> latest(String subject) {
        return jdbc.sql(LATEST).param("subject", subject).query(Row.class).optional();
    }

    List<Row> versions(String subject) {
        return jdbc.sql(ALL_VERSIONS).param("subject", subject).query(Row.class).list();
    }

    List<Integer> versionNumbers(String subject) {
        return jdbc.sql(VERSION_NUMBERS).param("subject", subject).query(Integer.class).list();
    }

    List<String> subjects() {
        return jdbc.sql(SUBJECTS).query(String.class).list();
    }

    boolean subjectExists(String subject) {
        return jdbc.sql(SUBJECT_EXISTS).param("subject", subject).query(Boolean.class).single();
    }

    Optional<CompatibilityLevel> globalLevel() {
        return jdbc.sql(GLOBAL_LEVEL).query(String.class).optional().map(CompatibilityLevel::valueOf);
    }

    void setGlobalLevel(CompatibilityLevel level) {
        jdbc.sql(SET_GLOBAL_LEVEL).param("level", level.name()).update();
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return jdbc.sql(SUBJECT_LEVEL).param("subject", subject).query(String.class).optional()
                .map(CompatibilityLevel::valueOf);
    }

    void setSubjectLevel(String subject, CompatibilityLevel level) {
        jdbc.sql(SET_SUBJECT_LEVEL).param("subject", subject).param("level", level.name()).update();
    }
}
