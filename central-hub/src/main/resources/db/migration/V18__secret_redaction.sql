-- A file re-classified as a state secret (or any free text of an event about a secret file) is let go of after the
-- fact: docs/contracts.md, "State secrets after the fact". Owned by org.archivesync.hub.ingest (events) and
-- org.archivesync.hub.outbound (outbox).

-- When the hub rewrote the stored body of this event with its text fields blanked. hash stays the hash the office's
-- chain computed over the original body: a redacted row's body no longer hashes to it, and is accepted on its stored
-- hash (the chain rule's exception for redacted rows).
ALTER TABLE events ADD COLUMN redacted_at timestamptz;

-- CATALOGUE_REDACTED: a file whose earlier published values carried text that is now a state secret; the publisher
-- sends a tombstone for its key, then its current value (the stub). Constraint names as V6 chose them.
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check
    CHECK (kind IN ('CATALOGUE_RANGE', 'CATALOGUE_FILE', 'SITE_CURSOR', 'ALERT', 'SITE_PROGRESS', 'CATALOGUE_REDACTED'));
ALTER TABLE outbox DROP CONSTRAINT outbox_payload_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_payload_check
    CHECK ((kind IN ('CATALOGUE_FILE', 'SITE_PROGRESS', 'CATALOGUE_REDACTED')) = (payload IS NULL));
