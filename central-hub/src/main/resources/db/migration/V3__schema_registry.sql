-- The hub's Confluent-compatible schema registry (org.archivesync.hub.registry), the embedded default.

-- One row per distinct schema; id is the global schema id that travels in the Confluent wire prefix.
-- canonical is Avro's own normalized JSON of the parsed schema (whitespace and key order gone, docs, defaults and
-- logical types kept: they change how data resolves), and what GET returns. fingerprint = SHA-256 of canonical
-- (Avro's SchemaNormalization.fingerprint): the dedupe key, as canonical itself is too long for a btree index.
CREATE TABLE registry_schemas (
    id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schema_type   text NOT NULL DEFAULT 'AVRO' CHECK (schema_type = 'AVRO'),
    canonical     text NOT NULL CHECK (length(canonical) > 0),
    fingerprint   bytea NOT NULL UNIQUE CHECK (length(fingerprint) = 32),
    registered_at timestamptz NOT NULL DEFAULT now()
);

-- Versions of a subject, from 1, gapless; a schema appears at most once under a subject.
CREATE TABLE registry_subject_versions (
    subject       text NOT NULL CHECK (length(subject) > 0),
    version       integer NOT NULL CHECK (version > 0),
    schema_id     integer NOT NULL REFERENCES registry_schemas (id),
    registered_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (subject, version),
    UNIQUE (subject, schema_id)
);
CREATE INDEX registry_subject_versions_schema ON registry_subject_versions (schema_id);

-- The global compatibility level once set by PUT /config (one row at most); until then the configured default.
CREATE TABLE registry_global_config (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    compatibility text NOT NULL CHECK (compatibility IN ('NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD',
                                                         'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'))
);

-- Subject-level compatibility (PUT /config/{subject}); a subject may be configured before it has versions.
CREATE TABLE registry_subject_config (
    subject       text PRIMARY KEY CHECK (length(subject) > 0),
    compatibility text NOT NULL CHECK (compatibility IN ('NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD',
                                                         'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'))
);
