-- The catalogue as of a past day (org.archivesync.hub.asof) keeps copies of the projections in schemas as_of_yyyyMMdd
-- and must rebuild them once the event log was redacted (a file became a state secret): a copy keeps no text the log
-- let go of. Only redacted rows are in this index, so asking for the newest redaction is one index lookup, and an
-- event ingest stores (redacted_at null) adds no entry to it.
CREATE INDEX events_redacted_at ON events (redacted_at) WHERE redacted_at IS NOT NULL;
