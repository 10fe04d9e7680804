-- The records model (#16), boxes: every fonds numbers its boxes from H001, so a box is identified by its fonds and its
-- number, never by the office and the number. site_code stays as the office that recorded the box; who may record
-- it is the fonds' holder (V15). From now on refused_events.record names a box 'box fondsCode/boxCode'.

-- Offices never had two fonds' boxes under one number before (the old key refused it), but two offices may have
-- recorded the same (fonds, box): the newest description is kept.
DELETE FROM boxes b USING boxes newer
WHERE newer.fonds_code = b.fonds_code AND newer.box_code = b.box_code
  AND (newer.updated_at, newer.site_code) > (b.updated_at, b.site_code);

-- What a handover lists: a BOX item is (fonds_code, item_key = box number); a FILE item keeps item_key
-- 'fondsCode/fileCode' and its fonds in fonds_code too. Existing box items take the fonds of the sender's box.
ALTER TABLE handover_items ADD COLUMN fonds_code text;
UPDATE handover_items SET fonds_code = split_part(item_key, '/', 1) WHERE item_kind = 'FILE';
UPDATE handover_items i SET fonds_code = b.fonds_code
FROM handovers h, boxes b
WHERE i.item_kind = 'BOX' AND h.handover_id = i.handover_id AND b.site_code = h.sender_site_code
  AND b.box_code = i.item_key;
-- A box only a receipt listed, of a box the hub never saw: its fonds is not known.
UPDATE handover_items SET fonds_code = '' WHERE fonds_code IS NULL;
ALTER TABLE handover_items ALTER COLUMN fonds_code SET NOT NULL;
ALTER TABLE handover_items DROP CONSTRAINT handover_items_pkey;
ALTER TABLE handover_items ADD PRIMARY KEY (handover_id, item_kind, fonds_code, item_key);
CREATE INDEX handover_items_box ON handover_items (fonds_code, item_key) WHERE item_kind = 'BOX';

ALTER TABLE boxes DROP CONSTRAINT boxes_pkey;
ALTER TABLE boxes ADD PRIMARY KEY (fonds_code, box_code);
CREATE INDEX boxes_site ON boxes (site_code, box_code);

-- The last day of the period a date with its precision names (V21: the date is the first day of that period): a
-- file dated "2003" reaches until 2003-12-31 when filtering by dates.
CREATE FUNCTION archive_period_end(d date, stated text) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN CASE stated WHEN 'YEAR' THEN (d + interval '1 year')::date - 1
                          WHEN 'MONTH' THEN (d + interval '1 month')::date - 1
                          ELSE d END;
