-- The records model (#16), extents: an office reports its totals per fonds and storage location, with the metres and
-- boxes already packed and sealed in bulk, so a district can say "1,500 m packed" without itemising 15,000 boxes.
--   location_code  the storage location (kho / điểm lưu trữ) the totals are for; NULL = the fonds as a whole, as in
--                  ExtentReported. Kept NULL rather than a sentinel such as '' so that no real code can collide with
--                  it and the column still joins storage_locations; the key treats NULLs as equal (NULLS NOT DISTINCT),
--                  so the latest whole-fonds report replaces the previous one like any other.
--                  Soft: a location the site never registered is kept (and flagged by an alert).
--   packed_metres / sealed_metres / packed_boxes / sealed_boxes  NULL = not reported; packed <= sorted, sealed <= packed.
-- A fonds' totals are its per-location rows when it has any, else its whole-fonds row.

ALTER TABLE extents DROP CONSTRAINT extents_pkey;
ALTER TABLE extents
    ADD COLUMN location_code text,
    ADD COLUMN packed_metres numeric(12, 2) CHECK (packed_metres >= 0),
    ADD COLUMN sealed_metres numeric(12, 2) CHECK (sealed_metres >= 0),
    ADD COLUMN packed_boxes  integer CHECK (packed_boxes >= 0),
    ADD COLUMN sealed_boxes  integer CHECK (sealed_boxes >= 0),
    ADD CONSTRAINT extents_packed_within_sorted CHECK (packed_metres IS NULL OR packed_metres <= sorted_metres),
    ADD CONSTRAINT extents_sealed_within_packed CHECK (sealed_metres IS NULL OR sealed_metres <= coalesce(packed_metres, 0));
ALTER TABLE extents ADD CONSTRAINT extents_key UNIQUE NULLS NOT DISTINCT (site_code, fonds_code, location_code);

-- The progress recorder's memory follows: boxes are named within their fonds (#16), extents per location with what is
-- packed and sealed. Its tables are derived from the event log only, so they are emptied here and the recorder
-- recounts every site's activity from sequence 1 on its next pass.
TRUNCATE progress_activity, progress_boxes, progress_extents, progress_handovers, progress_cursors;

ALTER TABLE progress_boxes DROP CONSTRAINT progress_boxes_pkey;
ALTER TABLE progress_boxes ADD COLUMN fonds_code text NOT NULL;
ALTER TABLE progress_boxes ADD PRIMARY KEY (site_code, fonds_code, box_code);

ALTER TABLE progress_extents DROP CONSTRAINT progress_extents_pkey;
ALTER TABLE progress_extents
    ADD COLUMN location_code text,
    ADD COLUMN packed_metres numeric(14, 2) NOT NULL DEFAULT 0,
    ADD COLUMN sealed_metres numeric(14, 2) NOT NULL DEFAULT 0;
ALTER TABLE progress_extents ADD CONSTRAINT progress_extents_key UNIQUE NULLS NOT DISTINCT (site_code, fonds_code, location_code);
