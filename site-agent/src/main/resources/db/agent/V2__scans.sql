-- The scan-folder watcher's ledger: one row per scan file it has acted on, keyed by its path under the scan folder
-- ('/' separators). A restart resumes from it: PROCESSING rows are processed again from the start, and a problem is
-- reported once per version (size, modification time) of a file. detail holds a message key or the object key of the
-- duplicated object, never file content. A scan refused as a state secret has no hash: it is never read.
CREATE TABLE scans (
    path        TEXT PRIMARY KEY,
    fonds_code  TEXT,
    file_code   TEXT,
    size_bytes  INTEGER NOT NULL,
    modified_at INTEGER NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('PROCESSING', 'DIGITIZED', 'SECRET_REFUSED', 'UNKNOWN_FILE',
                                                  'FILE_NOT_ACTIVE', 'NOT_IN_LAYOUT', 'EMPTY', 'UNREADABLE',
                                                  'DUPLICATE', 'REFUSED')),
    detail      TEXT,
    sha256      BLOB CHECK (sha256 IS NULL OR length(sha256) = 32),
    object_key  TEXT,
    sequence    INTEGER,
    seen_at     INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK (state <> 'SECRET_REFUSED' OR sha256 IS NULL)
);
CREATE INDEX scans_by_state ON scans (state);

-- Duplicate scans are found by content.
CREATE INDEX digital_objects_by_sha256 ON digital_objects (sha256);
