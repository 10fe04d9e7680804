-- Reference data of the 2025 merger (org.archivesync.hub.lineage): units with their official codes and validity,
-- and the lineage between them, loaded from the CSV files under reference/ and from operators' uploads.
--
-- Official codes are reused: most new communes took the code of one of their old communes (32155 is the old xã
-- Tạ An Khương until 2025-06-30 and the new xã Tạ An Khương from 2025-07-01), and the new tỉnh Cà Mau kept 96. A
-- unit is therefore keyed by its code and the first day of its validity: unit_code = official_code for a unit whose
-- start is not known (the old units), official_code || '@' || valid_from otherwise ('32155@2025-07-01').
-- Everything else in the catalogue (sites.unit_code, fonds.creating_unit_code, handovers.receiving_unit_code) names
-- units by official code; archive_unit_ref() resolves such a reference as of a date.

ALTER TABLE units ALTER COLUMN valid_from DROP NOT NULL;
ALTER TABLE units DROP CONSTRAINT units_level_check;
-- TOWNSHIP = thị trấn (a commune-level town, old units only).
ALTER TABLE units ADD CONSTRAINT units_level_check
    CHECK (level IN ('PROVINCE', 'DISTRICT', 'COMMUNE', 'WARD', 'TOWNSHIP'));
ALTER TABLE units
    ADD COLUMN official_code text,
    -- The type as the source writes it: tinh, thanh_pho, thi_xa, huyen, xa, phuong, thi_tran.
    ADD COLUMN unit_type     text,
    ADD COLUMN source        text,
    -- valid_to as a CSV declared it; valid_to itself is the day before the unit's first lineage row takes effect,
    -- when it has one, else this.
    ADD COLUMN declared_valid_to date;
UPDATE units SET official_code = unit_code, unit_type = lower(level) WHERE official_code IS NULL;
ALTER TABLE units ALTER COLUMN official_code SET NOT NULL;
ALTER TABLE units ALTER COLUMN unit_type SET NOT NULL;
ALTER TABLE units ADD CONSTRAINT units_key_check
    CHECK (unit_code = CASE WHEN valid_from IS NULL THEN official_code ELSE official_code || '@' || valid_from END);
CREATE UNIQUE INDEX units_official_code ON units (official_code, valid_from) NULLS NOT DISTINCT;
CREATE INDEX units_parent ON units (parent_unit_code);

-- derived: a district's row, implied by the rows of its communes (the district level ended; its territory went to the
-- new units through its communes, always in part).
ALTER TABLE unit_lineage
    ADD COLUMN derived boolean NOT NULL DEFAULT false,
    ADD COLUMN source  text;

-- The lineage queries look fonds up by their creating unit.
CREATE INDEX fonds_creating_unit ON fonds (creating_unit_code);

-- Every load of reference data, shipped or uploaded: the checksum makes the start-up load run once per data version.
CREATE TABLE reference_loads (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    origin         text NOT NULL CHECK (origin IN ('BUNDLED', 'UPLOAD')),
    kind           text NOT NULL CHECK (kind IN ('UNITS', 'LINEAGE', 'BUNDLE')),
    checksum       text NOT NULL CHECK (checksum ~ '^[0-9a-f]{64}$'),
    loaded_by      text NOT NULL,
    rows_read      integer NOT NULL,
    rows_rejected  integer NOT NULL,
    units_changed  integer NOT NULL,
    lineage_changed integer NOT NULL,
    loaded_at      timestamptz NOT NULL
);
CREATE INDEX reference_loads_checksum ON reference_loads (origin, checksum);

-- The units a reference names as of a date. A reference with '@' is a unit key. Otherwise it is an official code: the
-- unit with that code valid on `at`; when none was valid then (or `at` is null), every unit that ever had the code.
CREATE FUNCTION archive_unit_ref(ref text, at date) RETURNS SETOF text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH candidates AS (
        SELECT unit_code, valid_from, valid_to FROM units
        WHERE (strpos(ref, '@') > 0 AND unit_code = ref) OR (strpos(ref, '@') = 0 AND official_code = ref)),
    valid AS (
        SELECT unit_code FROM candidates
        WHERE at IS NOT NULL AND (valid_from IS NULL OR valid_from <= at) AND (valid_to IS NULL OR valid_to >= at))
    SELECT unit_code FROM valid
    UNION ALL
    SELECT unit_code FROM candidates WHERE NOT EXISTS (SELECT 1 FROM valid)
$$;

-- Files received by a unit (holding_unit_code is set only by a completed handover, never by the ingest hot path's
-- file upsert, so this partial index costs ingest nothing).
CREATE INDEX files_holding_unit ON files (holding_unit_code) WHERE holding_unit_code IS NOT NULL;
CREATE INDEX sites_unit ON sites (unit_code);
