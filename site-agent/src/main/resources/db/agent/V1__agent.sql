-- The site agent's store: the office's own state, the outbox of signed events, and the site's identity.
-- Codes are TEXT as offices write them; metres are decimal TEXT with two places (never REAL: no binary rounding);
-- instants are epoch milliseconds; dates are ISO-8601 TEXT (yyyy-mm-dd).

CREATE TABLE site_identity (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    site_code   TEXT    NOT NULL,
    key_id      TEXT    NOT NULL,
    public_key  TEXT    NOT NULL,
    key_file    TEXT    NOT NULL,
    hub_url     TEXT    NOT NULL,
    enrolled_at INTEGER NOT NULL
);

CREATE TABLE fonds (
    fonds_code         TEXT PRIMARY KEY,
    name               TEXT    NOT NULL,
    creating_body      TEXT    NOT NULL,
    creating_unit_code TEXT,
    start_date         TEXT,
    end_date           TEXT,
    closed             INTEGER NOT NULL CHECK (closed IN (0, 1)),
    last_sequence      INTEGER NOT NULL
);

CREATE TABLE storage_locations (
    location_code        TEXT PRIMARY KEY,
    name                 TEXT    NOT NULL,
    parent_location_code TEXT REFERENCES storage_locations (location_code),
    address              TEXT,
    area_square_metres   TEXT,
    shelf_count          INTEGER,
    capacity_metres      TEXT,
    last_sequence        INTEGER NOT NULL
);

CREATE TABLE extents (
    fonds_code               TEXT PRIMARY KEY REFERENCES fonds (fonds_code),
    sorted_metres            TEXT    NOT NULL,
    unsorted_metres          TEXT    NOT NULL,
    ready_to_digitize_metres TEXT    NOT NULL,
    as_of                    TEXT    NOT NULL,
    last_sequence            INTEGER NOT NULL
);

CREATE TABLE boxes (
    box_code      TEXT PRIMARY KEY,
    fonds_code    TEXT    NOT NULL REFERENCES fonds (fonds_code),
    location_code TEXT REFERENCES storage_locations (location_code),
    metres        TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('PACKED', 'SEALED')),
    seal_number   TEXT,
    custody       TEXT    NOT NULL DEFAULT 'AT_SITE' CHECK (custody IN ('AT_SITE', 'HANDED_OVER')),
    last_sequence INTEGER NOT NULL,
    CHECK (state = 'PACKED' OR seal_number IS NOT NULL)
);

CREATE TABLE destructions (
    destruction_id  TEXT PRIMARY KEY,
    decision_ref    TEXT    NOT NULL,
    first_approver  TEXT    NOT NULL,
    second_approver TEXT    NOT NULL,
    minutes_number  TEXT    NOT NULL,
    metres          TEXT    NOT NULL,
    destroyed_on    TEXT    NOT NULL,
    last_sequence   INTEGER NOT NULL,
    CHECK (first_approver <> second_approver)
);

CREATE TABLE files (
    fonds_code         TEXT    NOT NULL REFERENCES fonds (fonds_code),
    file_code          TEXT    NOT NULL,
    box_code           TEXT REFERENCES boxes (box_code),
    title              TEXT,
    start_date         TEXT,
    end_date           TEXT,
    sheet_count        INTEGER,
    page_count         INTEGER,
    retention          TEXT    NOT NULL CHECK (retention IN ('PERMANENT', 'FIXED_TERM')),
    retention_years    INTEGER,
    access_regime      TEXT    NOT NULL CHECK (access_regime IN ('OPEN', 'RESTRICTED', 'STATE_SECRET')),
    secret_level       TEXT CHECK (secret_level IN ('CONFIDENTIAL', 'SECRET', 'TOP_SECRET')),
    language           TEXT,
    keywords           TEXT,
    physical_condition TEXT,
    notes              TEXT,
    status             TEXT    NOT NULL CHECK (status IN ('ACTIVE', 'WITHDRAWN', 'HANDED_OVER', 'DESTROYED')),
    destruction_id     TEXT REFERENCES destructions (destruction_id),
    last_sequence      INTEGER NOT NULL,
    PRIMARY KEY (fonds_code, file_code),
    -- Law 29/2018/QH14 Art. 5: a state-secret file is a stub on this networked PC, whatever path wrote it.
    CHECK (access_regime <> 'STATE_SECRET' OR (title IS NULL AND keywords IS NULL AND physical_condition IS NULL
        AND notes IS NULL AND start_date IS NULL AND end_date IS NULL AND page_count IS NULL AND language IS NULL))
);

CREATE TABLE digital_objects (
    fonds_code     TEXT    NOT NULL,
    file_code      TEXT    NOT NULL,
    object_key     TEXT    NOT NULL,
    sha256         BLOB    NOT NULL CHECK (length(sha256) = 32),
    size_bytes     INTEGER NOT NULL,
    media_type     TEXT    NOT NULL,
    page_count     INTEGER,
    resolution_dpi INTEGER,
    last_sequence  INTEGER NOT NULL,
    PRIMARY KEY (fonds_code, file_code, object_key),
    FOREIGN KEY (fonds_code, file_code) REFERENCES files (fonds_code, file_code)
);

CREATE TABLE appraisals (
    fonds_code           TEXT    NOT NULL,
    file_code            TEXT    NOT NULL,
    decision             TEXT    NOT NULL CHECK (decision IN ('TRANSFER_TO_HISTORICAL', 'KEEP_AT_SUCCESSOR', 'DESTROY')),
    basis                TEXT,
    council_decision_ref TEXT,
    appraised_on         TEXT    NOT NULL,
    last_sequence        INTEGER NOT NULL,
    PRIMARY KEY (fonds_code, file_code),
    FOREIGN KEY (fonds_code, file_code) REFERENCES files (fonds_code, file_code)
);

-- One row per side this site recorded: SENT (HandoverRecorded) or RECEIVED (HandoverReceived).
CREATE TABLE handovers (
    handover_id         TEXT    NOT NULL,
    direction           TEXT    NOT NULL CHECK (direction IN ('SENT', 'RECEIVED')),
    receiver_kind       TEXT CHECK (receiver_kind IN ('SUCCESSOR_UNIT', 'HISTORICAL_ARCHIVE', 'OTHER_BODY')),
    receiving_unit_code TEXT,
    receiving_site_code TEXT,
    sender_site_code    TEXT,
    minutes_number      TEXT    NOT NULL,
    metres              TEXT    NOT NULL,
    handed_over_on      TEXT    NOT NULL,
    discrepancies       TEXT,
    last_sequence       INTEGER NOT NULL,
    PRIMARY KEY (handover_id, direction)
);

CREATE TABLE handover_items (
    handover_id TEXT NOT NULL,
    direction   TEXT NOT NULL,
    item_kind   TEXT NOT NULL CHECK (item_kind IN ('BOX', 'FILE')),
    box_code    TEXT,
    fonds_code  TEXT,
    file_code   TEXT,
    FOREIGN KEY (handover_id, direction) REFERENCES handovers (handover_id, direction),
    CHECK ((item_kind = 'BOX' AND box_code IS NOT NULL) OR (item_kind = 'FILE' AND fonds_code IS NOT NULL AND file_code IS NOT NULL))
);
CREATE INDEX handover_items_by_handover ON handover_items (handover_id, direction);

-- The outbox: every event exactly as recorded. body and hash never change; published_at is set on the broker's
-- acknowledgement and cleared again when the hub's cursor shows a range was lost.
CREATE TABLE outbox (
    sequence     INTEGER PRIMARY KEY,
    event_id     TEXT    NOT NULL UNIQUE,
    type         TEXT    NOT NULL,
    body         BLOB    NOT NULL,
    hash         BLOB    NOT NULL CHECK (length(hash) = 32),
    signature    BLOB,
    key_id       TEXT,
    recorded_at  INTEGER NOT NULL,
    published_at INTEGER,
    CHECK ((signature IS NULL) = (key_id IS NULL))
);
CREATE INDEX outbox_unpublished ON outbox (sequence) WHERE published_at IS NULL;

-- What the publisher last saw of the hub and the broker, so `status` can show it from any process.
CREATE TABLE delivery_state (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    hub_cursor_sequence INTEGER,
    hub_cursor_hash     BLOB,
    hub_quarantined     INTEGER,
    hub_cursor_seen_at  INTEGER,
    broker_reachable    INTEGER,
    broker_checked_at   INTEGER,
    last_error          TEXT
);
INSERT INTO delivery_state (id) VALUES (1);
