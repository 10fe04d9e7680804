-- Records keyed as a site that are no evidence against it (org.archivesync.hub.ingest): bytes that do not decode, an
-- envelope naming another site, a signature that does not verify with the site's own key, an unsigned event that
-- conflicts with the site's signed chain. Anyone who may write to the inbound topic can produce them, so they never
-- quarantine the site: they are kept out of its stream, stored here by hash (never their bytes) and alerted.
CREATE TABLE set_aside_records (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    site_code     text   NOT NULL REFERENCES sites (site_code),
    -- The chain hash; for UNDECODABLE, SHA-256 of the record's value.
    hash          bytea  NOT NULL CHECK (length(hash) = 32),
    -- The envelope's sequence; null when the bytes did not decode.
    sequence      bigint,
    reason        text   NOT NULL CHECK (reason IN ('UNDECODABLE', 'WRONG_SITE', 'BAD_SIGNATURE', 'UNKNOWN_KEY',
                      'KEY_OF_ANOTHER_SITE', 'UNSIGNED_FORK', 'UNSIGNED_BROKEN_CHAIN', 'LOST_TO_SIGNED')),
    detail        text   NOT NULL,
    -- topic-partition@offset (or the bundle) where it was first seen.
    origin        text   NOT NULL,
    first_seen_at timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    -- How often the same record was seen again (a redelivery, a replay).
    times_seen    bigint NOT NULL DEFAULT 1 CHECK (times_seen > 0),
    UNIQUE (site_code, hash, reason)
);
CREATE INDEX set_aside_records_site ON set_aside_records (site_code, last_seen_at DESC);

-- Alerts raised for a flood are rate-limited per site and kind: one alert per interval, the records seen in between
-- counted and named in the next one.
CREATE TABLE ingest_alert_limits (
    site_code  text NOT NULL REFERENCES sites (site_code),
    kind       text NOT NULL,
    alerted_at timestamptz NOT NULL,
    -- Records counted since the last alert, not alerted yet.
    unalerted  bigint NOT NULL DEFAULT 0 CHECK (unalerted >= 0),
    PRIMARY KEY (site_code, kind)
);

-- Parked events are bounded per site, in count and bytes. The totals are kept beside the cursor by statement
-- triggers, so that every way rows come and go (a batch, a release, a COPY) keeps them exact without counting a
-- site's parked rows on every batch.
ALTER TABLE site_cursors
    ADD COLUMN parked_count bigint NOT NULL DEFAULT 0 CHECK (parked_count >= 0),
    ADD COLUMN parked_bytes bigint NOT NULL DEFAULT 0 CHECK (parked_bytes >= 0);

UPDATE site_cursors c SET parked_count = p.n, parked_bytes = p.bytes
FROM (SELECT site_code, count(*) AS n, coalesce(sum(octet_length(body)), 0) AS bytes
      FROM parked_events GROUP BY site_code) p
WHERE c.site_code = p.site_code;

CREATE FUNCTION parked_totals_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE site_cursors c SET parked_count = c.parked_count + p.n, parked_bytes = c.parked_bytes + p.bytes
    FROM (SELECT site_code, count(*) AS n, coalesce(sum(octet_length(body)), 0) AS bytes
          FROM added GROUP BY site_code) p
    WHERE c.site_code = p.site_code;
    RETURN NULL;
END $$;

CREATE FUNCTION parked_totals_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE site_cursors c SET parked_count = c.parked_count - p.n, parked_bytes = c.parked_bytes - p.bytes
    FROM (SELECT site_code, count(*) AS n, coalesce(sum(octet_length(body)), 0) AS bytes
          FROM removed GROUP BY site_code) p
    WHERE c.site_code = p.site_code;
    RETURN NULL;
END $$;

CREATE TRIGGER parked_events_added AFTER INSERT ON parked_events
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION parked_totals_added();
CREATE TRIGGER parked_events_removed AFTER DELETE ON parked_events
    REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION parked_totals_removed();

-- A parked event is vouched for once it is known to be an ancestor (through previousHash links) of a parked event
-- whose signature verifies with the site's own key. A long unsigned run (an import of N rows is N unsigned events
-- until its last, signed one) is then applied in slices, each much smaller than the run, without holding the run in
-- memory to reach its signature.
ALTER TABLE parked_events ADD COLUMN vouched boolean NOT NULL DEFAULT false;
-- Signed events not yet followed back: what the next vouching pass starts from.
CREATE INDEX parked_events_unvouched_signed ON parked_events (site_code, sequence)
    WHERE signature IS NOT NULL AND NOT vouched;
