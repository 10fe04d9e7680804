-- How far each office's clock is off (org.archivesync.hub.ingest): its as-sent-at header against the broker's append
-- time of the same record (the office topics use LogAppendTime), in ms, positive when the office is ahead; null until
-- a record with both was received. clock_skew_at: when it was last measured.
ALTER TABLE site_links ADD COLUMN clock_skew_ms bigint, ADD COLUMN clock_skew_at timestamptz;
