-- Progress (#17) reads packed and sealed metres per fonds and storage location as the larger of what the office last
-- reported there and the boxes it itemised there (Cái Nước: ~1,500 m reported packed beside a few dozen listed boxes).
-- The progress recorder's memory keeps what that rule needs: each box's location and metres (the latest description
-- wins: a box may move, change metres or be recorded packed again), and per fonds and location the metres of its
-- boxes and of the sealed ones, so an event reads a few rows per fonds rather than all its boxes.
-- Its tables are derived from the event log only, so they are emptied here (as V23 did) and the recorder recounts
-- every site's activity from sequence 1 on its next pass.
TRUNCATE progress_activity, progress_boxes, progress_extents, progress_handovers, progress_cursors;

ALTER TABLE progress_boxes
    ADD COLUMN location_code text,
    ADD COLUMN metres numeric(14, 2) NOT NULL;

--   location_code  as the box names it, '' for boxes without a location (as Progress coalesces them).
CREATE TABLE progress_box_locations (
    site_code     text NOT NULL,
    fonds_code    text NOT NULL,
    location_code text NOT NULL,
    metres        numeric(14, 2) NOT NULL,
    sealed_metres numeric(14, 2) NOT NULL,
    PRIMARY KEY (site_code, fonds_code, location_code)
);
