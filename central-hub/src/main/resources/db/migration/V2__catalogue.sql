-- The provincial catalogue: verified event log, per-site cursors, the projections built from the events, alerts and
-- the outbound outbox.
--
-- Foreign keys: only where a row and its target are written by the same site's stream or by the hub itself (a
-- site's cursor, parked events, boxes, destructions and their tombstones, handover items). A file can be appraised,
-- handed over or received by another site than the one that recorded it, and sites arrive in any order, so references
-- between sites are soft (plain columns, joined when present). The two hottest tables, events and files, carry no
-- foreign key to sites either: ingest writes them only for sites whose cursor row it holds locked, and the measured
-- cost of the per-row RI check was 30-50 % of the upsert (see WriteStrategyBenchmark).

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE (it reads a dictionary chosen by search_path); naming the dictionary makes the result
-- depend on the argument alone, so it may be used in indexes. lower() so "Cái Nước" and "CAI NUOC" fold alike.
CREATE FUNCTION archive_fold(t text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN lower(public.unaccent('public.unaccent'::regdictionary, t));

-- ---------------------------------------------------------------------------------------------------------------
-- Identity: administrative units and the lineage of the 2025 merger.
CREATE TABLE units (
    unit_code        text PRIMARY KEY,
    name             text NOT NULL CHECK (length(name) > 0),
    level            text NOT NULL CHECK (level IN ('PROVINCE', 'DISTRICT', 'COMMUNE', 'WARD')),
    parent_unit_code text REFERENCES units (unit_code),
    valid_from       date NOT NULL,
    valid_to         date,
    CHECK (valid_to IS NULL OR valid_to > valid_from)
);

-- Many-to-many: an old unit may be split between new ones (coverage PART), a new unit absorbs several old ones.
CREATE TABLE unit_lineage (
    old_unit_code text NOT NULL REFERENCES units (unit_code),
    new_unit_code text NOT NULL REFERENCES units (unit_code),
    coverage      text NOT NULL CHECK (coverage IN ('WHOLE', 'PART')),
    effective_on  date NOT NULL,
    legal_basis   text NOT NULL CHECK (length(legal_basis) > 0),
    PRIMARY KEY (old_unit_code, new_unit_code),
    CHECK (old_unit_code <> new_unit_code)
);
CREATE INDEX unit_lineage_new ON unit_lineage (new_unit_code);

-- ---------------------------------------------------------------------------------------------------------------
-- Delivery: cursors, the verified event log, parked events and quarantine.

-- One row per enrolled site that ever sent an event. Updated in the same transaction as the projections.
CREATE TABLE site_cursors (
    site_code       text PRIMARY KEY REFERENCES sites (site_code),
    last_sequence   bigint NOT NULL DEFAULT 0 CHECK (last_sequence >= 0),
    last_hash       bytea NOT NULL DEFAULT decode(repeat('00', 32), 'hex') CHECK (length(last_hash) = 32),
    quarantined     boolean NOT NULL DEFAULT false,
    -- Since when events have been parked waiting for a missing sequence or signature; null when nothing waits.
    waiting_since   timestamptz,
    waiting_alerted boolean NOT NULL DEFAULT false,
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Every applied event, exactly once per (site, sequence). body is the Avro binary the chain hash covers (without the
-- 5-byte wire prefix; schema_id says how to read it). A verified event the hub must not keep (a state-secret file
-- carrying more than its stub) is stored with its hash only: body null, withheld says why.
CREATE TABLE events (
    site_code   text   NOT NULL,
    sequence    bigint NOT NULL CHECK (sequence > 0),
    hash        bytea  NOT NULL CHECK (length(hash) = 32),
    type        text   NOT NULL,
    -- 'fondsCode/fileCode' of the one file the event is about (FileRecorded, FileAppraised, FileDigitized,
    -- FileWithdrawn), so the search indexer and the outbound publisher find changed files by a range scan of the key.
    subject     text,
    received_at timestamptz NOT NULL,
    schema_id   integer,
    body        bytea,
    signature   bytea CHECK (signature IS NULL OR length(signature) = 64),
    key_id      text,
    withheld    text,
    PRIMARY KEY (site_code, sequence),
    CHECK ((body IS NULL) = (withheld IS NOT NULL)),
    CHECK ((body IS NULL) OR (schema_id IS NOT NULL)),
    CHECK ((signature IS NULL) = (key_id IS NULL))
);

-- Events that cannot be applied yet: after a gap, an unsigned tail waiting for its signed event, or anything that
-- arrives while the site is quarantined. A withheld event (state-secret content) keeps its place in the chain by
-- hash only.
CREATE TABLE parked_events (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_code     text   NOT NULL REFERENCES sites (site_code),
    sequence      bigint NOT NULL CHECK (sequence > 0),
    hash          bytea  NOT NULL CHECK (length(hash) = 32),
    previous_hash bytea  NOT NULL CHECK (length(previous_hash) = 32),
    schema_id     integer,
    body          bytea,
    signature     bytea,
    key_id        text,
    withheld      text,
    origin        text   NOT NULL,
    parked_at     timestamptz NOT NULL,
    CHECK ((body IS NULL) = (withheld IS NOT NULL)),
    UNIQUE NULLS NOT DISTINCT (site_code, sequence, hash, signature)
);

-- Why a site's stream stopped, one row per verification failure; open while released_at is null. Never holds event
-- content: only where (sequence, origin) and what (hash of the offending event, or of the raw record when it could
-- not be decoded). site_code is soft: a record keyed by a site that is not enrolled is recorded here too.
CREATE TABLE quarantine (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_code     text NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('FORK', 'BROKEN_CHAIN', 'BAD_SIGNATURE', 'UNKNOWN_KEY',
                      'KEY_OF_ANOTHER_SITE', 'WRONG_SITE', 'UNDECODABLE', 'SECRET_CONTENT', 'UNKNOWN_SITE',
                      'APPLY_FAILED')),
    sequence      bigint,
    event_hash    bytea,
    -- The offending event's signature: a release that discards it keeps a correctly signed copy of the same event.
    event_signature bytea,
    detail        text NOT NULL,
    origin        text NOT NULL,
    raised_at     timestamptz NOT NULL,
    released_at   timestamptz,
    released_by   text
);
CREATE INDEX quarantine_open ON quarantine (site_code) WHERE released_at IS NULL;

-- ---------------------------------------------------------------------------------------------------------------
-- Projections. last_sequence = sequence of the event (of site_code) that last changed the row.

CREATE TABLE fonds (
    fonds_code         text PRIMARY KEY,
    site_code          text NOT NULL REFERENCES sites (site_code),
    name               text NOT NULL,
    creating_body      text NOT NULL,
    creating_unit_code text,
    start_date         date,
    end_date           date,
    closed             boolean NOT NULL DEFAULT false,
    last_sequence      bigint NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE TABLE storage_locations (
    site_code            text NOT NULL REFERENCES sites (site_code),
    location_code        text NOT NULL,
    name                 text NOT NULL,
    parent_location_code text,
    address              text,
    area_square_metres   numeric(12, 2) CHECK (area_square_metres >= 0),
    shelf_count          integer CHECK (shelf_count >= 0),
    capacity_metres      numeric(12, 2) CHECK (capacity_metres >= 0),
    last_sequence        bigint NOT NULL,
    updated_at           timestamptz NOT NULL,
    PRIMARY KEY (site_code, location_code)
);

-- Totals for backlog not itemised yet; the latest report of a site for a fonds replaces earlier ones.
CREATE TABLE extents (
    site_code                text NOT NULL REFERENCES sites (site_code),
    fonds_code               text NOT NULL,
    sorted_metres            numeric(12, 2) NOT NULL CHECK (sorted_metres >= 0),
    unsorted_metres          numeric(12, 2) NOT NULL CHECK (unsorted_metres >= 0),
    ready_to_digitize_metres numeric(12, 2) NOT NULL CHECK (ready_to_digitize_metres >= 0),
    as_of                    date NOT NULL,
    last_sequence            bigint NOT NULL,
    updated_at               timestamptz NOT NULL,
    PRIMARY KEY (site_code, fonds_code)
);

CREATE TABLE boxes (
    site_code     text NOT NULL REFERENCES sites (site_code),
    box_code      text NOT NULL,
    fonds_code    text NOT NULL,
    location_code text,
    metres        numeric(12, 2) NOT NULL CHECK (metres >= 0),
    state         text NOT NULL CHECK (state IN ('PACKED', 'SEALED')),
    seal_number   text,
    custody_state text NOT NULL DEFAULT 'AT_SITE'
                  CHECK (custody_state IN ('AT_SITE', 'IN_TRANSIT', 'RECEIVED', 'RECEIVED_WITH_DISCREPANCIES')),
    handover_id   uuid,
    last_sequence bigint NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (site_code, box_code),
    CHECK (state <> 'SEALED' OR seal_number IS NOT NULL)
);

-- A file as last recorded (FileRecorded is state-carrying: the latest sequence wins) plus the custody the hub derives
-- from handovers, destructions and withdrawals. Rows are never deleted: a destroyed file keeps its row and gets a
-- tombstone; a withdrawn one is marked WITHDRAWN.
CREATE TABLE files (
    fonds_code         text NOT NULL,
    file_code          text NOT NULL,
    site_code          text NOT NULL,
    box_code           text,
    title              text,
    start_date         date,
    end_date           date,
    sheet_count        integer CHECK (sheet_count >= 0),
    page_count         integer CHECK (page_count >= 0),
    retention          text NOT NULL CHECK (retention IN ('PERMANENT', 'FIXED_TERM')),
    retention_years    integer,
    access_regime      text NOT NULL CHECK (access_regime IN ('OPEN', 'RESTRICTED', 'STATE_SECRET')),
    secret_level       text CHECK (secret_level IN ('CONFIDENTIAL', 'SECRET', 'TOP_SECRET')),
    language           text,
    keywords           text[] NOT NULL DEFAULT '{}',
    physical_condition text,
    notes              text,
    custody_state      text NOT NULL DEFAULT 'AT_SITE' CHECK (custody_state IN ('AT_SITE', 'IN_TRANSIT', 'RECEIVED',
                           'RECEIVED_WITH_DISCREPANCIES', 'DESTROYED', 'WITHDRAWN')),
    holding_unit_code  text,
    handover_id        uuid,
    withdrawn_reason   text,
    recorded_sequence  bigint NOT NULL,
    last_sequence      bigint NOT NULL,
    updated_at         timestamptz NOT NULL,
    PRIMARY KEY (fonds_code, file_code),
    CHECK ((retention = 'PERMANENT' AND retention_years IS NULL)
        OR (retention = 'FIXED_TERM' AND retention_years IS NOT NULL AND retention_years > 0)),
    CHECK (secret_level IS NULL OR access_regime = 'STATE_SECRET'),
    -- State secrets (Law 29/2018/QH14, Art. 5): a secret file is a stub, never its content.
    CHECK (access_regime <> 'STATE_SECRET'
        OR (secret_level IS NOT NULL AND title IS NULL AND keywords = '{}' AND notes IS NULL
            AND physical_condition IS NULL)),
    CHECK ((custody_state = 'WITHDRAWN') = (withdrawn_reason IS NOT NULL))
);

-- The latest appraisal of a file replaces earlier ones. Soft reference to files: the appraising site may be another
-- than the recording one and may arrive first.
CREATE TABLE appraisals (
    fonds_code           text NOT NULL,
    file_code            text NOT NULL,
    site_code            text NOT NULL,
    decision             text NOT NULL CHECK (decision IN ('TRANSFER_TO_HISTORICAL', 'KEEP_AT_SUCCESSOR', 'DESTROY')),
    basis                text,
    council_decision_ref text,
    appraised_on         date NOT NULL,
    last_sequence        bigint NOT NULL,
    updated_at           timestamptz NOT NULL,
    PRIMARY KEY (fonds_code, file_code)
);

-- Scans of a file. The hub checks the file is known and not a state secret before accepting them, hence the key.
CREATE TABLE digital_objects (
    fonds_code     text NOT NULL,
    file_code      text NOT NULL,
    object_key     text NOT NULL,
    site_code      text NOT NULL,
    sha256         bytea NOT NULL CHECK (length(sha256) = 32),
    size_bytes     bigint NOT NULL CHECK (size_bytes >= 0),
    media_type     text NOT NULL,
    page_count     integer CHECK (page_count >= 0),
    resolution_dpi integer CHECK (resolution_dpi > 0),
    last_sequence  bigint NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (fonds_code, file_code, object_key),
    FOREIGN KEY (fonds_code, file_code) REFERENCES files (fonds_code, file_code)
);

-- A handover is complete when both sides have recorded it; either may arrive first.
CREATE TABLE handovers (
    handover_id             uuid PRIMARY KEY,
    status                  text NOT NULL CHECK (status IN ('IN_TRANSIT', 'RECEIPT_ONLY', 'RECEIVED',
                                'RECEIVED_WITH_DISCREPANCIES')),
    sender_site_code        text,
    receiver_kind           text CHECK (receiver_kind IN ('SUCCESSOR_UNIT', 'HISTORICAL_ARCHIVE', 'OTHER_BODY')),
    receiving_unit_code     text,
    receiving_site_code     text,
    minutes_number          text,
    metres                  numeric(12, 2) CHECK (metres >= 0),
    handed_over_on          date,
    sent_sequence           bigint,
    receiver_site_code      text,
    received_minutes_number text,
    received_metres         numeric(12, 2) CHECK (received_metres >= 0),
    received_on             date,
    discrepancies           text,
    received_sequence       bigint,
    updated_at              timestamptz NOT NULL,
    CHECK ((sender_site_code IS NULL) = (sent_sequence IS NULL)),
    CHECK ((receiver_site_code IS NULL) = (received_sequence IS NULL)),
    CHECK (sender_site_code IS NOT NULL OR receiver_site_code IS NOT NULL)
);

-- What each side listed: item_key is the sender's box code, or 'fondsCode/fileCode'.
CREATE TABLE handover_items (
    handover_id uuid NOT NULL REFERENCES handovers (handover_id),
    item_kind   text NOT NULL CHECK (item_kind IN ('BOX', 'FILE')),
    item_key    text NOT NULL,
    sent        boolean NOT NULL DEFAULT false,
    received    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (handover_id, item_kind, item_key),
    CHECK (sent OR received)
);

-- Every destruction the hub saw, applied or refused (a refused one destroys nothing and raises an alert).
CREATE TABLE destructions (
    destruction_id  uuid PRIMARY KEY,
    site_code       text NOT NULL REFERENCES sites (site_code),
    decision_ref    text NOT NULL,
    first_approver  text NOT NULL,
    second_approver text NOT NULL,
    minutes_number  text NOT NULL,
    metres          numeric(12, 2) NOT NULL CHECK (metres >= 0),
    destroyed_on    date NOT NULL,
    status          text NOT NULL CHECK (status IN ('APPLIED', 'REFUSED')),
    refusal         text,
    sequence        bigint NOT NULL,
    recorded_at     timestamptz NOT NULL,
    CHECK ((status = 'REFUSED') = (refusal IS NOT NULL)),
    -- Two distinct approvers, or the destruction is refused.
    CHECK (status = 'REFUSED' OR lower(btrim(first_approver)) <> lower(btrim(second_approver)))
);

-- What was destroyed, when, by which decision and minutes. Never a silent delete.
CREATE TABLE tombstones (
    fonds_code     text NOT NULL,
    file_code      text NOT NULL,
    destruction_id uuid NOT NULL REFERENCES destructions (destruction_id),
    decision_ref   text NOT NULL,
    minutes_number text NOT NULL,
    destroyed_on   date NOT NULL,
    site_code      text NOT NULL,
    sequence       bigint NOT NULL,
    recorded_at    timestamptz NOT NULL,
    PRIMARY KEY (fonds_code, file_code),
    FOREIGN KEY (fonds_code, file_code) REFERENCES files (fonds_code, file_code)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Search. Titles and keywords are found without diacritics ("cai nuoc" finds "Cái Nước") through a trigram index on
-- archive_fold(text). Measured on this machine, a GIN trigram index maintained by the ingest transaction cuts the file
-- upsert from ~120,000 to ~30,000 rows/s whatever gin_pending_list_limit is (fastupdate off: ~5,000), so the index
-- lives on a separate projection, file_search, that an indexer fills after commit from the event log: for each site,
-- the FileRecorded events between search_cursors.last_sequence and site_cursors.last_sequence (a range scan of the
-- events key, nothing extra on the hot path). Searches read file_search through the index plus the few files not
-- indexed yet (the same range, folded on the fly), so new rows are found at once.
CREATE TABLE file_search (
    fonds_code text NOT NULL,
    file_code  text NOT NULL,
    document   text NOT NULL,
    PRIMARY KEY (fonds_code, file_code)
);
CREATE INDEX file_search_document ON file_search USING gin (document gin_trgm_ops)
    WITH (fastupdate = on, gin_pending_list_limit = 16384);

CREATE TABLE search_cursors (
    site_code     text PRIMARY KEY REFERENCES sites (site_code),
    last_sequence bigint NOT NULL CHECK (last_sequence >= 0)
);

-- ---------------------------------------------------------------------------------------------------------------
-- Alerts, as stored for the console and sent to archive.alerts.
CREATE TABLE alerts (
    alert_id        uuid PRIMARY KEY,
    kind            text NOT NULL,
    site_code       text NOT NULL,
    sequence        bigint,
    detail          text NOT NULL,
    raised_at       timestamptz NOT NULL,
    acknowledged_at timestamptz
);
CREATE INDEX alerts_site ON alerts (site_code, raised_at DESC);

-- The transactional outbox: written in the ingest transaction, sent to Kafka after commit, deleted once acknowledged.
-- The state of a file is read at send time (a compacted topic needs only the latest), so a row only says which files
-- changed: CATALOGUE_RANGE rows name a range of a site's event log (key = site code, payload = two big-endian int64,
-- first and last sequence) whose events' subjects are the files, one row per site and batch however many files an
-- import touched; CATALOGUE_FILE rows name one file changed by another site's event (a handover, a destruction).
-- SITE_CURSOR rows carry the Avro binary of the SiteCursor as committed; ALERT rows the alert's UTF-8 JSON.
CREATE TABLE outbox (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('CATALOGUE_RANGE', 'CATALOGUE_FILE', 'SITE_CURSOR', 'ALERT')),
    message_key text NOT NULL,
    payload     bytea,
    created_at  timestamptz NOT NULL,
    CHECK ((kind = 'CATALOGUE_FILE') = (payload IS NULL)),
    CHECK (kind <> 'CATALOGUE_RANGE' OR length(payload) = 16)
);
