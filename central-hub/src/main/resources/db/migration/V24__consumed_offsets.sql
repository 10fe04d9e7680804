-- Where ingest (org.archivesync.hub.ingest) stands in each partition of the offices' topics: the offset of the next
-- record to read. Written in the same transaction as the events it follows, so the catalogue and its consumed position
-- cannot diverge; on partition assignment the consumer seeks here (Kafka's committed offsets are only advisory). A
-- database restored from a backup carries the positions of its own moment and the hub replays what it lacks; a
-- partition without a row is read from its beginning (redelivered events are skipped by the sequence guard).
CREATE TABLE consumed_offsets (
    topic       text        NOT NULL,
    partition   integer     NOT NULL,
    next_offset bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (topic, partition)
);
