-- The records as archivists keep them (issue 16).
-- 1. A box (hộp) is identified by its fonds and its number: every fonds numbers its boxes from H001, so boxes is keyed
--    by (fonds_code, box_code) and a file's box is a box of the file's own fonds.
-- 2. A file keeps its three numbers and where it stands in the mục lục: file_number (hồ sơ số), reference (số và ký
--    hiệu hồ sơ), list_number (mục lục số), series (classification group), place_unit_code; its dates keep their
--    precision (DAY, MONTH, YEAR; the date is the first day of that period); retention admits the legacy values
--    "Lâu dài" (LEGACY_LONG_TERM) and "Tạm thời" (LEGACY_TEMPORARY), without years.
-- 3. Extents are reported per (fonds, storage location), location_code NULL meaning the fonds as a whole, with packed
--    and sealed metres and box counts. SQLite treats NULLs as distinct in a key, so the key is two unique indexes:
--    one on (fonds_code, location_code) for locations and a partial one on fonds_code where location_code IS NULL.
-- Tables are rebuilt the SQLite way (create new, copy, drop, rename); the runner turns foreign keys off around a
-- migration and runs foreign_key_check before committing it, so the data and every foreign key are kept.

-- Handover items of boxes sent before the fonds was part of a box's name: take it from the box (box codes were
-- unique at the office until now). Boxes received from another office keep what the receipt said.
UPDATE handover_items SET fonds_code = (SELECT b.fonds_code FROM boxes b WHERE b.box_code = handover_items.box_code)
WHERE item_kind = 'BOX' AND fonds_code IS NULL AND direction = 'SENT';

CREATE TABLE boxes_v7 (
    fonds_code    TEXT    NOT NULL REFERENCES fonds (fonds_code),
    box_code      TEXT    NOT NULL,
    location_code TEXT REFERENCES storage_locations (location_code),
    metres        TEXT    NOT NULL,
    state         TEXT    NOT NULL CHECK (state IN ('PACKED', 'SEALED')),
    seal_number   TEXT,
    custody       TEXT    NOT NULL DEFAULT 'AT_SITE' CHECK (custody IN ('AT_SITE', 'HANDED_OVER')),
    last_sequence INTEGER NOT NULL,
    PRIMARY KEY (fonds_code, box_code),
    CHECK (state = 'PACKED' OR seal_number IS NOT NULL)
);
INSERT INTO boxes_v7 (fonds_code, box_code, location_code, metres, state, seal_number, custody, last_sequence)
SELECT fonds_code, box_code, location_code, metres, state, seal_number, custody, last_sequence FROM boxes;
-- The finding of issue 16: packing H001 for a second fonds moved the first fonds' H001, leaving its files in a box of
-- another fonds. Such a file's box is given back to its fonds as it was when moved; no event is recorded for it (the
-- hub keyed boxes the same way and is corrected by its own migration).
INSERT INTO boxes_v7 (fonds_code, box_code, location_code, metres, state, seal_number, custody, last_sequence)
SELECT DISTINCT f.fonds_code, f.box_code, b.location_code, b.metres, b.state, b.seal_number, b.custody, b.last_sequence
FROM files f JOIN boxes b ON b.box_code = f.box_code
WHERE f.fonds_code <> b.fonds_code;

CREATE TABLE files_v7 (
    fonds_code         TEXT    NOT NULL REFERENCES fonds (fonds_code),
    file_code          TEXT    NOT NULL,
    file_number        TEXT,
    reference          TEXT,
    list_number        TEXT,
    series             TEXT,
    place_unit_code    TEXT,
    box_code           TEXT,
    title              TEXT,
    start_date         TEXT,
    start_precision    TEXT    NOT NULL DEFAULT 'DAY' CHECK (start_precision IN ('DAY', 'MONTH', 'YEAR')),
    end_date           TEXT,
    end_precision      TEXT    NOT NULL DEFAULT 'DAY' CHECK (end_precision IN ('DAY', 'MONTH', 'YEAR')),
    sheet_count        INTEGER,
    page_count         INTEGER,
    retention          TEXT    NOT NULL CHECK (retention IN ('PERMANENT', 'FIXED_TERM', 'LEGACY_LONG_TERM',
                                                             'LEGACY_TEMPORARY')),
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
    -- A file's box is a box of its own fonds.
    FOREIGN KEY (fonds_code, box_code) REFERENCES boxes (fonds_code, box_code),
    -- Years only for a fixed term: permanent and the legacy values are never turned into a number of years.
    CHECK (retention = 'FIXED_TERM' OR retention_years IS NULL),
    -- Law 29/2018/QH14 Art. 5: a state-secret file is a stub on this networked PC, whatever path wrote it.
    CHECK (access_regime <> 'STATE_SECRET' OR (title IS NULL AND keywords IS NULL AND physical_condition IS NULL
        AND notes IS NULL AND start_date IS NULL AND end_date IS NULL AND page_count IS NULL AND language IS NULL))
);
INSERT INTO files_v7 (fonds_code, file_code, box_code, title, start_date, end_date, sheet_count, page_count, retention,
                      retention_years, access_regime, secret_level, language, keywords, physical_condition, notes,
                      status, destruction_id, last_sequence)
SELECT fonds_code, file_code, box_code, title, start_date, end_date, sheet_count, page_count, retention,
       retention_years, access_regime, secret_level, language, keywords, physical_condition, notes, status,
       destruction_id, last_sequence
FROM files;

DROP TABLE files;
DROP TABLE boxes;
ALTER TABLE boxes_v7 RENAME TO boxes;
ALTER TABLE files_v7 RENAME TO files;
CREATE INDEX files_by_box ON files (fonds_code, box_code) WHERE box_code IS NOT NULL;

CREATE TABLE extents_v7 (
    fonds_code               TEXT    NOT NULL REFERENCES fonds (fonds_code),
    location_code            TEXT REFERENCES storage_locations (location_code),
    sorted_metres            TEXT    NOT NULL,
    packed_metres            TEXT,
    sealed_metres            TEXT,
    packed_boxes             INTEGER CHECK (packed_boxes >= 0),
    sealed_boxes             INTEGER CHECK (sealed_boxes >= 0),
    unsorted_metres          TEXT    NOT NULL,
    ready_to_digitize_metres TEXT    NOT NULL,
    as_of                    TEXT    NOT NULL,
    last_sequence            INTEGER NOT NULL
);
INSERT INTO extents_v7 (fonds_code, location_code, sorted_metres, unsorted_metres, ready_to_digitize_metres, as_of,
                        last_sequence)
SELECT fonds_code, NULL, sorted_metres, unsorted_metres, ready_to_digitize_metres, as_of, last_sequence FROM extents;
DROP TABLE extents;
ALTER TABLE extents_v7 RENAME TO extents;
CREATE UNIQUE INDEX extents_per_location ON extents (fonds_code, location_code) WHERE location_code IS NOT NULL;
CREATE UNIQUE INDEX extents_whole_fonds ON extents (fonds_code) WHERE location_code IS NULL;
